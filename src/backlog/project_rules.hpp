#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// What makes a project's fields acceptable, shared by the API and the vision files of
// `backlog generate`, so both refuse the same input with the same words.
namespace backlog {

inline constexpr std::size_t kMaxProjectNameChars = 200;
inline constexpr std::size_t kMinVisionChars = 20;
inline constexpr std::size_t kMaxVisionBytes = 20'000;
inline constexpr std::size_t kMaxTargetUsersBytes = 2'000;
inline constexpr std::size_t kMaxDomains = 3;

// Each returns why the value is unacceptable, or nullopt when it is fine.
std::optional<std::string> ProjectNameProblem(std::string_view name);
std::optional<std::string> VisionProblem(std::string_view vision);
std::optional<std::string> TargetUsersProblem(std::string_view target_users);
// One to three known domain keys; a repeated key is not a problem (it is dropped).
std::optional<std::string> DomainsProblem(const std::vector<std::string>& domains);

// The domains in order with repeats dropped.
std::vector<std::string> UniqueDomains(const std::vector<std::string>& domains);

}  // namespace backlog
