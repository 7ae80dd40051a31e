// Where detectors put their alerts. Under Kafka the emitter produces to alerts.v1
// (key = alert id); under replay it writes a file; in tests it collects.
#pragma once

#include "stormwatch/v1/alert.pb.h"

namespace stormwatch {

// Not thread-safe; owned by the runtime, borrowed by operators during a call.
class AlertEmitter {
 public:
  virtual ~AlertEmitter() = default;
  virtual void Emit(const v1::Alert& alert) = 0;
};

}  // namespace stormwatch
