// Starts the real `stormwatch` binary (or any program) from a test, with its output in
// files, and stops it with a signal. Integration and fault tests use it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace stormwatch::testing {

// Not thread-safe. Kills the process (SIGKILL) on destruction if it still runs.
class ChildProcess {
 public:
  // Starts `argv` with stdout and stderr appended to the given files ("" = /dev/null).
  ChildProcess(const std::vector<std::string>& argv, const std::string& stdout_path,
               const std::string& stderr_path);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  void Signal(int signal);
  // Waits for exit; returns the exit code, 128+signal when killed, -1 on timeout.
  int Wait(std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
  int exit_code_ = -1;
};

// The `stormwatch` binary under test (env STORMWATCH_BIN, set by ctest).
std::string StormwatchBinary();
// A new empty directory under the system temp dir.
std::string MakeTempDir(const std::string& prefix);
std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& content);
// Polls `predicate` every 50 ms until it holds or `timeout` passes.
bool WaitFor(const std::function<bool()>& predicate, std::chrono::milliseconds timeout);
// Runs a command to completion, returning its exit code; output captured in *output.
int RunCommand(const std::vector<std::string>& argv, std::string* output,
               std::chrono::milliseconds timeout = std::chrono::seconds(60));

}  // namespace stormwatch::testing
