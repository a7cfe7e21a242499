#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "support/strict_csv.hpp"

namespace testing_support {

// The rows of `text` read by ReadStrictCsv; a departure from RFC 4180 fails the calling test.
inline std::vector<CsvRow> ParseCsv(const std::string& text) {
  StrictCsv csv = ReadStrictCsv(text);
  if (!csv.problem.empty()) ADD_FAILURE() << csv.problem;
  return std::move(csv.rows);
}

}  // namespace testing_support
