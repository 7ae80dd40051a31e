// Test harness for the alert role: an embedded Kafka (librdkafka mock cluster), a
// producer for alerts.v1, temp dirs, and an AlertDispatcher running on its own thread.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/core/time_util.h"
#include "pipeline/kafka/embedded_cluster.h"
#include "pipeline/kafka/producer.h"
#include "pipeline/sinks/alert_dispatcher.h"
#include "pipeline/sinks/sink_factory.h"

namespace stormwatch::testing {

inline std::string MakeTempDir(const std::string& prefix) {
  std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (mkdtemp(tmpl.data()) == nullptr) return "";
  return tmpl;
}

inline int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Polls `done` every 50 ms up to `timeout`.
inline bool WaitFor(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

inline v1::Alert TestAlert(const std::string& id, v1::AlertState state = v1::FIRING,
                           v1::Severity severity = v1::WARNING, const std::string& scope = "brand") {
  v1::Alert a;
  a.set_id(id);
  a.set_kind(v1::SPIKE);
  a.set_brand("telenova");
  a.set_scope(scope);
  a.set_severity(severity);
  a.set_state(state);
  const int64_t now = WallMs();
  *a.mutable_starts_at() = FromMillis(now - 60'000);
  *a.mutable_event_time() = FromMillis(now);
  if (state == v1::RESOLVED) *a.mutable_ends_at() = FromMillis(now);
  a.set_summary("50 mentions of telenova within 5 min");
  (*a.mutable_evidence()->mutable_values())["count"] = 50;
  return a;
}

class DispatcherHarness {
 public:
  DispatcherHarness() {
    auto cluster = EmbeddedKafkaCluster::Create(1, StormwatchTopics(DefaultPipelineConfig(), 1));
    EXPECT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = *std::move(cluster);
    auto producer = KafkaProducer::Create({.brokers = cluster_->bootstrap_servers(),
                                           .client_id = "test-alerts"});
    EXPECT_TRUE(producer.ok()) << producer.status();
    producer_ = *std::move(producer);
    outbox_dir_ = MakeTempDir("outbox-test");
  }
  ~DispatcherHarness() {
    StopDispatcher();
    std::error_code ec;
    std::filesystem::remove_all(outbox_dir_, ec);
  }

  PipelineConfig Config() const {
    PipelineConfig config;
    config.kafka.brokers = cluster_->bootstrap_servers();
    config.kafka.embedded = true;  // short group timers
    config.http.listen = "";
    config.alerting.outbox_dir = outbox_dir_;
    config.alerting.tick_ms = 100;
    config.sinks.clear();
    return config;
  }

  void Publish(const v1::Alert& alert) {
    ASSERT_TRUE(producer_->Produce(TopicsConfig().alerts, alert.id(), alert.SerializeAsString()).ok());
    ASSERT_TRUE(producer_->Flush(10'000).ok());
  }

  // Builds the configured sinks and starts the dispatcher; waits for its assignment.
  void StartDispatcher(const PipelineConfig& config,
                       std::vector<std::unique_ptr<AlertSink>> extra = {}) {
    auto sinks = MakeSinks(config.sinks, std::cout, &config.kafka);
    ASSERT_TRUE(sinks.ok()) << sinks.status();
    for (auto& s : extra) sinks->push_back(std::move(s));
    auto dispatcher = AlertDispatcher::Create(config, *std::move(sinks));
    ASSERT_TRUE(dispatcher.ok()) << dispatcher.status();
    dispatcher_ = *std::move(dispatcher);
    thread_ = std::thread([this] { run_status_ = dispatcher_->Run(); });
    ASSERT_TRUE(WaitFor([&] { return dispatcher_->ready(); }, std::chrono::seconds(30)));
  }

  void StopDispatcher() {
    if (!dispatcher_) return;
    dispatcher_->Stop();
    if (thread_.joinable()) thread_.join();
    EXPECT_TRUE(run_status_.ok()) << run_status_;
    dispatcher_.reset();
  }

  AlertDispatcher& dispatcher() { return *dispatcher_; }
  EmbeddedKafkaCluster& cluster() { return *cluster_; }
  const std::string& brokers() const { return cluster_->bootstrap_servers(); }

 private:
  std::unique_ptr<EmbeddedKafkaCluster> cluster_;
  std::unique_ptr<KafkaProducer> producer_;
  std::string outbox_dir_;
  std::unique_ptr<AlertDispatcher> dispatcher_;
  std::thread thread_;
  absl::Status run_status_;
};

}  // namespace stormwatch::testing
