// Alert dispatcher with escalation and the durable outbox; see alert_dispatcher.h.
#include "pipeline/sinks/alert_dispatcher.h"

#include <httplib.h>
#include <librdkafka/rdkafkacpp.h>
#include <openssl/crypto.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <random>

#include "nlohmann/json.hpp"
#include "operators/escalation/incident_tracker.h"
#include "pipeline/config/secret.h"
#include "pipeline/core/logging.h"
#include "pipeline/core/metrics.h"
#include "pipeline/core/strings.h"
#include "pipeline/kafka/producer.h"
#include "pipeline/sinks/http_delivery.h"
#include "pipeline/sinks/notification.h"
#include "pipeline/sinks/notification_json.h"
#include "pipeline/sinks/outbox/outbox_store.h"

namespace stormwatch {
namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

prometheus::Family<prometheus::Counter>& DeliveriesFamily() {
  static auto& family = prometheus::BuildCounter()
                            .Name("stormwatch_sink_deliveries_total")
                            .Help("Delivery attempts by sink and outcome")
                            .Register(*MetricsRegistry());
  return family;
}
prometheus::Family<prometheus::Counter>& RetriesFamily() {
  static auto& family = prometheus::BuildCounter()
                            .Name("stormwatch_sink_retries_total")
                            .Help("Deliveries scheduled for another attempt, by sink")
                            .Register(*MetricsRegistry());
  return family;
}
prometheus::Family<prometheus::Gauge>& PendingFamily() {
  static auto& family = prometheus::BuildGauge()
                            .Name("stormwatch_outbox_pending")
                            .Help("Deliveries waiting in the outbox, by sink")
                            .Register(*MetricsRegistry());
  return family;
}
prometheus::Family<prometheus::Counter>& DeadLettersFamily() {
  static auto& family = prometheus::BuildCounter()
                            .Name("stormwatch_outbox_dead_letters_total")
                            .Help("Deliveries given up after the sink's max age, by sink")
                            .Register(*MetricsRegistry());
  return family;
}
prometheus::Family<prometheus::Histogram>& LatencyFamily() {
  static auto& family = prometheus::BuildHistogram()
                            .Name("stormwatch_outbox_delivery_seconds")
                            .Help("Time from outbox write to the sink taking a delivery")
                            .Register(*MetricsRegistry());
  return family;
}

}  // namespace

// One sink, its delivery thread and its slice of the outbox.
struct AlertDispatcher::SinkWorker {
  SinkWorker(std::unique_ptr<NotificationSink> s, SinkConfig p)
      : sink(std::move(s)),
        name(sink->name()),
        policy(std::move(p)),
        delivered(DeliveriesFamily().Add({{"sink", name}, {"outcome", "delivered"}})),
        retried(DeliveriesFamily().Add({{"sink", name}, {"outcome", "retry"}})),
        rejected(DeliveriesFamily().Add({{"sink", name}, {"outcome", "rejected"}})),
        dead_lettered(DeliveriesFamily().Add({{"sink", name}, {"outcome", "dead_letter"}})),
        retries(RetriesFamily().Add({{"sink", name}})),
        pending(PendingFamily().Add({{"sink", name}})),
        dead_letters(DeadLettersFamily().Add({{"sink", name}})),
        latency(LatencyFamily().Add({{"sink", name}},
                                    prometheus::Histogram::BucketBoundaries{
                                        0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120, 600, 3600})) {}
  std::unique_ptr<NotificationSink> sink;
  std::string name;
  SinkConfig policy;
  prometheus::Counter& delivered;
  prometheus::Counter& retried;
  prometheus::Counter& rejected;
  prometheus::Counter& dead_lettered;
  prometheus::Counter& retries;
  prometheus::Gauge& pending;
  prometheus::Counter& dead_letters;
  prometheus::Histogram& latency;
  std::thread thread;
  std::mutex mu;
  std::condition_variable cv;
  bool wake ABSL_GUARDED_BY(mu) = false;
  // Owned by the delivery thread:
  std::deque<OutboxDelivery> window;
  uint64_t last_loaded = 0;
  double tokens = 1;
  int64_t last_refill_ms = 0;
  std::mt19937_64 rng{std::random_device{}()};
};

