// Poller runner and cursor file; see poller.h.
#include "pipeline/ingest/common/poller.h"

#include <filesystem>
#include <fstream>
#include <random>

#include "nlohmann/json.hpp"
#include "pipeline/core/logging.h"
#include "pipeline/core/strings.h"

namespace stormwatch {

CursorFile::CursorFile(std::string path) : path_(std::move(path)) {
  if (path_.empty()) return;
  std::ifstream in(path_);
  if (!in) return;
  nlohmann::json json = nlohmann::json::parse(in, nullptr, false);
  if (!json.is_object()) return;
  for (auto it = json.begin(); it != json.end(); ++it) {
    if (it->is_string()) values_[it.key()] = it->get<std::string>();
  }
}

std::string CursorFile::Get(const std::string& key) const {
  auto it = values_.find(key);
  return it == values_.end() ? "" : it->second;
}

void CursorFile::Set(const std::string& key, const std::string& value) { values_[key] = value; }

absl::Status CursorFile::Save() {
  if (path_.empty()) return absl::OkStatus();
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path_).parent_path(), ec);
  const std::string temp = path_ + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << nlohmann::json(values_).dump();
    if (!out) return absl::UnavailableError(StrCat(path_, ": cannot write cursor file"));
  }
  std::filesystem::rename(temp, path_, ec);
  if (ec) return absl::UnavailableError(StrCat(path_, ": ", ec.message()));
  return absl::OkStatus();
}

PollerRunner::PollerRunner(std::unique_ptr<Poller> poller, BatchSink& out)
    : poller_(std::move(poller)), out_(out) {}

PollerRunner::~PollerRunner() { Stop(); }

void PollerRunner::Start() {
  thread_ = std::thread([this] {
    while (true) {
      const std::chrono::milliseconds delay = poller_->PollOnce(out_);
      absl::MutexLock lock(&mu_);
      ++rounds_;
      if (mu_.AwaitWithTimeout(absl::Condition(&stop_), absl::FromChrono(delay))) return;
    }
  });
}

void PollerRunner::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
  }
  poller_->Interrupt();
  if (thread_.joinable()) thread_.join();
}

int64_t PollerRunner::rounds() const {
  absl::MutexLock lock(&mu_);
  return rounds_;
}

std::chrono::milliseconds Backoff(int failures, std::chrono::milliseconds base,
                                  std::chrono::milliseconds cap) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  const int shift = std::min(failures, 20);
  const int64_t ceiling = std::min<int64_t>(cap.count(), base.count() << shift);
  std::uniform_int_distribution<int64_t> jitter(ceiling / 2, std::max<int64_t>(ceiling / 2, ceiling));
  return std::chrono::milliseconds(jitter(rng));
}

}  // namespace stormwatch
