#pragma once

// What several exporters share (see export.hpp for the formats): numbers and text on one line as
// the readable formats print them, and the CSV writer with its formula-injection guard.
// Internal to backlog/.

#include <string>
#include <string_view>
#include <vector>

#include "backlog/model.hpp"

namespace backlog::internal {

// Shortest decimal form that reads back as the same double ("4", "0.5", "1e+20").
std::string FormatNumber(double value);

// Text on one line: newlines become spaces, trailing spaces go.
std::string OneLine(std::string_view text);

// Story points as a cell: empty when not estimated.
std::string Points(int points);

// RFC 4180 rows with CRLF line ends; every cell passes the formula-injection guard.
class CsvWriter {
 public:
  void Row(const std::vector<std::string>& cells);
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

}  // namespace backlog::internal
