#pragma once

#include <cstddef>
#include <string_view>

namespace auth {

// One character of UTF-8 text.
struct Utf8Char {
  char32_t code_point = 0;  // for an invalid byte: the byte itself
  std::size_t size = 1;     // bytes taken
  bool valid = false;       // false: the first byte starts no well-formed sequence (RFC 3629)
};

// The character `text` starts with; `text` must not be empty. A byte that starts no well-formed
// sequence (a stray continuation byte, an overlong form, a surrogate, a cut-off sequence) is an
// invalid character of one byte, so a caller walking the text always moves on.
Utf8Char NextUtf8Char(std::string_view text);

// Characters a log reader may take as a line break or a terminal command: the C0 controls, DEL,
// the C1 controls U+0080..U+009F (NEL, U+0085, among them), LINE SEPARATOR (U+2028) and
// PARAGRAPH SEPARATOR (U+2029). Text a client typed must never reach a log with one of them raw.
bool IsControlOrLineBreak(char32_t code_point);

}  // namespace auth
