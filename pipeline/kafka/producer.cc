// Kafka producer; see producer.h.
#include "pipeline/kafka/producer.h"

#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <thread>

#include "pipeline/core/strings.h"
#include "pipeline/core/logging.h"

namespace stormwatch {

class KafkaProducer::ReportCallback final : public RdKafka::DeliveryReportCb {
 public:
  explicit ReportCallback(KafkaProducer& owner) : owner_(owner) {}
  void dr_cb(RdKafka::Message& message) override {
    auto* callback = static_cast<DeliveryCallback*>(message.msg_opaque());
    absl::Status status = absl::OkStatus();
    if (message.err() != RdKafka::ERR_NO_ERROR) {
      ++owner_.failed_;
      status = absl::UnavailableError(
          StrCat("kafka delivery to ", message.topic_name(), ": ", message.errstr()));
      LogWarning(status.message());
    } else {
      ++owner_.delivered_;
    }
    if (callback != nullptr) {
      (*callback)(status);
      delete callback;
    }
  }

 private:
  KafkaProducer& owner_;
};

absl::StatusOr<std::unique_ptr<KafkaProducer>> KafkaProducer::Create(
    const KafkaClientOptions& options) {
  absl::StatusOr<std::unique_ptr<RdKafka::Conf>> conf = MakeProducerConf(options);
  if (!conf.ok()) return conf.status();
  std::unique_ptr<KafkaProducer> producer(new KafkaProducer());
  producer->report_cb_ = std::make_unique<ReportCallback>(*producer);
  std::string errstr;
  if ((*conf)->set("dr_cb", producer->report_cb_.get(), errstr) != RdKafka::Conf::CONF_OK) {
    return absl::InternalError(errstr);
  }
  producer->producer_.reset(RdKafka::Producer::create(conf->get(), errstr));
  if (!producer->producer_) {
    return absl::InvalidArgumentError(StrCat("kafka producer: ", errstr));
  }
  return producer;
}

KafkaProducer::~KafkaProducer() {
  if (producer_) producer_->flush(5000);
}

absl::Status KafkaProducer::Produce(const std::string& topic, std::string_view key,
                                    std::string_view value, const KafkaHeaders& headers,
                                    DeliveryCallback on_delivery, int queue_full_wait_ms,
                                    int64_t timestamp_ms) {
  auto* callback = on_delivery ? new DeliveryCallback(std::move(on_delivery)) : nullptr;
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(queue_full_wait_ms);
  while (true) {
    RdKafka::Headers* rd_headers = nullptr;
    if (!headers.empty()) {
      rd_headers = RdKafka::Headers::create();
      for (const auto& [name, val] : headers) rd_headers->add(name, val.data(), val.size());
    }
    RdKafka::ErrorCode err = producer_->produce(
        topic, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
        const_cast<char*>(value.data()), value.size(), key.data(), key.size(), timestamp_ms, rd_headers,
        callback);
    if (err == RdKafka::ERR_NO_ERROR) return absl::OkStatus();
    delete rd_headers;  // not taken over on failure
    if (err != RdKafka::ERR__QUEUE_FULL || std::chrono::steady_clock::now() >= deadline) {
      delete callback;
      if (err == RdKafka::ERR__QUEUE_FULL) {
        return absl::ResourceExhaustedError("kafka producer queue is full");
      }
      return absl::UnavailableError(
          StrCat("kafka produce to ", topic, ": ", RdKafka::err2str(err)));
    }
    producer_->poll(10);
  }
}

void KafkaProducer::Poll(int timeout_ms) { producer_->poll(timeout_ms); }

absl::Status KafkaProducer::Flush(int timeout_ms) {
  RdKafka::ErrorCode err = producer_->flush(timeout_ms);
  if (err != RdKafka::ERR_NO_ERROR) {
    return absl::DeadlineExceededError(
        StrCat("kafka flush: ", producer_->outq_len(), " records still queued"));
  }
  return absl::OkStatus();
}

int KafkaProducer::QueueLength() const { return producer_->outq_len(); }

}  // namespace stormwatch
