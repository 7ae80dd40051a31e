// `stormwatch publish --brokers LIST --input FILE.jsonl`: publishes an event file to the
// right topics, keyed by brand; bad lines are reported with their line number, sent to
// the dead-letter topic, and the rest is published.
#include <iostream>

#include "pipeline/cli/commands.h"
#include "pipeline/cli/config_loading.h"
#include "pipeline/ingest/event_publisher.h"
#include "pipeline/ingest/jsonl_event_source.h"

namespace stormwatch {
namespace {

struct PublishOptions {
  std::string brokers;
  std::string input;
  std::string config;
};

int RunPublish(const PublishOptions& options) {
  absl::StatusOr<PipelineConfig> config = LoadConfigWithOverrides(options.config, options.brokers);
  if (!config.ok()) return ReportFailure(config.status());
  if (config->kafka.embedded) {
    return ReportFailure(absl::InvalidArgumentError(
        "publish: expected --brokers (an embedded broker lives only inside its own process)"));
  }
  if (absl::Status s = CheckKafkaEndpoint(config->kafka); !s.ok()) return ReportFailure(s);
  absl::StatusOr<std::unique_ptr<JsonlEventSource>> source = JsonlEventSource::Open(options.input);
  if (!source.ok()) return ReportFailure(source.status());
  absl::StatusOr<std::unique_ptr<KafkaProducer>> producer = KafkaProducer::Create(
      {.brokers = config->kafka.brokers, .client_id = "stormwatch-publish",
       .properties = config->kafka.properties});
  if (!producer.ok()) return ReportFailure(producer.status());
  EventPublisher publisher(**producer, config->topics);
  int64_t mentions = 0, samples = 0, bad = 0;
  while (std::optional<SourceItem> item = (*source)->Next()) {
    if (!item->event) {
      ++bad;
      std::cerr << options.input << ":" << item->position << ": " << item->error << std::endl;
      (void)publisher.DeadLetter(item->raw, item->error,
                                 options.input + ":" + std::to_string(item->position));
      continue;
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
  cmd->callback([options, &exit_code] { exit_code = RunPublish(*options); });
}

}  // namespace stormwatch
