#include "app/progress_line.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string_view>

namespace app {
namespace {

int IntField(const nlohmann::json& json, const char* name) {
  const auto it = json.find(name);
  return it != json.end() && it->is_number() ? it->get<int>() : 0;
}

}  // namespace

std::string ShortDuration(double seconds) {
  const long total = std::lround(std::max(0.0, seconds));
  char text[32];
  if (total < 60) {
    std::snprintf(text, sizeof(text), "%lds", total);
  } else if (total < 3600) {
    std::snprintf(text, sizeof(text), "%ldm%02lds", total / 60, total % 60);
  } else {
    std::snprintf(text, sizeof(text), "%ldh%02ldm", total / 3600, (total % 3600) / 60);
  }
  return text;
}

std::string ProgressLine(const nlohmann::json& progress, std::size_t width, bool bar) {
  const int done = IntField(progress, "done");
  const int total = std::max(IntField(progress, "total"), done);
  std::string line;
  if (bar) {
    constexpr int kBarWidth = 20;
    const int filled = total > 0 ? done * kBarWidth / total : 0;
    line = "[" + std::string(static_cast<std::size_t>(filled), '#') +
           std::string(static_cast<std::size_t>(kBarWidth - filled), '.') + "] ";
  }
  line += std::to_string(done) + "/" + std::to_string(total) + " steps";
  if (total > 0 && !bar) line += " (" + std::to_string(done * 100 / total) + "%)";
  // The levels in the order the tree grows; the test artefacts ride along with their parents.
  constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kLevels{{
      {"epics", "epics"},
      {"features", "features"},
      {"stories", "stories"},
      {"tasks", "tasks"},
      {"plan", "test plans"},
      {"suite", "test suites"},
      {"cases", "test cases"},
  }};
  if (const auto steps = progress.find("steps"); steps != progress.end() && steps->is_object()) {
    std::string levels;
    for (const auto& [key, label] : kLevels) {
      const auto level = steps->find(key);
      if (level == steps->end() || IntField(*level, "total") == 0) continue;
      levels += " " + std::string(label) + " " + std::to_string(IntField(*level, "done")) + "/" +
                std::to_string(IntField(*level, "total"));
    }
    if (!levels.empty()) line += " · steps:" + levels;
  }
  if (const auto eta = progress.find("eta_s"); eta != progress.end() && eta->is_number()) {
    if (done < total) line += " · ~" + ShortDuration(eta->get<double>()) + " left";
  }
  if (const auto usage = progress.find("usage"); usage != progress.end() && usage->is_object()) {
    if (const auto cost = usage->find("cost_usd"); cost != usage->end() && cost->is_number()) {
      char text[32];
      std::snprintf(text, sizeof(text), " · $%.2f", cost->get<double>());
      line += text;
    }
  }
  if (const int flagged = IntField(progress, "needs_review"); flagged > 0) {
    line += " · " + std::to_string(flagged) + " to review";
  }
  if (line.size() > width) {
    // Cut on a character boundary: "·" is two bytes in UTF-8.
    std::size_t cut = width;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    line.resize(cut);
  }
  return line;
}

}  // namespace app
