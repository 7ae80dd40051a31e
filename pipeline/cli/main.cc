// Entry point of the single `stormwatch` binary: parses the command line and runs one
// subcommand. The only code not linked into tests.
#include <iostream>

#include "CLI/CLI.hpp"
#include "pipeline/cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"stormwatch: watches what people write about a brand and warns its crisis team early"};
  app.require_subcommand(1);
  int exit_code = 0;
  stormwatch::AddDemoCommand(app, exit_code);
  stormwatch::AddPublishCommand(app, exit_code);
  stormwatch::AddRoleCommands(app, exit_code);
  stormwatch::AddReplayCommand(app, exit_code);
  stormwatch::AddDevBrokerCommand(app, exit_code);
  stormwatch::AddSentimentCommand(app, exit_code);
  stormwatch::AddScoreSeriesCommand(app, exit_code);
  stormwatch::AddIngestCommand(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "stormwatch: " << e.what() << " (see stormwatch --help)" << std::endl;
    return 2;
  }
  return exit_code;
}
