// The shitstorm (online firestorm) detector (DESIGN.md "What it detects: Shitstorm"): in
// the task's chain after enrich, per brand it watches a sliding event-time window of
// mentions and compares five signals with the brand's normal level — volume against the
// seasonal baseline (the spike detector's SeasonalCountDetector), negative share, share of
// authors never seen before (AuthorSketch), share/retweet velocity, and concentration on
// one hashtag or topic. One incident per storm, escalated in place watch -> warning ->
// crisis (INFO -> WARNING -> CRITICAL, same alert id, rising revision) as soon as a
// negative mention brings the evidence, and RESOLVED after `resolve_minutes` calm minutes.
// Also exports stormwatch_brand_mentions_total and stormwatch_brand_negative_mentions_total.
#pragma once

#include <memory>

#include "pipeline/api/operator.h"

namespace stormwatch {

// Name "shitstorm". YAML: see operators/shitstorm/shitstorm_config.h (null = defaults).
std::unique_ptr<OperatorFactory> MakeShitstormOperatorFactory();

}  // namespace stormwatch
