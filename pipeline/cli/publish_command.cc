// `stormwatch publish --brokers LIST --input FILE.jsonl`: publishes an event file to the
// right topics, keyed by brand; bad lines are reported with their line number, sent to
// the dead-letter topic, and the rest is published. `--rate` paces it (a steady load for
// benchmarks and rehearsals); `--restamp` sets every event's time to the moment it is sent,
// so the time from an event to its alert can be read off the alert (bench/runtime).
#include <chrono>
#include <iostream>
#include <thread>

#include "pipeline/cli/commands.h"
#include "pipeline/cli/config_loading.h"
#include "pipeline/core/time_util.h"
#include "pipeline/ingest/event_publisher.h"
#include "pipeline/ingest/jsonl_event_source.h"

namespace stormwatch {
namespace {

struct PublishOptions {
  std::string brokers;
  std::string input;
  std::string config;
  double rate = 0;  // events per second; 0 = as fast as the producer takes them
  bool restamp = false;
};

// Sleeps while event number `sent` is more than a millisecond ahead of `rate` events/s
// since `start` (sleeping per event would cost more than sending it).
void WaitForTurn(std::chrono::steady_clock::time_point start, int64_t sent, double rate) {
  if (rate <= 0) return;
  const auto due = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                               std::chrono::duration<double>(static_cast<double>(sent) / rate));
  if (due - std::chrono::steady_clock::now() > std::chrono::milliseconds(1)) {
    std::this_thread::sleep_until(due);
  }
}

int RunPublish(const PublishOptions& options) {
  absl::StatusOr<PipelineConfig> config = LoadConfigWithOverrides(options.config, options.brokers);
  if (!config.ok()) return ReportFailure(config.status());
  if (config->kafka.embedded) {
    return ReportFailure(absl::InvalidArgumentError(
        "publish: expected --brokers (an embedded broker lives only inside its own process)"));
  }
  if (absl::Status s = PrepareKafkaConfig(config->kafka); !s.ok()) return ReportFailure(s);
  absl::StatusOr<std::unique_ptr<JsonlEventSource>> source = JsonlEventSource::Open(options.input);
  if (!source.ok()) return ReportFailure(source.status());
  absl::StatusOr<std::unique_ptr<KafkaProducer>> producer = KafkaProducer::Create(
      {.brokers = config->kafka.brokers, .client_id = "stormwatch-publish",
       .properties = config->kafka.properties});
  if (!producer.ok()) return ReportFailure(producer.status());
  EventPublisher publisher(**producer, config->topics);
  int64_t mentions = 0, samples = 0, bad = 0;
  const auto start = std::chrono::steady_clock::now();
  while (std::optional<SourceItem> item = (*source)->Next()) {
    if (!item->event) {
      ++bad;
      std::cerr << options.input << ":" << item->position << ": " << item->error << std::endl;
      (void)publisher.DeadLetter(item->raw, item->error,
                                 options.input + ":" + std::to_string(item->position));
      continue;
    }
    WaitForTurn(start, mentions + samples, options.rate);
    if (options.restamp) {
      SetEventTimeMs(*item->event, std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count());
    }
    absl::Status status = publisher.Publish(*item->event);
    if (!status.ok()) return ReportFailure(status);
    (item->event->has_mention() ? mentions : samples)++;
  }
  if (absl::Status flushed = (*producer)->Flush(30'000); !flushed.ok()) {
    return ReportFailure(flushed);
  }
  if ((*producer)->failed() > 0) {
    return ReportFailure(absl::UnavailableError(
        std::to_string((*producer)->failed()) + " records were not delivered to Kafka"));
  }
  std::cout << "published " << mentions << " mentions and " << samples
            << " queue samples; rejected " << bad << " lines" << std::endl;
  return 0;
}

}  // namespace

void AddPublishCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<PublishOptions>();
  CLI::App* cmd = app.add_subcommand("publish", "Publish a JSONL event file to Kafka");
  cmd->add_option("--brokers", options->brokers, "Kafka bootstrap servers (host:port,...)")
      ->required();
  cmd->add_option("--input", options->input, "JSONL event file")->required();
  cmd->add_option("--config", options->config, "YAML config (topics, kafka properties)");
  cmd->add_option("--rate", options->rate, "events per second (default: as fast as possible)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--restamp", options->restamp,
                "set each event's time to the wall-clock time at which it is sent");
  cmd->callback([options, &exit_code] { exit_code = RunPublish(*options); });
}

}  // namespace stormwatch
