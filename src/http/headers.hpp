#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace http {

struct HeaderField {
  std::string name;  // as received or set; compared without regard to case
  std::string value;
};

// An ordered list of header fields with case-insensitive lookup. Small on purpose: requests carry
// a handful of fields, so a vector beats a map.
class Headers {
 public:
  // The first value of `name`, if present.
  std::optional<std::string_view> Find(std::string_view name) const;
  bool Contains(std::string_view name) const { return Find(name).has_value(); }
  // Replaces every field called `name` with one field.
  void Set(std::string_view name, std::string_view value);
  // Appends a field, keeping existing ones of the same name (Set-Cookie, Vary).
  void Add(std::string_view name, std::string_view value);
  void Remove(std::string_view name);

  const std::vector<HeaderField>& fields() const { return fields_; }
  bool empty() const { return fields_.empty(); }

 private:
  std::vector<HeaderField> fields_;
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace http