struct AlertDispatcher::ApiCommand {
  std::string action;  // ack | resolve | silence | list
  std::string id;
  std::string actor;
  int64_t minutes = 60;
  std::promise<std::pair<int, std::string>> result;  // HTTP status, JSON body
};

absl::StatusOr<std::unique_ptr<AlertDispatcher>> AlertDispatcher::Create(
    const PipelineConfig& config, std::vector<std::unique_ptr<AlertSink>> sinks) {
  std::unique_ptr<AlertDispatcher> d(new AlertDispatcher(config));
  // Sinks and their delivery policy (extra sinks get the defaults).
  std::vector<IncidentTracker::SinkInfo> infos;
  for (auto& sink : sinks) {
    std::unique_ptr<NotificationSink> ns;
    if (auto* typed = dynamic_cast<NotificationSink*>(sink.get())) {
      sink.release();
      ns.reset(typed);
    } else {
      ns = AdaptAlertSink(std::move(sink));
    }
    SinkConfig policy;
    for (const SinkConfig& c : config.sinks) {
      if (c.name == ns->name()) policy = c;
    }
    for (const auto& w : d->workers_) {
      if (w->name == ns->name()) {
        return absl::InvalidArgumentError(
            StrCat("sinks: two sinks are named '", w->name, "'; set name: on one"));
      }
    }
    infos.push_back({std::string(ns->name()), policy.resend_interval_ms});
    d->workers_.push_back(std::make_unique<SinkWorker>(std::move(ns), std::move(policy)));
  }
  if (!config.alerting.api_token.empty()) {
    absl::StatusOr<std::string> token = ResolveSecret(config.alerting.api_token, "alerting.api_token.secret");
    if (!token.ok()) return token.status();
    d->api_token_ = *token;
  }
  // The outbox: configured, or under the state dir; a throwaway one next to an embedded
  // broker (its offsets and alerts die with the process too).
  d->outbox_dir_ = config.alerting.outbox_dir;
  if (d->outbox_dir_.empty() && config.kafka.embedded) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "stormwatch-outbox-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) return absl::UnavailableError("cannot create a temp outbox");
    d->outbox_dir_ = tmpl;
    d->remove_outbox_dir_ = true;
  } else if (d->outbox_dir_.empty()) {
    d->outbox_dir_ = config.runtime.state_dir + "/alert-outbox";
  }
  absl::StatusOr<std::unique_ptr<OutboxStore>> outbox = OutboxStore::Open(d->outbox_dir_);
  if (!outbox.ok()) return outbox.status();
  d->outbox_ = *std::move(outbox);
  absl::StatusOr<std::unique_ptr<IncidentTracker>> tracker =
      IncidentTracker::Create(config.alerting, std::move(infos), &d->outbox_->incidents());
  if (!tracker.ok()) return tracker.status();
  d->tracker_ = *std::move(tracker);
  // What a crash left in the outbox: its pending count and the groups still open.
  for (const auto& [sink, group] : d->outbox_->PendingGroups()) {
    for (auto& w : d->workers_) {
      if (w->name == sink) w->pending.Increment();
    }
    if (group != 0) ++d->group_remaining_[group];
  }
  KafkaClientOptions options{.brokers = config.kafka.brokers,
                             .client_id = "stormwatch-alert",
                             .group_id = config.kafka.alert_group_id,
                             .embedded_broker = config.kafka.embedded,
                             .properties = config.kafka.properties};
  absl::StatusOr<std::unique_ptr<KafkaProducer>> producer = KafkaProducer::Create(
      {.brokers = config.kafka.brokers, .client_id = "stormwatch-alert-dlq",
       .embedded_broker = config.kafka.embedded, .properties = config.kafka.properties});
  if (!producer.ok()) return producer.status();
  d->dead_letters_ = *std::move(producer);
  absl::StatusOr<std::unique_ptr<KafkaConsumer>> consumer = KafkaConsumer::Create(options, d.get());
  if (!consumer.ok()) return consumer.status();
  d->consumer_ = *std::move(consumer);
  absl::Status subscribed = d->consumer_->Subscribe({config.topics.alerts});
  if (!subscribed.ok()) return subscribed;
  return d;
}

AlertDispatcher::AlertDispatcher(const PipelineConfig& config) : config_(config) {}

