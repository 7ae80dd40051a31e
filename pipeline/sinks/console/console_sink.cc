// Console sink; see console_sink.h.
#include "pipeline/sinks/console/console_sink.h"

#include "pipeline/sinks/alert_format.h"

namespace stormwatch {
namespace {

class ConsoleSink final : public AlertSink {
 public:
  explicit ConsoleSink(std::ostream& out) : out_(out) {}
  std::string_view name() const override { return "console"; }
  DeliveryResult Deliver(const v1::Alert& alert) override {
    out_ << FormatAlertLine(alert) << std::endl;
    return DeliveryResult::Delivered();
  }

 private:
  std::ostream& out_;
};

}  // namespace

std::unique_ptr<AlertSink> MakeConsoleSink(std::ostream& out) {
  return std::make_unique<ConsoleSink>(out);
}

}  // namespace stormwatch
