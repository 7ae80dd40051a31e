// Reads shipped data files from the embedded copy or from an override directory
// (see embedded_data.h).
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/status/status.h"
#include "operators/enrich/embedded_data.h"

namespace stormwatch::enrich {

absl::StatusOr<std::string> ReadTextFile(const std::string& path) {
  // A directory opens as an empty stream on Linux: refuse it by name (pipes are fine).
  std::error_code ec;
  std::ifstream in;
  if (!std::filesystem::is_directory(path, ec)) in.open(path, std::ios::binary);
  if (!in.is_open()) return absl::NotFoundError("cannot open " + path + " as a file");
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return absl::DataLossError("cannot read " + path);
  return content.str();
}

absl::StatusOr<std::string> ReadDataFile(std::string_view relative_path,
                                         std::string_view override_dir) {
  if (!override_dir.empty()) {
    std::string_view name = relative_path;
    if (const size_t slash = name.find('/'); slash != std::string_view::npos) {
      name = name.substr(slash + 1);
    }
    return ReadTextFile(std::string(override_dir) + "/" + std::string(name));
  }
  for (size_t i = 0; i < kNumEmbeddedFiles; ++i) {
    if (relative_path == kEmbeddedFiles[i].path) return std::string(kEmbeddedFiles[i].content);
  }
  return absl::NotFoundError("no embedded data file data/" + std::string(relative_path));
}

}  // namespace stormwatch::enrich
