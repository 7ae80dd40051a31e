// Consumer-group member; see consumer.h.
#include "pipeline/kafka/consumer.h"

#include <librdkafka/rdkafkacpp.h>

#include "pipeline/core/strings.h"
#include "pipeline/core/logging.h"

namespace stormwatch {

class KafkaConsumer::RebalanceCallback final : public RdKafka::RebalanceCb {
 public:
  explicit RebalanceCallback(RebalanceListener* listener) : listener_(listener) {}

  void rebalance_cb(RdKafka::KafkaConsumer* consumer, RdKafka::ErrorCode err,
                    std::vector<RdKafka::TopicPartition*>& partitions) override {
    const bool cooperative = consumer->rebalance_protocol() == "COOPERATIVE";
    if (err == RdKafka::ERR__ASSIGN_PARTITIONS) {
      if (listener_ != nullptr) listener_->OnAssigned(partitions);
      RdKafka::Error* error =
          cooperative ? consumer->incremental_assign(partitions) : nullptr;
      if (!cooperative) consumer->assign(partitions);
      if (error != nullptr) {
        LogError("kafka incremental assign: ", error->str());
        delete error;
      }
      if (listener_ != nullptr) listener_->AfterAssigned(partitions);
      LogInfo("kafka: assigned ", partitions.size(), " partitions");
    } else if (err == RdKafka::ERR__REVOKE_PARTITIONS) {
      const bool lost = consumer->assignment_lost();
      if (listener_ != nullptr) listener_->OnRevoked(partitions, lost);
      if (cooperative) {
        RdKafka::Error* error = consumer->incremental_unassign(partitions);
        if (error != nullptr) {
          LogError("kafka incremental unassign: ", error->str());
          delete error;
        }
      } else {
        consumer->unassign();
      }
      LogInfo("kafka: revoked ", partitions.size(), " partitions", lost ? " (lost)" : "");
    } else {
      LogError("kafka rebalance error: ", RdKafka::err2str(err));
      consumer->unassign();
    }
  }

