// Reads the co-partitioned inputs of the tasks this process owns (queue-samples.v1/N for
// task N). The consumer group assigns only mentions.v1; librdkafka's cooperative-sticky
// assignor does not keep partition N of two topics on one member, so the runtime assigns
// the other inputs of a task itself, with the offsets stored in the task's RocksDB.
// Group-less: nothing is committed to Kafka for these inputs.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "pipeline/kafka/client_config.h"

namespace RdKafka {
class KafkaConsumer;
class Message;
}  // namespace RdKafka

namespace stormwatch {

// Not thread-safe: the worker thread only.
class CoPartitionedReader {
 public:
  static absl::StatusOr<std::unique_ptr<CoPartitionedReader>> Create(
      const KafkaClientOptions& options);
  ~CoPartitionedReader();

  // `offset`: the next offset to read, or a librdkafka logical offset (OFFSET_BEGINNING).
  void Assign(const std::string& topic, int partition, int64_t offset);
  void Unassign(const std::string& topic, int partition);
  // Up to `max_records` already fetched records (does not wait).
  std::vector<std::unique_ptr<RdKafka::Message>> ConsumeBatch(size_t max_records);
  void PauseAll();
  void ResumeAll();
  int64_t Lag(const std::string& topic, int partition);

 private:
  CoPartitionedReader() = default;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
};

}  // namespace stormwatch
