// The subcommands of the `stormwatch` binary (DESIGN.md "Command line"). Each Add*
// function registers one subcommand; its callback stores the process exit code
// (0 ok, 1 runtime failure, 2 bad usage or config).
#pragma once

#include "CLI/CLI.hpp"

namespace stormwatch {

void AddDemoCommand(CLI::App& app, int& exit_code);
void AddPublishCommand(CLI::App& app, int& exit_code);
void AddRoleCommands(CLI::App& app, int& exit_code);  // operate, alert, run
void AddReplayCommand(CLI::App& app, int& exit_code);
void AddDevBrokerCommand(CLI::App& app, int& exit_code);
void AddIngestCommand(CLI::App& app, int& exit_code);  // webhooks, push API, pollers
void AddSentimentCommand(CLI::App& app, int& exit_code);
void AddScoreSeriesCommand(CLI::App& app, int& exit_code);

}  // namespace stormwatch
