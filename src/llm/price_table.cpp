#include "llm/price_table.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace llm {

PriceTable PriceTable::Parse(std::string_view json_text) {
  const auto document = nlohmann::json::parse(json_text, nullptr, false);
  if (document.is_discarded() || !document.is_object() || !document.contains("models") ||
      !document["models"].is_object()) {
    throw std::runtime_error(
        "expected {\"models\": {NAME: {input_per_million, output_per_million}}}");
  }
  PriceTable table;
  for (const auto& [model, price] : document["models"].items()) {
    if (!price.is_object() || !price.contains("input_per_million") ||
        !price.contains("output_per_million") || !price["input_per_million"].is_number() ||
        !price["output_per_million"].is_number()) {
      throw std::runtime_error("model " + model +
                               " needs numeric input_per_million and output_per_million");
    }
    table.prices_.push_back({model, price["input_per_million"].get<double>(),
                             price["output_per_million"].get<double>()});
  }
  return table;
}

PriceTable PriceTable::Load(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read the price table " + file.string());
  std::stringstream text;
  text << in.rdbuf();
  try {
    return Parse(text.str());
  } catch (const std::exception& error) {
    throw std::runtime_error("the price table " + file.string() + " is invalid: " + error.what());
  }
}

std::optional<double> PriceTable::Cost(std::string_view model, std::int64_t prompt_tokens,
                                       std::int64_t completion_tokens) const {
  const Price* best = nullptr;
  for (const auto& price : prices_) {
    if (model.substr(0, price.model.size()) == price.model &&
        (!best || price.model.size() > best->model.size())) {
      best = &price;
    }
  }
  if (!best) return std::nullopt;
  return (static_cast<double>(prompt_tokens) * best->input_per_million +
          static_cast<double>(completion_tokens) * best->output_per_million) /
         1'000'000.0;
}

}  // namespace llm
