// The data files shipped in data/lexicons and data/intents, compiled into the enrich library
// (embed_data.cmake generates the definitions), and a reader that prefers an override
// directory from the operator config when one is given; also the reader of the operator's
// own files (custom_terms).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace stormwatch::enrich {

struct EmbeddedFile {
  const char* path;  // relative to data/, e.g. "intents/da.txt"
  std::string_view content;
};
extern const EmbeddedFile kEmbeddedFiles[];
extern const size_t kNumEmbeddedFiles;

// Returns the content of data/<relative_path>. When `override_dir` is not empty the file is
// read from <override_dir>/<relative_path minus its first folder> instead (so an intents_dir
// of "/etc/sw/intents" serves "intents/da.txt" from "/etc/sw/intents/da.txt").
absl::StatusOr<std::string> ReadDataFile(std::string_view relative_path,
                                         std::string_view override_dir);

// The whole content of the file (or pipe) `path`; NotFound naming the path when it is
// missing, unreadable or a directory.
absl::StatusOr<std::string> ReadTextFile(const std::string& path);

}  // namespace stormwatch::enrich
