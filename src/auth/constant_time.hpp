#pragma once

#include <string_view>

namespace auth {

// Whether `a` and `b` hold the same bytes, taking a time that depends on their length only, never
// on where they first differ, so an attacker cannot learn a secret one byte at a time by timing.
// For everything compared with a value a client sent: signatures, CSRF tokens. Lengths are not
// secret (every token of a kind has the same one): different lengths return false at once.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace auth