AlertDispatcher::~AlertDispatcher() {
  stop_ = true;
  WakeAll();
  for (auto& w : workers_) {
    if (w->thread.joinable()) w->thread.join();
  }
  tracker_.reset();
  outbox_.reset();
  if (remove_outbox_dir_) {
    std::error_code ec;
    std::filesystem::remove_all(outbox_dir_, ec);
  }
}

void AlertDispatcher::OnAssigned(std::vector<RdKafka::TopicPartition*>& partitions) {
  ready_ = true;
}

void AlertDispatcher::WakeAll() {
  for (auto& w : workers_) {
    std::lock_guard<std::mutex> lock(w->mu);
    w->wake = true;
    w->cv.notify_one();
  }
}

size_t AlertDispatcher::StageAll(const std::vector<SinkNotification>& notifications,
                                 uint64_t group, int64_t now_ms) {
  size_t staged = 0;
  for (const SinkNotification& sn : notifications) {
    auto it = std::find_if(workers_.begin(), workers_.end(),
                           [&](const auto& w) { return w->name == sn.sink; });
    if (it == workers_.end()) {
      LogWarning("escalation routed incident ", sn.notification.incident_id, " to unknown sink ",
                 sn.sink);
      continue;
    }
    outbox_->Stage(sn.sink, sn.notification, group, now_ms);
    (*it)->pending.Increment();
    ++staged;
  }
  return staged;
}

void AlertDispatcher::Finish(uint64_t group) {
  if (group == 0) return;
  std::lock_guard<std::mutex> lock(groups_mu_);
  auto it = group_remaining_.find(group);
  if (it == group_remaining_.end()) return;
  if (--it->second <= 0) {
    group_remaining_.erase(it);
    ++alerts_dispatched_;
  }
}

