// Process-wide logging to stderr, one line per message, with secrets redacted
// (librdkafka's config dump prints sasl.password; tokens appear in URLs and headers).
#pragma once

#include <string>
#include <string_view>

#include "pipeline/core/strings.h"

namespace stormwatch {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

// Thread-safe. Messages below the level are dropped (default kInfo; STORMWATCH_LOG_LEVEL).
void SetLogLevel(LogLevel level);
void LogLine(LogLevel level, std::string_view message);

// Masks the values of secret-looking keys ("sasl.password=...", "token": "...",
// "Authorization: Bearer ...", "?secret=...") with "[redacted]".
std::string RedactSecrets(std::string_view text);

template <typename... Args>
void LogInfo(const Args&... args) { LogLine(LogLevel::kInfo, StrCat(args...)); }
template <typename... Args>
void LogWarning(const Args&... args) { LogLine(LogLevel::kWarning, StrCat(args...)); }
template <typename... Args>
void LogError(const Args&... args) { LogLine(LogLevel::kError, StrCat(args...)); }
template <typename... Args>
void LogDebug(const Args&... args) { LogLine(LogLevel::kDebug, StrCat(args...)); }

}  // namespace stormwatch
