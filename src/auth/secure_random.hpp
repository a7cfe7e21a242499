#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace auth {

// Random values from the OS CSPRNG (OpenSSL RAND_bytes); throw std::runtime_error if it fails.
std::string RandomHex(std::size_t bytes);
std::string RandomBase64Url(std::size_t bytes);

// SHA-256 of `data` as 64 lower-case hex characters.
std::string Sha256Hex(std::string_view data);

}  // namespace auth
