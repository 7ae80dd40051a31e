// JSONL file sink; see jsonl_sink.h.
#include "pipeline/sinks/jsonl/jsonl_sink.h"

#include <cstdio>

#include "pipeline/core/strings.h"
#include "pipeline/core/event_codec.h"

namespace stormwatch {
namespace {

class JsonlSink final : public AlertSink {
 public:
  explicit JsonlSink(std::FILE* file) : file_(file) {}
  ~JsonlSink() override { std::fclose(file_); }
  std::string_view name() const override { return "jsonl"; }

  DeliveryResult Deliver(const v1::Alert& alert) override {
    const std::string line = AlertToJson(alert) + "\n";
    if (std::fwrite(line.data(), 1, line.size(), file_) != line.size() ||
        std::fflush(file_) != 0) {
      return DeliveryResult::Retry("jsonl sink: write failed");
    }
    return DeliveryResult::Delivered();
  }

 private:
  std::FILE* file_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<AlertSink>> MakeJsonlSink(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "a");
  if (file == nullptr) {
    return absl::InvalidArgumentError(StrCat(path, ": cannot open for appending"));
  }
  return std::make_unique<JsonlSink>(file);
}

}  // namespace stormwatch
