// Evidence mention ids of a brand-wide incident (shitstorm, spillover): the detector keeps
// the latest few matching mentions while no incident is open, so that the alert that
// opens one can show the posts that led to it, then collects more until it is full.
#pragma once

#include <deque>
#include <string>
#include <vector>

namespace stormwatch {

// Records the mention `id`: into `samples` (up to `max_samples`) while an incident is
// open, else into `recent`, which keeps the latest `max_samples`.
inline void KeepSampleMention(const std::string& id, bool incident_open, int max_samples,
                              std::vector<std::string>& samples, std::deque<std::string>& recent) {
  if (incident_open) {
    if (static_cast<int>(samples.size()) < max_samples) samples.push_back(id);
  } else if (max_samples > 0) {
    recent.push_back(id);
    if (static_cast<int>(recent.size()) > max_samples) recent.pop_front();
  }
}

// When an incident opens: its samples are the recent mentions, which start over.
inline void StartIncidentSamples(std::deque<std::string>& recent,
                                 std::vector<std::string>& samples) {
  samples.assign(recent.begin(), recent.end());
  recent.clear();
}

}  // namespace stormwatch
