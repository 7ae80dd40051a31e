// How an alert reads to a person: one line with event time, kind, brand, severity,
// state and the summary with its numbers. Used by the console sink and the CLI.
#pragma once

#include <string>

#include "stormwatch/v1/alert.pb.h"

namespace stormwatch {

// "2026-11-27T18:04:00Z  SPILLOVER  telenova  WARNING  FIRING  longest wait 14 min, ..."
std::string FormatAlertLine(const v1::Alert& alert);

}  // namespace stormwatch
