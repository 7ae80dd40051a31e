// Changelog writer and restore reader; see changelog.h.
#include "pipeline/runtime/changelog.h"

#include <librdkafka/rdkafkacpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>

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
      (*conf)->set("linger.ms", "2", errstr) != RdKafka::Conf::CONF_OK ||
      // Asking for a missing changelog must not create it: a broker with
      // auto.create.topics.enable would make it with its default partitions, not compacted.
      (*conf)->set("allow.auto.create.topics", "false", errstr) != RdKafka::Conf::CONF_OK) {
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
  return absl::NotFoundError(StrCat("topic ", topic, " does not exist"));
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
  // The restore knows the end from the watermark; an end-of-partition event from a user
  // property would stop it early.
  settings["enable.partition.eof"] = "false";
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

absl::Status TaskDbRestoreTarget::Stage(const std::vector<StateChange>& changes) {
  return db_.Stage(changes);
}

absl::StatusOr<bool> TaskDbRestoreTarget::ApplyStaged(size_t max_changes) {
  return db_.ApplyStaged(max_changes);
}

absl::Status TaskDbRestoreTarget::Apply(const std::vector<StateChange>& changes,
                                        int64_t next_offset) {
  return db_.Apply(changes, {{position_key_, EncodeOrderedInt64(next_offset)}});
}

absl::StatusOr<std::set<std::string>> TaskDbRestoreTarget::DiscardStaged() {
  return db_.DiscardStaged();
}

absl::StatusOr<std::unique_ptr<ChangelogRestore>> ChangelogReader::BeginRestore(
    const std::string& topic, int partition, int64_t from_offset, RestoreTarget& target,
    size_t memory_changes) {
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
  // A staging left by an earlier restore of this target that was cut short.
  if (absl::StatusOr<std::set<std::string>> dropped = target.DiscardStaged(); !dropped.ok()) {
    return dropped.status();
  }
  std::unique_ptr<ChangelogRestore> restore(
      new ChangelogRestore(*consumer_, topic, partition, target, memory_changes));
  restore->from_offset_ = restore->position_ = restore->result_.next_offset = from_offset;
  restore->end_offset_ = std::max(high, from_offset);
  if (from_offset >= high) return restore;
  std::string errstr;
  restore->handle_.reset(RdKafka::Topic::create(consumer_.get(), topic, nullptr, errstr));
  if (!restore->handle_) return absl::InternalError(errstr);
  err = consumer_->start(restore->handle_.get(), partition, from_offset);
  if (err != RdKafka::ERR_NO_ERROR) {
    restore->handle_.reset();
    return Fail("start", err);
  }
  return restore;
}

ChangelogRestore::ChangelogRestore(RdKafka::Consumer& consumer, std::string topic, int partition,
                                   RestoreTarget& target, size_t memory_changes)
    : consumer_(consumer), topic_(std::move(topic)), partition_(partition), target_(target),
      memory_changes_(std::max<size_t>(memory_changes, 1)),
      last_progress_(std::chrono::steady_clock::now()) {}

ChangelogRestore::~ChangelogRestore() {
  if (handle_) consumer_.stop(handle_.get(), partition_);
}

absl::StatusOr<bool> ChangelogRestore::CompleteCheckpoint(int64_t max_changes) {
  if (staged_) {
    absl::StatusOr<bool> applied =
        target_.ApplyStaged(static_cast<size_t>(std::max<int64_t>(max_changes, 1)));
    if (!applied.ok()) return applied.status();
    if (!*applied) return false;
    staged_ = false;
  }
  if (absl::Status s = target_.Apply(pending_, marker_end_); !s.ok()) return s;
  pending_.clear();
  completing_ = false;
  ++result_.checkpoints;
  result_.next_offset = marker_end_;
  return true;
}

absl::StatusOr<bool> ChangelogRestore::Continue(int64_t max_records, int wait_ms) {
  constexpr int64_t kStalledAfterMs = 30'000;
  if (completing_) {
    absl::StatusOr<bool> completed = CompleteCheckpoint(max_records);
    if (!completed.ok()) return completed.status();
    if (!*completed) return false;
  }
  for (int64_t n = 0; n < max_records && position_ < end_offset_; ++n) {
    std::unique_ptr<RdKafka::Message> message(
        consumer_.consume(handle_.get(), partition_, wait_ms));
    if (!message || message->err() == RdKafka::ERR__TIMED_OUT) {
      if (std::chrono::steady_clock::now() - last_progress_ >
          std::chrono::milliseconds(kStalledAfterMs)) {
        return absl::DeadlineExceededError(StrCat("changelog restore of ", topic_, "/",
                                                  partition_, " stalled at offset ", position_));
      }
      return false;
    }
    if (message->err() == RdKafka::ERR__PARTITION_EOF) {
      end_offset_ = position_;  // the end moved back (the topic was recreated)
      break;
    }
    if (message->err() != RdKafka::ERR_NO_ERROR) return Fail("restore", message->err());
    last_progress_ = std::chrono::steady_clock::now();
    position_ = message->offset() + 1;
    ++result_.records;
    std::string key = message->key() ? *message->key() : std::string();
    if (key == kChangelogCommitKey) {
      completing_ = true;
      marker_end_ = position_;
      absl::StatusOr<bool> completed = CompleteCheckpoint(max_records);
      if (!completed.ok()) return completed.status();
      if (!*completed) return false;
      continue;
    }
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
    pending_.push_back(std::move(change));
    if (pending_.size() >= memory_changes_) {
      if (absl::Status s = target_.Stage(pending_); !s.ok()) return s;
      pending_.clear();
      staged_ = true;
    }
  }
  if (position_ < end_offset_) return false;
  if (handle_) {
    consumer_.stop(handle_.get(), partition_);
    handle_.reset();
  }
  for (const StateChange& change : pending_) result_.uncommitted_keys.insert(change.key);
  pending_.clear();
  if (staged_) {
    absl::StatusOr<std::set<std::string>> staged_keys = target_.DiscardStaged();
    if (!staged_keys.ok()) return staged_keys.status();
    result_.uncommitted_keys.merge(*staged_keys);
    staged_ = false;
  }
  return true;
}

}  // namespace stormwatch
