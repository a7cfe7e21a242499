#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace testing_support {

using CsvRow = std::vector<std::string>;

struct StrictCsv {
  std::vector<CsvRow> rows;
  std::string problem;  // the first departure from RFC 4180, with its offset; empty when none
};

// A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes (which may hold
// commas and line breaks). A bare CR or LF outside quotes, an unterminated quote or a last record
// without CRLF is a problem; reading goes on so the rows are still there to inspect. Without
// gtest, so the CSV fuzz target reads exports with the same rules as the tests.
inline StrictCsv ReadStrictCsv(std::string_view text) {
  StrictCsv csv;
  const auto problem = [&csv](std::string message) {
    if (csv.problem.empty()) csv.problem = std::move(message);
  };
  CsvRow row;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\r') {
      if (i + 1 >= text.size() || text[i + 1] != '\n') problem("bare CR at " + std::to_string(i));
      row.push_back(std::move(field));
      field.clear();
      csv.rows.push_back(std::move(row));
      row.clear();
      ++i;
    } else {
      if (c == '\n') problem("bare LF at " + std::to_string(i));
      field += c;
    }
  }
  if (quoted) problem("an unterminated quoted field");
  if (!field.empty() || !row.empty()) {
    problem("the last record does not end with CRLF");
    row.push_back(std::move(field));
    csv.rows.push_back(std::move(row));
  }
  return csv;
}

}  // namespace testing_support
