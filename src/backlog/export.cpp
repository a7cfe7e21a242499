#include "backlog/export.hpp"

#include <array>
#include <utility>

namespace backlog {
namespace {

constexpr std::array<std::pair<ExportFormat, std::string_view>, 5> kFormatNames = {{
    {ExportFormat::kJson, "json"},
    {ExportFormat::kYaml, "yaml"},
    {ExportFormat::kMarkdown, "markdown"},
    {ExportFormat::kAzureDevOpsCsv, "ado-csv"},
    {ExportFormat::kJiraCsv, "jira-csv"},
}};

}  // namespace

std::optional<ExportFormat> ParseExportFormat(std::string_view name) {
  for (const auto& [format, candidate] : kFormatNames) {
    if (candidate == name) return format;
  }
  return std::nullopt;
}

std::string_view ExportFormatName(ExportFormat format) {
  for (const auto& [candidate, name] : kFormatNames) {
    if (candidate == format) return name;
  }
  return "json";
}

std::string_view ContentTypeFor(ExportFormat format) {
  switch (format) {
    case ExportFormat::kJson:
      return "application/json";
    case ExportFormat::kYaml:
      return "application/yaml";
    case ExportFormat::kMarkdown:
      return "text/markdown; charset=utf-8";
    case ExportFormat::kAzureDevOpsCsv:
    case ExportFormat::kJiraCsv:
      return "text/csv; charset=utf-8";
  }
  return "application/octet-stream";
}

std::string_view FileExtensionFor(ExportFormat format) {
  switch (format) {
    case ExportFormat::kJson:
      return "json";
    case ExportFormat::kYaml:
      return "yaml";
    case ExportFormat::kMarkdown:
      return "md";
    case ExportFormat::kAzureDevOpsCsv:
    case ExportFormat::kJiraCsv:
      return "csv";
  }
  return "bin";
}

std::string ExportBacklog(const Backlog& backlog, ExportFormat format) {
  switch (format) {
    case ExportFormat::kJson:
      return ExportJson(backlog);
    case ExportFormat::kYaml:
      return ExportYaml(backlog);
    case ExportFormat::kMarkdown:
      return ExportMarkdown(backlog);
    case ExportFormat::kAzureDevOpsCsv:
      return ExportAzureDevOpsCsv(backlog);
    case ExportFormat::kJiraCsv:
      return ExportJiraCsv(backlog);
  }
  return ExportJson(backlog);
}

}  // namespace backlog
