#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llm {

// US dollars per million tokens, by model name, from a JSON file:
//   {"models": {"gpt-4o-mini": {"input_per_million": 0.15, "output_per_million": 0.60}, ...}}
// A dated model name ("gpt-4o-mini-2024-07-18") uses the longest listed prefix.
class PriceTable {
 public:
  PriceTable() = default;
  // Throws std::runtime_error naming the file and the problem.
  static PriceTable Load(const std::filesystem::path& file);
  static PriceTable Parse(std::string_view json_text);

  std::optional<double> Cost(std::string_view model, std::int64_t prompt_tokens,
                             std::int64_t completion_tokens) const;
  std::size_t size() const { return prices_.size(); }

 private:
  struct Price {
    std::string model;
    double input_per_million = 0;
    double output_per_million = 0;
  };
  std::vector<Price> prices_;
};

}  // namespace llm
