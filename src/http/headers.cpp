#include "http/headers.hpp"

#include <algorithm>

namespace http {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) {
             return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
           };
           return lower(x) == lower(y);
         });
}

std::optional<std::string_view> Headers::Find(std::string_view name) const {
  for (const auto& field : fields_) {
    if (EqualsIgnoreCase(field.name, name)) return std::string_view(field.value);
  }
  return std::nullopt;
}

void Headers::Set(std::string_view name, std::string_view value) {
  Remove(name);
  Add(name, value);
}

void Headers::Add(std::string_view name, std::string_view value) {
  fields_.push_back({std::string(name), std::string(value)});
}

void Headers::Remove(std::string_view name) {
  std::erase_if(fields_, [&](const HeaderField& f) { return EqualsIgnoreCase(f.name, name); });
}

}  // namespace http
