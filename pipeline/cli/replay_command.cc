// `stormwatch replay --input FILE.jsonl --output ALERTS.jsonl [--config FILE]
// [--report REPORT.html]`: the operators over a file without Kafka, in event time,
// deterministic; bad lines are reported with their line number and skipped. --report also
// writes the backtest page (operators/report/backtest_report.h) from the replayed events
// and alerts.
#include <fstream>
#include <iostream>

#include "operators/registry.h"
#include "operators/report/backtest_report.h"
#include "pipeline/cli/commands.h"
#include "pipeline/cli/config_loading.h"
#include "pipeline/core/event_codec.h"
#include "pipeline/ingest/jsonl_event_source.h"
#include "pipeline/runtime/replay.h"

namespace stormwatch {
namespace {

struct ReplayOptions {
  std::string input;
  std::string output;
  std::string config;
  std::string report;
};

class JsonlFileEmitter final : public AlertEmitter {
 public:
  explicit JsonlFileEmitter(std::ostream& out) : out_(out) {}
  void Emit(const v1::Alert& alert) override { out_ << AlertToJson(alert) << '\n'; }

 private:
  std::ostream& out_;
};

int RunReplayCommand(const ReplayOptions& options) {
  absl::StatusOr<PipelineConfig> config = LoadConfigWithOverrides(options.config, "");
  if (!config.ok()) return ReportFailure(config.status());
  OperatorRegistry registry;
  RegisterBuiltins(registry);
  absl::StatusOr<ChainTemplate> chain = ConfigureChain(registry, config->operators);
  if (!chain.ok()) return ReportFailure(chain.status());
  absl::StatusOr<std::unique_ptr<JsonlEventSource>> source = JsonlEventSource::Open(options.input);
  if (!source.ok()) return ReportFailure(source.status());
  std::ofstream out(options.output, std::ios::trunc);
  if (!out) {
    return ReportFailure(absl::InvalidArgumentError(options.output + ": cannot open for writing"));
  }
  JsonlFileEmitter file_emitter(out);
  report::ReportCollector collector;
  std::unique_ptr<AlertEmitter> tee;
  AlertEmitter* emitter = &file_emitter;
  std::vector<NamedOperator> operators = chain->Instantiate();
  if (!options.report.empty()) {
    tee = collector.Tee(file_emitter);
    emitter = tee.get();
    operators.push_back({"report", collector.Observer()});
  }
  ReplayStats stats = RunReplay(**source, std::move(operators),
                                config->runtime.allowed_lateness_ms, *emitter,
                                [&](const SourceItem& item) {
                                  std::cerr << options.input << ":" << item.position << ": "
                                            << item.error << std::endl;
                                });
  out.flush();
  if (!out) return ReportFailure(absl::UnavailableError(options.output + ": write failed"));
  if (!options.report.empty()) {
    std::ofstream html(options.report, std::ios::trunc);
    if (!html) {
      return ReportFailure(
          absl::InvalidArgumentError(options.report + ": cannot open for writing"));
    }
    const size_t slash = options.input.find_last_of('/');
    report::WriteHtmlReport(collector,
                            slash == std::string::npos ? options.input
                                                       : options.input.substr(slash + 1),
                            html);
    html.flush();
    if (!html) return ReportFailure(absl::UnavailableError(options.report + ": write failed"));
  }
  std::cout << "replayed " << stats.events << " events; " << stats.rejected << " malformed, "
            << stats.late << " late; " << stats.alerts << " alerts written to " << options.output
            << std::endl;
  return 0;
}

}  // namespace

void AddReplayCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ReplayOptions>();
  CLI::App* cmd = app.add_subcommand("replay", "Backtest the operators on a JSONL event file");
  cmd->add_option("--input", options->input, "JSONL event file")->required();
  cmd->add_option("--output", options->output, "Alerts as JSONL")->required();
  cmd->add_option("--config", options->config, "YAML config (operators, runtime)");
  cmd->add_option("--report", options->report,
                  "Also write a self-contained HTML backtest report (per brand: volume and "
                  "expected band, negative share, queue wait, alerts with evidence)");
  cmd->callback([options, &exit_code] { exit_code = RunReplayCommand(*options); });
}

}  // namespace stormwatch