void AlertDispatcher::RunApiCommands(int64_t now_ms,
                                     std::vector<std::shared_ptr<ApiCommand>>& done) {
  std::deque<std::shared_ptr<ApiCommand>> commands;
  {
    std::lock_guard<std::mutex> lock(api_mu_);
    commands.swap(api_queue_);
  }
  for (auto& c : commands) {
    absl::StatusOr<std::vector<SinkNotification>> out = std::vector<SinkNotification>();
    if (c->action == "ack") {
      out = tracker_->Acknowledge(c->id, c->actor, now_ms);
    } else if (c->action == "resolve") {
      out = tracker_->Resolve(c->id, c->actor, now_ms);
    } else if (c->action == "silence") {
      absl::Status s = tracker_->Silence(c->id, now_ms + c->minutes * 60'000);
      if (!s.ok()) out = s;
    }
    std::pair<int, std::string> result;
    if (!out.ok()) {
      const int status = absl::IsNotFound(out.status()) ? 404 : 409;
      result = {status, nlohmann::json{{"error", std::string(out.status().message())}}.dump()};
    } else {
      StageAll(*out, 0, now_ms);
      nlohmann::json body = c->action == "list" ? tracker_->ToJson() : nlohmann::json::object();
      if (c->action != "list") {
        const Incident* incident = tracker_->Find(c->id);
        body = {{"id", c->id},
                {"status", incident ? std::string(IncidentStatusName(incident->status)) : ""},
                {"notifications", out->size()}};
      }
      result = {200, body.dump()};
    }
    // Answered after the commit, so a 200 means the state change is durable.
    c->result.set_value(result);
    done.push_back(std::move(c));
  }
}

absl::Status AlertDispatcher::Run() {
  for (auto& w : workers_) {
    SinkWorker* worker = w.get();
    worker->thread = std::thread([this, worker] { DeliveryLoop(*worker); });
  }
  int64_t next_tick_ms = 0;
  absl::Status status;
  while (!stop_) {
    auto batch = consumer_->ConsumeBatch(500, static_cast<int>(std::min<int64_t>(
                                                  100, config_.alerting.tick_ms)));
    const int64_t now = NowMs();
    int64_t finished_now = 0;
    for (auto& message : batch) {
      v1::Alert alert;
      if (!alert.ParseFromArray(message->payload(), static_cast<int>(message->len()))) {
        LogError("alerts topic: record at ", message->partition(), "/", message->offset(),
                 " is not a stormwatch.v1.Alert; skipped");
        continue;
      }
      const uint64_t group = outbox_->NewGroup();
      const size_t staged = StageAll(tracker_->OnAlert(alert, now), group, now);
      if (staged == 0) {
        ++finished_now;  // deduplicated, silenced or held: nothing to deliver
      } else {
        std::lock_guard<std::mutex> lock(groups_mu_);
        group_remaining_[group] = static_cast<int>(staged);
      }
    }
    std::vector<std::shared_ptr<ApiCommand>> answered;
    RunApiCommands(now, answered);
    if (now >= next_tick_ms) {
      StageAll(tracker_->OnTick(now), 0, now);
      next_tick_ms = now + config_.alerting.tick_ms;
    }
    absl::Status committed = outbox_->Commit();
    if (!committed.ok()) {
      status = committed;
      LogError(committed.message(), "; the alert role stops (offsets not stored)");
      stop_ = true;
      break;
    }
    alerts_dispatched_ += finished_now;
    for (auto& message : batch) {
      (void)consumer_->StoreOffset(message->topic_name(), message->partition(),
                                   message->offset() + 1);
    }
    WakeAll();
  }
  {
    // Callers of the API waiting on a command that will not run now.
    std::lock_guard<std::mutex> lock(api_mu_);
    for (auto& c : api_queue_) c->result.set_value({503, R"({"error":"stopping"})"});
    api_queue_.clear();
  }
  WakeAll();
  for (auto& w : workers_) {
    if (w->thread.joinable()) w->thread.join();
  }
  (void)consumer_->CommitStored();
  consumer_->Close();
  return status;
}

bool AlertDispatcher::DeadLetter(SinkWorker& worker, const OutboxDelivery& d,
                                 const std::string& why) {
  const std::string topic = config_.topics.dead_letter;
  absl::Status produced = dead_letters_->Produce(
      topic, d.notification.incident_id, NotificationEnvelope(d.notification).dump(),
      {{"reason", why}, {"sink", worker.name}, {"source", "alert-outbox"},
       {"message-id", d.notification.MessageId()}});
  if (produced.ok()) produced = dead_letters_->Flush(10'000);
  if (!produced.ok()) {
    LogError("outbox: dead-letter topic ", topic, " unavailable (", produced.message(),
             "); delivery kept");
    return false;
  }
  worker.dead_letters.Increment();
  worker.dead_lettered.Increment();
  LogError("outbox: ", worker.name, " gave up on ", d.notification.MessageId(), " after ",
           d.attempts, " attempts (", why, "); sent to ", topic);
  return true;
}

void AlertDispatcher::DeliveryLoop(SinkWorker& w) {
  const size_t limit = static_cast<size_t>(std::max<int64_t>(1, config_.alerting.max_pending_in_memory));
  const double rate = w.policy.rate_per_second > 0 ? w.policy.rate_per_second : 10;
  const double burst = std::max(1.0, rate);
  w.tokens = burst;
  w.last_refill_ms = NowMs();
  auto wait_for = [&](int64_t ms) {
    std::unique_lock<std::mutex> lock(w.mu);
    w.cv.wait_for(lock, std::chrono::milliseconds(std::max<int64_t>(1, ms)),
                  [&] { return w.wake || stop_.load(); });
    w.wake = false;
  };
  while (!stop_) {
    if (w.window.size() <= limit / 2) {
      for (auto& d : outbox_->Load(w.name, w.last_loaded, limit - w.window.size())) {
        w.last_loaded = d.seq;
        w.window.push_back(std::move(d));
      }
    }
    if (w.window.empty()) {
      wait_for(config_.alerting.tick_ms);
      continue;
    }
    OutboxDelivery& d = w.window.front();
    int64_t now = NowMs();
    if (d.next_attempt_ms > now) {
      wait_for(std::min(d.next_attempt_ms - now, config_.alerting.tick_ms));
      continue;
    }
    w.tokens = std::min(burst, w.tokens + (now - w.last_refill_ms) * rate / 1000.0);
    w.last_refill_ms = now;
    if (w.tokens < 1) {
      wait_for(static_cast<int64_t>((1 - w.tokens) * 1000 / rate) + 1);
      continue;
    }
    w.tokens -= 1;
    const DeliveryResult result = w.sink->Notify(d.notification);
    now = NowMs();
    bool finished = false;
    if (result.outcome == DeliveryResult::Outcome::kDelivered) {
      w.delivered.Increment();
      w.latency.Observe((now - d.enqueued_ms) / 1000.0);
      finished = true;
    } else if (result.outcome == DeliveryResult::Outcome::kRejected) {
      w.rejected.Increment();
      LogError("sink ", w.name, " rejected ", d.notification.MessageId(), ": ", result.detail);
      finished = true;
    } else {
      w.retried.Increment();
      ++d.attempts;
      if (now - d.enqueued_ms >= w.policy.max_age_ms && DeadLetter(w, d, result.detail)) {
        finished = true;
      } else {
        const int64_t base = std::min<int64_t>(
            w.policy.retry_max_ms,
            w.policy.retry_initial_ms << std::min<int32_t>(d.attempts - 1, 30));
        // "Equal jitter": half fixed, half random, so retries stay spaced but spread.
        const int64_t jittered =
            base / 2 + static_cast<int64_t>(w.rng() % static_cast<uint64_t>(base / 2 + 1));
        const int64_t wait = std::max<int64_t>(jittered, result.retry_after.count());
        d.next_attempt_ms = now + wait;
        w.retries.Increment();
        LogWarning("sink ", w.name, " retry ", d.attempts, " of ", d.notification.MessageId(),
                   " in ", wait, " ms: ", result.detail);
        if (absl::Status s = outbox_->Update(d); !s.ok()) LogError("outbox: ", s.message());
      }
    }
    if (finished) {
      if (absl::Status s = outbox_->Remove(d); !s.ok()) LogError("outbox: ", s.message());
      w.pending.Decrement();
      const uint64_t group = d.group;
      w.window.pop_front();
      Finish(group);
    }
  }
}

void AlertDispatcher::InstallRoutes(httplib::Server& server) {
  auto authorized = [this](const httplib::Request& req, httplib::Response& res) {
    if (api_token_.empty()) {
      res.status = 503;
      res.set_content(R"({"error":"incident API disabled: set alerting.api_token"})",
                      "application/json");
      return false;
    }
    const std::string header = req.get_header_value("Authorization");
    const std::string expected = "Bearer " + api_token_;
    if (header.size() != expected.size() ||
        CRYPTO_memcmp(header.data(), expected.data(), expected.size()) != 0) {
      res.status = 401;
      res.set_header("WWW-Authenticate", "Bearer");
      res.set_content(R"({"error":"missing or wrong bearer token"})", "application/json");
      return false;
    }
    return true;
  };
  auto submit = [this](std::shared_ptr<ApiCommand> command, httplib::Response& res) {
    std::future<std::pair<int, std::string>> result = command->result.get_future();
    {
      std::lock_guard<std::mutex> lock(api_mu_);
      if (stop_) {
        res.status = 503;
        return;
      }
      api_queue_.push_back(std::move(command));
    }
    if (result.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
      res.status = 503;
      res.set_content(R"({"error":"alert role busy"})", "application/json");
      return;
    }
    auto [status, body] = result.get();
    res.status = status;
    res.set_content(body, "application/json");
  };
  server.Get("/api/v1/incidents", [=](const httplib::Request& req, httplib::Response& res) {
    if (!authorized(req, res)) return;
    auto command = std::make_shared<ApiCommand>();
    command->action = "list";
    submit(command, res);
  });
  server.Post(R"(/api/v1/incidents/([A-Za-z0-9_.:-]+)/(ack|resolve|silence))",
              [=](const httplib::Request& req, httplib::Response& res) {
                if (!authorized(req, res)) return;
                auto command = std::make_shared<ApiCommand>();
                command->id = req.matches[1];
                command->action = req.matches[2];
                command->actor = "api";
                if (!req.body.empty()) {
                  const nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
                  if (body.is_discarded() || !body.is_object()) {
                    res.status = 400;
                    res.set_content(R"({"error":"expected a JSON object body"})",
                                    "application/json");
                    return;
                  }
                  if (body.contains("by") && body["by"].is_string()) {
                    command->actor = body["by"].get<std::string>();
                  }
                  if (body.contains("minutes")) {
                    if (!body["minutes"].is_number_integer() || body["minutes"].get<int64_t>() < 1 ||
                        body["minutes"].get<int64_t>() > 10'080) {
                      res.status = 400;
                      res.set_content(R"({"error":"minutes: expected an integer in [1, 10080]"})",
                                      "application/json");
                      return;
                    }
                    command->minutes = body["minutes"].get<int64_t>();
                  }
                }
                submit(command, res);
              });
}

}  // namespace stormwatch
