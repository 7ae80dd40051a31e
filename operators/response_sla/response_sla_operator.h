// The response-SLA tracker (DESIGN.md "What it detects: Response SLA"): in the task's chain
// after enrich, per brand it keeps the mentions that need an answer (questions, complaints
// and contact requests; never the brand's own posts) until a brand reply answers them
// (`fromBrand` with `inReplyTo` = the mention or its thread, or the same `threadId`). Each
// gets a deadline from the brand's office hours (response_sla_config.h); an event-time
// timer per minute of deadlines marks the overdue ones. Breaches are grouped into one
// RESPONSE_SLA incident per brand (WARNING, CRITICAL from `critical_breaches`), updated as
// the breached backlog grows and RESOLVED when it is empty again. Metrics per brand:
// stormwatch_response_backlog, stormwatch_response_sla_breaches_total,
// stormwatch_first_response_seconds{hours} and stormwatch_answered_within_sla_ratio{hours}
// (hours = office | after_hours, by when the mention arrived).
#pragma once

#include <memory>

#include "pipeline/api/operator.h"

namespace stormwatch {

// Name "response_sla". YAML: see operators/response_sla/response_sla_config.h.
std::unique_ptr<OperatorFactory> MakeResponseSlaOperatorFactory();

}  // namespace stormwatch
