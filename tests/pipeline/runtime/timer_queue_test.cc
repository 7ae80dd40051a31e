// TimerQueue change tracking: what the checkpoint writes for durable timers.
#include "pipeline/runtime/timer_queue.h"

#include "gtest/gtest.h"

namespace stormwatch {
namespace {

TEST(TimerQueueTest, TracksSetCancelAndFiredTimers) {
  TimerQueue timers;
  timers.Restore(TimeDomain::kEventTime, "old", 5);  // from the store: not a change
  timers.EnableChangeTracking();
  timers.Set(TimeDomain::kEventTime, "a", 10);
  timers.Set(TimeDomain::kProcessingTime, "b", 20);
  timers.Cancel(TimeDomain::kProcessingTime, "b", 20);
  ASSERT_TRUE(timers.PopDue(TimeDomain::kEventTime, 7).has_value());  // "old" fired
  std::vector<TimerQueue::Change> changes = timers.TakeChanges();
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].key, "old");
  EXPECT_FALSE(changes[0].present);
  EXPECT_EQ(changes[1].key, "a");
  EXPECT_TRUE(changes[1].present);
  EXPECT_EQ(changes[2].key, "b");
  EXPECT_FALSE(changes[2].present);
  EXPECT_TRUE(timers.TakeChanges().empty());
}

}  // namespace
}  // namespace stormwatch