 private:
  RebalanceListener* listener_;
};

absl::StatusOr<std::unique_ptr<KafkaConsumer>> KafkaConsumer::Create(
    const KafkaClientOptions& options, RebalanceListener* listener) {
  absl::StatusOr<std::unique_ptr<RdKafka::Conf>> conf = MakeConsumerConf(options);
  if (!conf.ok()) return conf.status();
  std::unique_ptr<KafkaConsumer> consumer(new KafkaConsumer());
  consumer->rebalance_cb_ = std::make_unique<RebalanceCallback>(listener);
  std::string errstr;
  if ((*conf)->set("rebalance_cb", consumer->rebalance_cb_.get(), errstr) !=
      RdKafka::Conf::CONF_OK) {
    return absl::InternalError(errstr);
  }
  LogDebug("kafka consumer config:\n", DescribeConf(**conf));
  consumer->consumer_.reset(RdKafka::KafkaConsumer::create(conf->get(), errstr));
  if (!consumer->consumer_) {
    return absl::InvalidArgumentError(StrCat("kafka consumer: ", errstr));
  }
  return consumer;
}

KafkaConsumer::~KafkaConsumer() { Close(); }

absl::Status KafkaConsumer::Subscribe(const std::vector<std::string>& topics) {
  RdKafka::ErrorCode err = consumer_->subscribe(topics);
  if (err != RdKafka::ERR_NO_ERROR) {
    return absl::UnavailableError(StrCat("kafka subscribe: ", RdKafka::err2str(err)));
  }
  return absl::OkStatus();
}

std::vector<std::unique_ptr<RdKafka::Message>> KafkaConsumer::ConsumeBatch(size_t max_records,
                                                                          int timeout_ms) {
  std::vector<std::unique_ptr<RdKafka::Message>> batch;
  int wait = timeout_ms;
  while (batch.size() < max_records) {
    std::unique_ptr<RdKafka::Message> message(consumer_->consume(wait));
    if (!message) break;
    if (message->err() == RdKafka::ERR__TIMED_OUT) break;
    if (message->err() != RdKafka::ERR_NO_ERROR) {
      if (message->err() != RdKafka::ERR__PARTITION_EOF) {
        LogWarning("kafka consume: ", message->errstr());
      }
      break;
    }
    batch.push_back(std::move(message));
    wait = 0;
  }
  return batch;
}

absl::Status KafkaConsumer::StoreOffset(const std::string& topic, int partition,
                                        int64_t next_offset) {
  std::unique_ptr<RdKafka::TopicPartition> tp(
      RdKafka::TopicPartition::create(topic, partition, next_offset));
  std::vector<RdKafka::TopicPartition*> offsets = {tp.get()};
  RdKafka::ErrorCode err = consumer_->offsets_store(offsets);
  if (err == RdKafka::ERR_NO_ERROR) err = tp->err();
  if (err != RdKafka::ERR_NO_ERROR) {
    return absl::FailedPreconditionError(
        StrCat("kafka offset store ", topic, "/", partition, ": ", RdKafka::err2str(err)));
  }
  return absl::OkStatus();
}

absl::Status KafkaConsumer::CommitStored() {
  RdKafka::ErrorCode err = consumer_->commitSync();
  if (err != RdKafka::ERR_NO_ERROR && err != RdKafka::ERR__NO_OFFSET) {
    return absl::UnavailableError(StrCat("kafka commit: ", RdKafka::err2str(err)));
  }
  return absl::OkStatus();
}

namespace {
std::vector<RdKafka::TopicPartition*> MakeList(
    const std::vector<std::pair<std::string, int>>& partitions) {
  std::vector<RdKafka::TopicPartition*> list;
  for (const auto& [topic, partition] : partitions) {
    list.push_back(RdKafka::TopicPartition::create(topic, partition));
  }
  return list;
}
}  // namespace

void KafkaConsumer::Pause(const std::vector<std::pair<std::string, int>>& partitions) {
  auto list = MakeList(partitions);
  consumer_->pause(list);
  RdKafka::TopicPartition::destroy(list);
}

void KafkaConsumer::Resume(const std::vector<std::pair<std::string, int>>& partitions) {
  auto list = MakeList(partitions);
  consumer_->resume(list);
  RdKafka::TopicPartition::destroy(list);
}

absl::Status KafkaConsumer::Seek(const std::string& topic, int partition, int64_t offset) {
  std::unique_ptr<RdKafka::TopicPartition> tp(
      RdKafka::TopicPartition::create(topic, partition, offset));
  RdKafka::ErrorCode err = consumer_->seek(*tp, 5000);
  if (err != RdKafka::ERR_NO_ERROR) {
    return absl::UnavailableError(StrCat("kafka seek ", topic, "/", partition, " to ", offset,
                                         ": ", RdKafka::err2str(err)));
  }
  return absl::OkStatus();
}

int64_t PartitionLag(RdKafka::KafkaConsumer& consumer, const std::string& topic, int partition) {
  int64_t low = 0, high = 0;
  if (consumer.get_watermark_offsets(topic, partition, &low, &high) != RdKafka::ERR_NO_ERROR) {
    return -1;
  }
  std::vector<RdKafka::TopicPartition*> list = {RdKafka::TopicPartition::create(topic, partition)};
  consumer.position(list);
  const int64_t position = list[0]->offset();
  RdKafka::TopicPartition::destroy(list);
  if (high < 0) return -1;
  // Nothing consumed yet: an empty partition has no lag; otherwise it is unknown.
  if (position < 0) return high == low ? 0 : -1;
  return high > position ? high - position : 0;
}

int64_t KafkaConsumer::Lag(const std::string& topic, int partition) {
  return PartitionLag(*consumer_, topic, partition);
}

void KafkaConsumer::Close() {
  if (closed_ || !consumer_) return;
  closed_ = true;
  consumer_->close();
}

}  // namespace stormwatch
