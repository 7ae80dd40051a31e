// Assign-only reader of co-partitioned inputs; see copartitioned_reader.h.
#include "pipeline/runtime/copartitioned_reader.h"

#include <librdkafka/rdkafkacpp.h>

#include "pipeline/core/logging.h"
#include "pipeline/core/strings.h"
#include "pipeline/kafka/consumer.h"

namespace stormwatch {
namespace {

void Check(RdKafka::Error* error, std::string_view what) {
  if (error == nullptr) return;
  LogError("co-partitioned reader ", what, ": ", error->str());
  delete error;
}

}  // namespace

absl::StatusOr<std::unique_ptr<CoPartitionedReader>> CoPartitionedReader::Create(
    const KafkaClientOptions& options) {
  KafkaClientOptions own = options;
  own.client_id = options.client_id + "-copartitioned";
  own.group_id = options.group_id + "-copartitioned";  // never joined: assign() only
  own.properties["enable.auto.commit"] = "false";
  absl::StatusOr<std::unique_ptr<RdKafka::Conf>> conf = MakeConsumerConf(own);
  if (!conf.ok()) return conf.status();
  std::string errstr;
  std::unique_ptr<CoPartitionedReader> reader(new CoPartitionedReader());
  reader->consumer_.reset(RdKafka::KafkaConsumer::create(conf->get(), errstr));
  if (!reader->consumer_) {
    return absl::InvalidArgumentError(StrCat("co-partitioned reader: ", errstr));
  }
  return reader;
}

CoPartitionedReader::~CoPartitionedReader() {
  if (consumer_) consumer_->close();
}

void CoPartitionedReader::Assign(const std::string& topic, int partition, int64_t offset) {
  std::vector<RdKafka::TopicPartition*> list = {
      RdKafka::TopicPartition::create(topic, partition, offset)};
  Check(consumer_->incremental_assign(list), "assign");
  RdKafka::TopicPartition::destroy(list);
}

void CoPartitionedReader::Unassign(const std::string& topic, int partition) {
  std::vector<RdKafka::TopicPartition*> list = {RdKafka::TopicPartition::create(topic, partition)};
  Check(consumer_->incremental_unassign(list), "unassign");
  RdKafka::TopicPartition::destroy(list);
}

std::vector<std::unique_ptr<RdKafka::Message>> CoPartitionedReader::ConsumeBatch(
    size_t max_records) {
  std::vector<std::unique_ptr<RdKafka::Message>> batch;
  while (batch.size() < max_records) {
    std::unique_ptr<RdKafka::Message> message(consumer_->consume(0));
    if (!message || message->err() == RdKafka::ERR__TIMED_OUT) break;
    if (message->err() != RdKafka::ERR_NO_ERROR) {
      if (message->err() != RdKafka::ERR__PARTITION_EOF) {
        LogWarning("co-partitioned reader: ", message->errstr());
      }
      break;
    }
    batch.push_back(std::move(message));
  }
  return batch;
}

void CoPartitionedReader::PauseAll() {
  std::vector<RdKafka::TopicPartition*> list;
  if (consumer_->assignment(list) == RdKafka::ERR_NO_ERROR) consumer_->pause(list);
  RdKafka::TopicPartition::destroy(list);
}

void CoPartitionedReader::ResumeAll() {
  std::vector<RdKafka::TopicPartition*> list;
  if (consumer_->assignment(list) == RdKafka::ERR_NO_ERROR) consumer_->resume(list);
  RdKafka::TopicPartition::destroy(list);
}

int64_t CoPartitionedReader::Lag(const std::string& topic, int partition) {
  return PartitionLag(*consumer_, topic, partition);
}

}  // namespace stormwatch
