// Consumer-group member with cooperative-sticky incremental rebalancing and manual
// offset storing (enable.auto.offset.store=false): offsets are stored only after the
// records' effects are safe. The operate runtime and the alert dispatcher use it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "pipeline/kafka/client_config.h"

namespace RdKafka {
class KafkaConsumer;
class Message;
class TopicPartition;
}  // namespace RdKafka

namespace stormwatch {

// Told of assignment changes, on the thread that calls ConsumeBatch.
class RebalanceListener {
 public:
  virtual ~RebalanceListener() = default;
  // Before the partitions are assigned; may set each partition's start offset.
  virtual void OnAssigned(std::vector<RdKafka::TopicPartition*>& partitions) = 0;
  // Right after the partitions are assigned: the place to pause some of them.
  virtual void AfterAssigned(const std::vector<RdKafka::TopicPartition*>& partitions) {}
  // Before the partitions are taken away. `lost`: ownership is already gone; do not
  // store or commit offsets for them.
  virtual void OnRevoked(const std::vector<RdKafka::TopicPartition*>& partitions, bool lost) = 0;
};

// Records of `topic`/`partition` after the consumer's position (high watermark minus
// position; an empty partition not consumed yet has none); -1 while unknown. Works for
// any RdKafka::KafkaConsumer that has the partition assigned.
int64_t PartitionLag(RdKafka::KafkaConsumer& consumer, const std::string& topic, int partition);

// Not thread-safe: one polling thread.
class KafkaConsumer {
 public:
  // `listener` is borrowed and must outlive the consumer.
  static absl::StatusOr<std::unique_ptr<KafkaConsumer>> Create(const KafkaClientOptions& options,
                                                               RebalanceListener* listener);
  ~KafkaConsumer();

  absl::Status Subscribe(const std::vector<std::string>& topics);
  // Up to `max_records`, waiting at most `timeout_ms` for the first one.
  std::vector<std::unique_ptr<RdKafka::Message>> ConsumeBatch(size_t max_records, int timeout_ms);
  // Marks `next_offset` (last processed + 1) as the partition's position to commit.
  absl::Status StoreOffset(const std::string& topic, int partition, int64_t next_offset);
  // Commits stored offsets synchronously.
  absl::Status CommitStored();
  void Pause(const std::vector<std::pair<std::string, int>>& partitions);
  void Resume(const std::vector<std::pair<std::string, int>>& partitions);
  // Moves an assigned partition's fetch position to `offset` (after its Resume: a seek
  // right after assign-and-pause can be lost, librdkafka issue #2190).
  absl::Status Seek(const std::string& topic, int partition, int64_t offset);
  // Consumer lag (high watermark - position) of an assigned partition, or -1.
  int64_t Lag(const std::string& topic, int partition);
  // Leaves the group (revoking all partitions through the listener first).
  void Close();

 private:
  class RebalanceCallback;
  KafkaConsumer() = default;
  std::unique_ptr<RebalanceCallback> rebalance_cb_;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
  bool closed_ = false;
};

}  // namespace stormwatch
