// The spill-over detector (DESIGN.md "What it detects: Spill-over from phone queues"): in
// the task's chain after enrich it joins, per brand, the phone-queue samples
// (queue-samples.v1, co-partitioned with the mentions by brand) with the brand's
// contact-seeking mentions. It fires one SPILLOVER incident when the queue is breached
// (longest wait, calls waiting or abandon rate above the per-brand threshold and above
// their own normal level) while contact-seeking posts rise against their seasonal
// baseline (the spike detector's SeasonalCountDetector); the alert names both numbers. It
// escalates WARNING -> CRITICAL in place and resolves once both are back to normal for
// `resolve_minutes`. Also exports stormwatch_brand_contact_seeking_mentions_total and
// stormwatch_queue_longest_wait_seconds.
#pragma once

#include <memory>

#include "pipeline/api/operator.h"

namespace stormwatch {

// Name "spillover". YAML: see operators/spillover/spillover_config.h (null = defaults).
std::unique_ptr<OperatorFactory> MakeSpilloverOperatorFactory();

}  // namespace stormwatch
