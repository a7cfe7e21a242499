#include "llm/retry_policy.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>

namespace llm {

std::optional<std::chrono::milliseconds> ParseGoDuration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  double total_ms = 0;
  while (!text.empty()) {
    double number = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc{} || number < 0) return std::nullopt;
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    std::size_t unit_length = 0;
    while (unit_length < text.size() &&
           std::isalpha(static_cast<unsigned char>(text[unit_length]))) {
      ++unit_length;
    }
    const std::string_view unit = text.substr(0, unit_length);
    text.remove_prefix(unit_length);
    if (unit == "h") {
      total_ms += number * 3'600'000;
    } else if (unit == "m") {
      total_ms += number * 60'000;
    } else if (unit == "s") {
      total_ms += number * 1'000;
    } else if (unit == "ms") {
      total_ms += number;
    } else if (unit == "us" || unit == "µs") {
      total_ms += number / 1'000;
    } else if (unit == "ns") {
      total_ms += number / 1'000'000;
    } else {
      return std::nullopt;
    }
  }
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(total_ms)));
}

namespace {

std::optional<std::string> Header(const std::map<std::string, std::string>& headers,
                                  const std::string& name) {
  const auto it = headers.find(name);
  if (it == headers.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

std::optional<double> Number(const std::string& text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::chrono::milliseconds> ServerRequestedWait(
    const std::map<std::string, std::string>& headers, std::chrono::system_clock::time_point now) {
  if (const auto ms = Header(headers, "retry-after-ms")) {
    if (const auto value = Number(*ms); value && *value >= 0) {
      return std::chrono::milliseconds(static_cast<std::int64_t>(*value));
    }
  }
  if (const auto after = Header(headers, "retry-after")) {
    if (const auto seconds = Number(*after); seconds && *seconds >= 0) {
      return std::chrono::milliseconds(static_cast<std::int64_t>(*seconds * 1000));
    }
    std::tm parts{};
    if (strptime(after->c_str(), "%a, %d %b %Y %H:%M:%S GMT", &parts)) {
      const auto when = std::chrono::system_clock::from_time_t(timegm(&parts));
      return std::max(std::chrono::milliseconds(0),
                      std::chrono::duration_cast<std::chrono::milliseconds>(when - now));
    }
  }
  // Without an explicit wait, an exhausted budget tells when it refills.
  std::optional<std::chrono::milliseconds> reset;
  for (const char* budget : {"requests", "tokens"}) {
    const auto remaining = Header(headers, std::string("x-ratelimit-remaining-") + budget);
    const auto reset_text = Header(headers, std::string("x-ratelimit-reset-") + budget);
    if (!remaining || !reset_text || Number(*remaining).value_or(1) > 0) continue;
    if (const auto wait = ParseGoDuration(*reset_text))
      reset = std::max(reset.value_or(*wait), *wait);
  }
  return reset;
}

std::chrono::milliseconds BackoffDelay(const RetryOptions& options, int attempt, double jitter) {
  const double base = static_cast<double>(options.base_delay.count());
  const double capped = std::min(base * std::pow(2.0, std::max(0, attempt)),
                                 static_cast<double>(options.max_delay.count()));
  return std::chrono::milliseconds(static_cast<std::int64_t>(capped * (1.0 - 0.25 * jitter)));
}

}  // namespace llm
