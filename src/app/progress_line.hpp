#pragma once

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace app {

// One line describing a generation job's progress event (steps done of total, per level, time
// left and cost), at most `width` characters. With `bar`, it starts with a bar for terminals:
//   [#########...........] 45/120  epics 1/1 features 3/3 stories 12/12 tasks 20/60  ~1m12s $0.03
std::string ProgressLine(const nlohmann::json& progress, std::size_t width, bool bar);

// "45s", "3m07s", "1h02m".
std::string ShortDuration(double seconds);

}  // namespace app
