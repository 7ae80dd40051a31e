// UTF-8 validation of untrusted input before it is parsed (webhook and push bodies).
#pragma once

#include <cstddef>
#include <string_view>

namespace stormwatch {

// Offset of the first byte that is not part of well-formed UTF-8 (RFC 3629: no overlong
// forms, no surrogates, at most U+10FFFF), or npos when all of `text` is valid.
size_t FindInvalidUtf8(std::string_view text);

}  // namespace stormwatch
