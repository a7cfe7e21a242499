#include "auth/log_text.hpp"

namespace auth {

Utf8Char NextUtf8Char(std::string_view text) {
  const auto byte = [&](std::size_t index) { return static_cast<unsigned char>(text[index]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return {lead, 1, true};
  // The second byte's range also rules out overlong forms, surrogates and code points past
  // U+10FFFF (RFC 3629, section 4).
  std::size_t size = 0;
  char32_t code_point = 0;
  unsigned char second_min = 0x80;
  unsigned char second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    size = 2;
    code_point = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    size = 3;
    code_point = lead & 0x0F;
    if (lead == 0xE0) second_min = 0xA0;
    if (lead == 0xED) second_max = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    size = 4;
    code_point = lead & 0x07;
    if (lead == 0xF0) second_min = 0x90;
    if (lead == 0xF4) second_max = 0x8F;
  } else {
    return {lead, 1, false};
  }
  if (text.size() < size) return {lead, 1, false};
  for (std::size_t index = 1; index < size; ++index) {
    const unsigned char next = byte(index);
    const unsigned char min = index == 1 ? second_min : 0x80;
    const unsigned char max = index == 1 ? second_max : 0xBF;
    if (next < min || next > max) return {lead, 1, false};
    code_point = (code_point << 6) | (next & 0x3F);
  }
  return {code_point, size, true};
}

bool IsControlOrLineBreak(char32_t code_point) {
  return code_point < 0x20 || (code_point >= 0x7F && code_point <= 0x9F) || code_point == 0x2028 ||
         code_point == 0x2029;
}

}  // namespace auth
