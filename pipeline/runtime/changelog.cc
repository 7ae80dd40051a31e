// Changelog writer and restore reader; see changelog.h.
#include "pipeline/runtime/changelog.h"

#include <librdkafka/rdkafkacpp.h>

#include <atomic>

#include "pipeline/core/logging.h"
#include "pipeline/core/strings.h"

namespace stormwatch {
namespace {

constexpr char kRangeEndHeader[] = "stormwatch-range-end";

absl::Status Fail(std::string_view what, RdKafka::ErrorCode err) {
  return absl::UnavailableError(StrCat("changelog ", what, ": ", RdKafka::err2str(err)));
}

}  // namespace

class ChangelogWriter::Reports final : public RdKafka::DeliveryReportCb {
 public:
  void dr_cb(RdKafka::Message& message) override {
    if (message.err() != RdKafka::ERR_NO_ERROR) {
      ++failed;
      LogWarning("changelog delivery to ", message.topic_name(), "/", message.partition(), ": ",
                 message.errstr());
    }
  }
  std::atomic<int64_t> failed{0};
};

absl::StatusOr<std::unique_ptr<ChangelogWriter>> ChangelogWriter::Create(
    const KafkaClientOptions& options) {
  KafkaClientOptions own = options;
  own.client_id = options.client_id + "-changelog";
  absl::StatusOr<std::unique_ptr<RdKafka::Conf>> conf = MakeProducerConf(own);
  if (!conf.ok()) return conf.status();
  std::unique_ptr<ChangelogWriter> writer(new ChangelogWriter());
  writer->reports_ = std::make_unique<Reports>();
  std::string errstr;
  if ((*conf)->set("dr_cb", writer->reports_.get(), errstr) != RdKafka::Conf::CONF_OK ||
      (*conf)->set("queue.buffering.max.messages", "1000000", errstr) != RdKafka::Conf::CONF_OK ||
      (*conf)->set("linger.ms", "2", errstr) != RdKafka::Conf::CONF_OK) {
    return absl::InternalError(errstr);
  }
  writer->producer_.reset(RdKafka::Producer::create(conf->get(), errstr));
  if (!writer->producer_) return absl::InvalidArgumentError(StrCat("changelog producer: ", errstr));
  return writer;
}

ChangelogWriter::~ChangelogWriter() {
  if (producer_) producer_->flush(5000);
}

absl::Status ChangelogWriter::Append(const std::string& topic, int partition,
                                     const StateChange& change) {
  while (true) {
    RdKafka::Headers* headers = nullptr;
    if (change.range_end) {
      headers = RdKafka::Headers::create();
      headers->add(kRangeEndHeader, change.range_end->data(), change.range_end->size());
    }
    const bool has_value = change.value.has_value() && !change.range_end;
    RdKafka::ErrorCode err = producer_->produce(
        topic, partition, RdKafka::Producer::RK_MSG_COPY,
        has_value ? const_cast<char*>(change.value->data()) : nullptr,
        has_value ? change.value->size() : 0, change.key.data(), change.key.size(), 0, headers,
        nullptr);
    if (err == RdKafka::ERR_NO_ERROR) return absl::OkStatus();
    delete headers;
    if (err != RdKafka::ERR__QUEUE_FULL) return Fail("produce", err);
    producer_->poll(10);
  }
}

absl::Status ChangelogWriter::AppendCommit(const std::string& topic, int partition,
                                           int64_t sequence) {
  return Append(topic, partition, {kChangelogCommitKey, StrCat(sequence), std::nullopt});
}

absl::Status ChangelogWriter::Flush(int timeout_ms) {
  RdKafka::ErrorCode err = producer_->flush(timeout_ms);
  if (err != RdKafka::ERR_NO_ERROR) return Fail("flush", err);
  if (reports_->failed.exchange(0) > 0) {
    return absl::UnavailableError("changelog: some records were not delivered");
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> ChangelogWriter::EndOffset(const std::string& topic, int partition,
                                                   int timeout_ms) {
  int64_t low = 0, high = 0;
  RdKafka::ErrorCode err =
      producer_->query_watermark_offsets(topic, partition, &low, &high, timeout_ms);
  if (err != RdKafka::ERR_NO_ERROR) return Fail("end offset", err);
  return high;
}

absl::StatusOr<int> ChangelogWriter::PartitionCount(const std::string& topic, int timeout_ms) {
  std::string errstr;
  std::unique_ptr<RdKafka::Topic> handle(
      RdKafka::Topic::create(producer_.get(), topic, nullptr, errstr));
  if (!handle) return absl::InternalError(errstr);
  RdKafka::Metadata* raw = nullptr;
  RdKafka::ErrorCode err = producer_->metadata(false, handle.get(), &raw, timeout_ms);
  std::unique_ptr<RdKafka::Metadata> metadata(raw);
  if (err != RdKafka::ERR_NO_ERROR) return Fail(StrCat("metadata of ", topic), err);
  for (const RdKafka::TopicMetadata* t : *metadata->topics()) {
    if (t->topic() == topic && t->err() == RdKafka::ERR_NO_ERROR) {
      return static_cast<int>(t->partitions()->size());
    }
  }
  return absl::NotFoundError(StrCat("changelog topic ", topic, " does not exist"));
}

absl::StatusOr<std::unique_ptr<ChangelogReader>> ChangelogReader::Create(
    const KafkaClientOptions& options) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  std::string errstr;
  std::map<std::string, std::string> settings = {
      {"bootstrap.servers", options.brokers},
      {"client.id", options.client_id + "-restore"},
      {"fetch.wait.max.ms", "10"},
      {"queued.max.messages.kbytes", "65536"},
      {"fetch.message.max.bytes", "4194304"},
  };
  for (const auto& [key, value] : options.properties) settings[key] = value;
  for (const auto& [key, value] : settings) {
    if (conf->set(key, value, errstr) != RdKafka::Conf::CONF_OK) {
      // Consumer-group-only or producer-only user properties do not apply here.
      LogDebug("changelog reader ignores ", key, ": ", errstr);
    }
  }
  std::unique_ptr<ChangelogReader> reader(new ChangelogReader());
  reader->consumer_.reset(RdKafka::Consumer::create(conf.get(), errstr));
  if (!reader->consumer_) return absl::InvalidArgumentError(StrCat("changelog reader: ", errstr));
  return reader;
}

ChangelogReader::~ChangelogReader() = default;

absl::StatusOr<RestoreResult> ChangelogReader::Restore(
    const std::string& topic, int partition, int64_t from_offset,
    const std::function<absl::Status(const std::vector<StateChange>&)>& apply,
    const std::function<void(int64_t, int64_t)>& progress) {
  RestoreResult result;
  int64_t low = 0, high = 0;
  RdKafka::ErrorCode err =
      consumer_->query_watermark_offsets(topic, partition, &low, &high, 10'000);
  if (err != RdKafka::ERR_NO_ERROR) return Fail(StrCat("end offset of ", topic), err);
  if (from_offset < low) {
    if (from_offset > 0) {
      LogWarning("changelog ", topic, "/", partition, ": offsets ", from_offset, "..", low,
                 " are gone (retention); restoring from ", low);
    }
    from_offset = low;
  }
  result.next_offset = from_offset;
  const int64_t total = high - from_offset;
  progress(0, total);
  if (from_offset >= high) return result;
  std::string errstr;
  std::unique_ptr<RdKafka::Topic> handle(
      RdKafka::Topic::create(consumer_.get(), topic, nullptr, errstr));
  if (!handle) return absl::InternalError(errstr);
  err = consumer_->start(handle.get(), partition, from_offset);
  if (err != RdKafka::ERR_NO_ERROR) return Fail("start", err);
  std::vector<StateChange> pending;
  int64_t position = from_offset;
  absl::Status status = absl::OkStatus();
  int idle_polls = 0;
  while (position < high && status.ok()) {
    std::unique_ptr<RdKafka::Message> message(consumer_->consume(handle.get(), partition, 1000));
    if (!message || message->err() == RdKafka::ERR__TIMED_OUT) {
      if (++idle_polls > 30) status = absl::DeadlineExceededError("changelog restore stalled");
      continue;
    }
    if (message->err() == RdKafka::ERR__PARTITION_EOF) break;
    if (message->err() != RdKafka::ERR_NO_ERROR) {
      status = Fail("restore", message->err());
      break;
    }
    idle_polls = 0;
    position = message->offset() + 1;
    ++result.records;
    std::string key = message->key() ? *message->key() : std::string();
    if (key == kChangelogCommitKey) {
      status = apply(pending);
      pending.clear();
      ++result.checkpoints;
      result.next_offset = position;
    } else {
      StateChange change{std::move(key), std::nullopt, std::nullopt};
      if (const RdKafka::Headers* headers = message->headers()) {
        RdKafka::Headers::Header end = headers->get_last(kRangeEndHeader);
        if (end.err() == RdKafka::ERR_NO_ERROR && end.value() != nullptr) {
          change.range_end.emplace(static_cast<const char*>(end.value()), end.value_size());
        }
      }
      if (!change.range_end && message->payload() != nullptr) {
        change.value.emplace(static_cast<const char*>(message->payload()), message->len());
      }
      pending.push_back(std::move(change));
    }
    if (result.records % 10'000 == 0) progress(position - from_offset, total);
  }
  consumer_->stop(handle.get(), partition);
  if (!status.ok()) return status;
  for (const StateChange& change : pending) result.uncommitted_keys.insert(change.key);
  progress(total, total);
  return result;
}

}  // namespace stormwatch
