// Batch publication with delivery acknowledgement; see batch_publisher.h.
#include "pipeline/ingest/batch_publisher.h"

#include <memory>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "pipeline/core/event_codec.h"
#include "pipeline/core/strings.h"
#include "pipeline/core/time_util.h"
#include "pipeline/ingest/common/ingest_metrics.h"

namespace stormwatch {
namespace {

// Shared by a batch's delivery callbacks and its waiter. The last callback (or the
// waiter, when it releases its guard last) settles the dedup claims in one write.
struct BatchAck {
  DedupStore* dedup = nullptr;
  absl::Mutex mu;
  int64_t pending ABSL_GUARDED_BY(mu) = 1;  // 1 = the producing thread's guard
  std::vector<std::string> keys ABSL_GUARDED_BY(mu);
  std::vector<bool> delivered ABSL_GUARDED_BY(mu);
  int64_t acknowledged ABSL_GUARDED_BY(mu) = 0;
  absl::Status first_error ABSL_GUARDED_BY(mu);

  // Called with mu held when pending reaches 0.
  void Settle() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    std::vector<std::string> commit, release;
    for (size_t i = 0; i < keys.size(); ++i) {
      (delivered[i] ? commit : release).push_back(std::move(keys[i]));
    }
    dedup->Commit(commit);
    dedup->Release(release);
  }

  void Done(size_t index, const absl::Status& status) {
    absl::MutexLock lock(&mu);
    if (status.ok()) {
      delivered[index] = true;
      ++acknowledged;
    } else if (first_error.ok()) {
      first_error = status;
    }
    if (--pending == 0) Settle();
  }
};

}  // namespace

BatchPublisher::BatchPublisher(EventPublisher& publisher, DedupStore& dedup,
                               const TrackingMatcher* matcher, int64_t delivery_timeout_ms)
    : publisher_(publisher),
      dedup_(dedup),
      matcher_(matcher),
      delivery_timeout_ms_(delivery_timeout_ms) {}

std::string BatchPublisher::DedupKey(const v1::Event& event) {
  if (event.has_mention()) {
    const v1::Mention& m = event.mention();
    return StrCat("m|", m.source(), "|", m.brand(), "|", m.id());
  }
  const v1::QueueSample& q = event.queue_sample();
  return StrCat("q|", q.brand(), "|", q.queue_id(), "|", ToMillis(q.ts()));
}

BatchOutcome BatchPublisher::Publish(const std::string& source, std::vector<v1::Event> events) {
  const absl::Time started = absl::Now();
  BatchOutcome outcome;
  IngestMetrics& metrics = IngestMetrics::Get();
  // Tracking rules: a mention without a brand gets one copy per matching brand.
  std::vector<v1::Event> branded;
  branded.reserve(events.size());
  for (v1::Event& event : events) {
    if (event.has_mention() && event.mention().brand().empty()) {
      std::vector<TrackingMatch> matches;
      if (matcher_ != nullptr) {
        matches = matcher_->Match(event.mention().text(), event.mention().lang());
      }
      if (matches.empty()) {
        ++outcome.untracked;
        continue;
      }
      for (size_t i = 0; i < matches.size(); ++i) {
        v1::Event copy = i + 1 == matches.size() ? std::move(event) : event;
        v1::Mention& m = *copy.mutable_mention();
        m.set_brand(matches[i].brand);
        for (const std::string& topic : matches[i].topics) m.add_topics(topic);
        branded.push_back(std::move(copy));
      }
    } else {
      branded.push_back(std::move(event));
    }
  }
  auto ack = std::make_shared<BatchAck>();
  ack->dedup = &dedup_;
  {
    absl::MutexLock lock(&ack->mu);
    ack->keys.reserve(branded.size());
  }
  for (const v1::Event& event : branded) {
    if (absl::Status valid = ValidateEvent(event); !valid.ok()) {
      ++outcome.invalid;
      (void)publisher_.DeadLetter(EventToJson(event), std::string(valid.message()), source);
      continue;
    }
    std::string key = DedupKey(event);
    if (!dedup_.TryClaim(key)) {
      ++outcome.duplicates;
      continue;
    }
    size_t index;
    {
      absl::MutexLock lock(&ack->mu);
      index = ack->keys.size();
      ack->keys.push_back(std::move(key));
      ack->delivered.push_back(false);
      ++ack->pending;
    }
    absl::Status produced = publisher_.Publish(
        event, [ack, index](const absl::Status& status) { ack->Done(index, status); },
        /*queue_full_wait_ms=*/50);
    if (!produced.ok()) {
      {
        absl::MutexLock lock(&ack->mu);
        --ack->pending;  // no callback will come for this record
        if (ack->first_error.ok()) ack->first_error = produced;
      }
      // Records not yet produced keep no claim; stop here and let the sender retry.
      break;
    }
  }
  {
    absl::MutexLock lock(&ack->mu);
    // Claims of records never produced (after a failure) stay unsettled (delivered=false)
    // and are released by Settle.
    if (--ack->pending == 0) ack->Settle();
    const bool done = ack->mu.AwaitWithTimeout(
        absl::Condition(
            +[](int64_t* pending) { return *pending == 0; }, &ack->pending),
        absl::Milliseconds(delivery_timeout_ms_));
    outcome.accepted = ack->acknowledged;
    if (!ack->first_error.ok()) {
      outcome.status = ack->first_error;
    } else if (!done) {
      outcome.status = absl::DeadlineExceededError(
          StrCat("kafka did not confirm delivery within ", delivery_timeout_ms_, " ms"));
    }
  }
  metrics.Duplicates(source, outcome.duplicates);
  metrics.Untracked(source, outcome.untracked);
  metrics.Invalid(source, outcome.invalid);
  metrics.DeliverySeconds(source, absl::ToDoubleSeconds(absl::Now() - started));
  return outcome;
}

}  // namespace stormwatch
