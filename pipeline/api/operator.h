// The operator interface (DESIGN.md "Operators know nothing of Kafka"). A task runs a
// chain of operators over the events of one partition: enrich -> detectors -> escalation.
// The same code runs under the Kafka runtime, under `stormwatch replay` and in unit tests.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "pipeline/api/alert_emitter.h"
#include "pipeline/api/clock.h"
#include "pipeline/api/state_store.h"
#include "pipeline/api/timer_service.h"
#include "stormwatch/v1/event.pb.h"
#include "yaml-cpp/yaml.h"

namespace stormwatch {

// What an operator may touch while it handles a call. Owned by the runtime; valid only
// during the call. State and timers are private to this operator within its task.
class OperatorContext {
 public:
  virtual ~OperatorContext() = default;
  virtual StateStore& state() = 0;
  virtual TimerService& timers() = 0;
  virtual AlertEmitter& emitter() = 0;
  // The task's event-time watermark (max event time - allowed lateness), ms since epoch.
  virtual int64_t watermark_ms() const = 0;
  virtual const Clock& clock() const = 0;
};

// One instance per task, used from one thread: no locks needed.
class Operator {
 public:
  virtual ~Operator() = default;
  // Every event of the task's partition, in offset order. An operator may add to the
  // event (enrich does) for the operators after it in the chain.
  virtual void Process(v1::Event& event, int64_t event_time_ms, OperatorContext& ctx) = 0;
  // A timer that this operator set has come due.
  virtual void OnTimer(const Timer& timer, OperatorContext& ctx) {}
  // Before a checkpoint: write in-memory aggregates into ctx.state().
  virtual void Flush(OperatorContext& ctx) {}
};

// Makes a fresh operator for a task from an already validated, immutable config.
using OperatorInstanceFactory = std::function<std::unique_ptr<Operator>()>;

// Registered once per operator kind (see operators/registry.h). Validates the config a
// single time; the returned factory is called once per task.
class OperatorFactory {
 public:
  virtual ~OperatorFactory() = default;
  virtual std::string_view name() const = 0;
  // `config` is the operator's YAML block (may be null: defaults apply). Errors name the
  // field and what is expected.
  virtual absl::StatusOr<OperatorInstanceFactory> Configure(const YAML::Node& config) const = 0;
};

// One entry of the `operators:` list in the pipeline config, in chain order.
struct OperatorSpec {
  std::string name;
  YAML::Node config;  // may be null: the operator's defaults apply
};

}  // namespace stormwatch
