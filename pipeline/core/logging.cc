// Logging with redaction; see logging.h.
#include "pipeline/core/logging.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <regex>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace stormwatch {
namespace {

LogLevel InitialLevel() {
  const char* env = std::getenv("STORMWATCH_LOG_LEVEL");
  if (env == nullptr) return LogLevel::kInfo;
  std::string_view v(env);
  if (v == "debug") return LogLevel::kDebug;
  if (v == "warning") return LogLevel::kWarning;
  if (v == "error") return LogLevel::kError;
  return LogLevel::kInfo;
}

std::atomic<int> g_level{static_cast<int>(InitialLevel())};
std::mutex g_write_mutex;

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return "DEBUG";
    case LogLevel::kInfo: return "INFO";
    case LogLevel::kWarning: return "WARN";
    case LogLevel::kError: return "ERROR";
  }
  return "INFO";
}

}  // namespace

void SetLogLevel(LogLevel level) { g_level = static_cast<int>(level); }

void LogLine(LogLevel level, std::string_view message) {
  if (static_cast<int>(level) < g_level.load(std::memory_order_relaxed)) return;
  const std::string line = StrCat(
      absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone()), " ",
      LevelName(level), " ", RedactSecrets(message), "\n");
  std::lock_guard<std::mutex> lock(g_write_mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

std::string RedactSecrets(std::string_view text) {
  // key=value / key: value / "key": "value" where the key looks secret.
  static const std::regex kKeyValue(
      R"re((["']?[A-Za-z0-9_.\-]*(password|passwd|secret|token|api[_.\-]?key|credential)[A-Za-z0-9_.\-]*["']?\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,&;}]+))re",
      std::regex::icase);
  static const std::regex kBearer(R"re((Bearer|Basic)\s+[A-Za-z0-9._~+/=\-]+)re",
                                  std::regex::icase);
  std::string out = std::regex_replace(std::string(text), kKeyValue, "$1[redacted]");
  out = std::regex_replace(out, kBearer, "$1 [redacted]");
  return out;
}

}  // namespace stormwatch
