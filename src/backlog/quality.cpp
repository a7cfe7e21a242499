#include "backlog/quality.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <utility>

#include "backlog/text.hpp"

namespace backlog {
namespace {

using text::Contains;
using text::CountCharacters;
using text::FindPhrase;
using text::IsBlank;
using text::IsDigit;
using text::IsSpace;
using text::IsUpper;
using text::Jaccard;
using text::Join;
using text::Tokens;
using text::ToLower;
using text::Trim;
using text::Words;

// Error weights per rule (see the table in quality.hpp). Unknown rules cost kDefaultWeight.
constexpr int kDefaultWeight = 10;
constexpr auto kRuleWeights = std::to_array<std::pair<std::string_view, int>>({
    {"epic.title", 15},
    {"epic.description", 20},
    {"epic.enum", 10},
    {"epic.unique", 25},
    {"feature.title", 15},
    {"feature.description", 20},
    {"feature.enum", 10},
    {"feature.unique", 25},
    {"story.title", 10},
    {"story.well_formed", 30},
    {"story.valuable", 15},
    {"story.role", 15},
    {"story.atomic", 20},
    {"story.estimable", 15},
    {"story.small", 20},
    {"story.criteria_count", 15},
    {"story.criteria_gherkin", 15},
    {"story.enum", 10},
    {"story.unique", 25},
    {"task.action_verb", 20},
    {"task.estimate", 20},
    {"task.description", 15},
    {"task.enum", 10},
    {"task.unique", 25},
    {"test_case.title", 20},
    {"test_case.steps", 30},
    {"test_case.step_complete", 20},
    {"test_case.type", 10},
    {"test_plan.approach", 30},
    {"test_plan.entry_criteria", 20},
    {"test_plan.exit_criteria", 20},
    {"test_suite.name", 30},
    {"test_suite.objectives", 30},
});

constexpr auto kPriorities = std::to_array<std::string_view>({"High", "Medium", "Low"});
constexpr auto kComplexities = std::to_array<std::string_view>({"XS", "S", "M", "L", "XL"});
constexpr auto kEpicCategories =
    std::to_array<std::string_view>({"core_platform", "user_experience", "data_management",
                                     "integration", "security", "performance", "administration"});
constexpr auto kFeatureCategories =
    std::to_array<std::string_view>({"core_functionality", "user_interface", "data_management",
                                     "integration", "security", "performance", "administration"});
constexpr auto kFeaturePoints = std::to_array<int>({1, 2, 3, 5, 8, 13, 21});
constexpr auto kStoryPoints = std::to_array<int>({1, 2, 3, 5, 8, 13});
constexpr auto kStoryCategories =
    std::to_array<std::string_view>({"authentication", "data_management", "ui_ux", "integration",
                                     "security", "performance", "administration"});
constexpr auto kUserTypes = std::to_array<std::string_view>(
    {"new_user", "existing_user", "admin", "power_user", "casual_user"});
constexpr auto kTaskCategories = std::to_array<std::string_view>(
    {"frontend", "backend", "database", "api", "testing", "deployment", "configuration"});
constexpr auto kTaskComplexities = std::to_array<std::string_view>({"Low", "Medium", "High"});
constexpr auto kTestCaseTypes =
    std::to_array<std::string_view>({"positive", "negative", "boundary", "integration"});

constexpr int kMinTitle = 5;
constexpr int kMaxEpicTitle = 60;
constexpr int kMaxFeatureTitle = 80;
constexpr int kMaxStoryTitle = 80;
constexpr std::size_t kMinCriteria = 3;
constexpr std::size_t kMaxCriteria = 7;
constexpr double kMinTaskHours = 0.5;
constexpr double kMaxTaskHours = 16;

// Means indicators after the role, longest first so "i want to" wins over "i want".
constexpr std::string_view kSoThat = "so that";
constexpr auto kMeansIndicators = std::to_array<std::string_view>(
    {"i should be able to", "i would like to", "i would like", "i am able to", "i want to",
     "i wish to", "i need to", "i want", "i need", "i can", "i'd like to", "i'd like"});

constexpr auto kPlaceholderRoles = std::to_array<std::string_view>(
    {"role", "user role", "persona", "someone", "somebody", "anyone", "anybody", "person", "tbd",
     "todo", "xxx", "n/a", "...", "type of user"});
constexpr auto kGenericRoles = std::to_array<std::string_view>(
    {"user", "end user", "end-user", "system", "the system", "actor", "individual", "stakeholder"});

// Base-form verbs that start a second goal after a conjunction in a story's goal.
constexpr auto kGoalVerbs = std::to_array<std::string_view>({
    "access",    "add",     "apply",    "approve",   "archive",   "assign",      "attach",
    "book",      "browse",  "buy",      "calculate", "cancel",    "change",      "check",
    "choose",    "close",   "comment",  "compare",   "complete",  "configure",   "confirm",
    "connect",   "contact", "copy",     "create",    "customise", "customize",   "deactivate",
    "delete",    "disable", "download", "duplicate", "edit",      "enable",      "enter",
    "export",    "fill",    "filter",   "find",      "generate",  "get",         "hide",
    "import",    "invite",  "join",     "leave",     "link",      "manage",      "mark",
    "merge",     "modify",  "monitor",  "move",      "notify",    "open",        "pay",
    "pick",      "post",    "print",    "publish",   "purchase",  "receive",     "redeem",
    "register",  "reject",  "remove",   "rename",    "renew",     "reply",       "reschedule",
    "reset",     "restore", "retrieve", "review",    "save",      "schedule",    "search",
    "see",       "select",  "send",     "share",     "sign",      "sort",        "submit",
    "subscribe", "swap",    "sync",     "track",     "transfer",  "unsubscribe", "update",
    "upload",    "verify",  "view",     "withdraw",  "write",
});
constexpr auto kNewSubjects =
    std::to_array<std::string_view>({"i", "we", "they", "he", "she", "it"});
constexpr auto kConjunctionFillers = std::to_array<std::string_view>({"to", "also", "then"});

// Task titles start with one of these (compared case-insensitively on the first word, so "Set"
// covers "Set up").
constexpr auto kTaskVerbs = std::to_array<std::string_view>({
    "implement",   "create",       "add",      "build",     "write",    "configure", "design",
    "update",      "test",         "validate", "integrate", "set",      "refactor",  "document",
    "deploy",      "migrate",      "define",   "review",    "optimize", "optimise",  "remove",
    "develop",     "establish",    "extend",   "expose",    "enable",   "install",   "instrument",
    "investigate", "monitor",      "automate", "connect",   "replace",  "fix",       "prepare",
    "provision",   "research",     "secure",   "seed",      "verify",   "wire",      "model",
    "split",       "rename",       "enforce",  "generate",  "encrypt",  "cache",     "index",
    "audit",       "benchmark",    "publish",  "schedule",  "store",    "expand",    "draft",
    "set-up",      "containerize", "localize", "style",
});

// Words left out of the sets compared for near-duplicates: the story template and glue words.
constexpr auto kStopWords = std::to_array<std::string_view>(
    {"a",  "an", "the", "as",  "i",    "want",  "to",   "so",   "that", "can",
     "be", "my", "of",  "for", "and",  "or",    "in",   "on",   "with", "is",
     "it", "me", "we",  "our", "able", "would", "like", "need", "at",   "by"});

// Sorted, unique words of `text` minus stop words; sorted so Jaccard is a linear merge.
using WordSet = std::vector<std::string>;

WordSet NormalizedWordSet(std::string_view text) {
  WordSet set;
  for (std::string& word : Words(text)) {
    if (!Contains(kStopWords, word)) set.push_back(std::move(word));
  }
  std::sort(set.begin(), set.end());
  set.erase(std::unique(set.begin(), set.end()), set.end());
  return set;
}

// Jaccard(a, b) >= threshold needs min(|a|,|b|) >= threshold * max(|a|,|b|); checking that first
// skips most pairs of a large backlog without a merge.
bool NearlySame(const WordSet& a, const WordSet& b) {
  // By value: std::minmax on temporaries would hand back dangling references.
  const std::size_t smaller = std::min(a.size(), b.size());
  const std::size_t larger = std::max(a.size(), b.size());
  if (static_cast<double>(smaller) < kDuplicateSimilarity * static_cast<double>(larger)) {
    return false;
  }
  return Jaccard(a, b) >= kDuplicateSimilarity;
}

std::string Quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

class FindingList {
 public:
  void Error(std::string rule, std::string message) {
    findings_.push_back({std::move(rule), std::move(message), Severity::kError});
  }
  void Warning(std::string rule, std::string message) {
    findings_.push_back({std::move(rule), std::move(message), Severity::kWarning});
  }
  Quality Done() {
    Quality quality;
    quality.score = ScoreFor(findings_);
    quality.findings = std::move(findings_);
    return quality;
  }

 private:
  std::vector<Finding> findings_;
};

void CheckTitleLength(FindingList& findings, std::string_view rule, std::string_view kind,
                      std::string_view title, int max) {
  const int length = CountCharacters(Trim(title));
  if (length == 0) {
    findings.Error(std::string(rule), "The " + std::string(kind) + " has no title; give it a " +
                                          "title of " + std::to_string(kMinTitle) + " to " +
                                          std::to_string(max) + " characters.");
  } else if (length < kMinTitle || length > max) {
    findings.Error(std::string(rule),
                   "The title is " + std::to_string(length) + " characters long; it must be " +
                       std::to_string(kMinTitle) + " to " + std::to_string(max) + " characters.");
  }
}

// A sentence that starts with a capital letter or digit (or a non-ASCII letter, whose case is
// not checked), has at least three words and ends with . ! or ?.
bool HasFullSentence(std::string_view text) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool terminator = c == '.' || c == '!' || c == '?';
    if (!terminator || (i + 1 < text.size() && !IsSpace(text[i + 1]))) continue;
    const std::string_view sentence = Trim(text.substr(start, i + 1 - start));
    start = i + 1;
    if (sentence.empty()) continue;
    const char first = sentence.front();
    const bool capital = IsUpper(first) || IsDigit(first) ||
                         static_cast<unsigned char>(first) >= 0x80 || first == '"';
    if (capital && Words(sentence).size() >= 3) return true;
  }
  return false;
}

void CheckDescription(FindingList& findings, std::string_view rule, std::string_view kind,
                      std::string_view description) {
  if (IsBlank(description)) {
    findings.Error(std::string(rule), "The " + std::string(kind) +
                                          " has no description; write two or three full "
                                          "sentences on what it delivers and why.");
  } else if (!HasFullSentence(description)) {
    findings.Error(std::string(rule),
                   "The description has no full sentence; write at least one sentence that "
                   "starts with a capital letter and ends with a period.");
  }
}

template <typename Range>
void CheckEnum(FindingList& findings, std::string_view rule, std::string_view field,
               std::string_view value, const Range& allowed) {
  if (Contains(allowed, value)) return;
  const std::string shown = value.empty() ? "empty" : Quoted(value);
  findings.Error(std::string(rule),
                 std::string(field) + " is " + shown + "; use one of " + Join(allowed, ", ") + ".");
}

template <std::size_t N>
std::string JoinInts(const std::array<int, N>& values) {
  std::vector<std::string> parts;
  for (const int value : values) parts.push_back(std::to_string(value));
  return Join(parts, ", ");
}

// `text` without surrounding spaces and trailing commas.
std::string CleanClause(std::string_view text) {
  text = Trim(text);
  while (!text.empty() && (text.back() == ',' || IsSpace(text.back()))) text.remove_suffix(1);
  return std::string(text);
}

// The first goal verb after a conjunction in `goal`, with that conjunction, e.g.
// {"and", "cancel"}; nullopt when the goal is atomic by the heuristic in quality.hpp.
std::optional<std::pair<std::string, std::string>> SecondGoal(std::string_view goal) {
  const std::vector<std::string> tokens = Tokens(goal);
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    const std::string& conjunction = tokens[i];
    if (conjunction != "and" && conjunction != "or" && conjunction != "&" &&
        conjunction != "and/or") {
      continue;
    }
    std::size_t next = i + 1;
    while (next < tokens.size() && Contains(kConjunctionFillers, tokens[next])) ++next;
    if (next >= tokens.size()) break;
    if (Contains(kGoalVerbs, tokens[next]) || Contains(kNewSubjects, tokens[i + 1])) {
      return std::make_pair(conjunction, tokens[next]);
    }
  }
  return std::nullopt;
}

// Gherkin order check: the words given, when, then appear in that order.
bool IsGivenWhenThen(std::string_view criterion) {
  const std::vector<std::string> words = Words(criterion);
  const auto given = std::find(words.begin(), words.end(), "given");
  if (given == words.end()) return false;
  const auto when = std::find(given, words.end(), "when");
  if (when == words.end()) return false;
  return std::find(when, words.end(), "then") != words.end();
}

void CheckUserStory(FindingList& findings, std::string_view user_story) {
  if (IsBlank(user_story)) {
    findings.Error("story.well_formed",
                   "The user story is empty; write it as \"As a <role>, I want <goal>, so that "
                   "<benefit>.\"");
    return;
  }
  const std::optional<UserStoryParts> parts = ParseUserStory(user_story);
  if (!parts) {
    findings.Error("story.well_formed",
                   "The user story does not follow \"As a <role>, I want <goal>, so that "
                   "<benefit>.\"; rewrite it in that form.");
    return;
  }
  if (parts->role.empty()) {
    findings.Error("story.well_formed", "The user story names no role after \"As a\".");
  } else {
    const std::string role = ToLower(parts->role);
    const bool bracketed = role.find_first_of("<>[]{}") != std::string::npos;
    if (bracketed || Contains(kPlaceholderRoles, role)) {
      findings.Error("story.role", "The role " + Quoted(parts->role) +
                                       " is a placeholder; name the real kind of user.");
    } else if (Contains(kGenericRoles, role)) {
      findings.Warning("story.role", "The role " + Quoted(parts->role) +
                                         " is generic; name the specific kind of user who "
                                         "benefits (e.g. \"shift nurse\", \"store manager\").");
    }
  }
  if (parts->goal.empty()) {
    findings.Error("story.well_formed", "The user story states no goal after \"I want\".");
  } else if (const auto second = SecondGoal(parts->goal)) {
    findings.Error("story.atomic", "The goal joins two goals with " + Quoted(second->first) + " (" +
                                       Quoted(parts->goal) +
                                       "); keep one goal per story and move the part "
                                       "starting with " +
                                       Quoted(second->second) + " to its own story.");
  }
  if (!parts->benefit || parts->benefit->empty()) {
    findings.Error("story.valuable",
                   "The user story has no \"so that <benefit>\" clause; add why the role wants "
                   "this.");
  }

  const std::string_view text = Trim(user_story);
  std::vector<std::string> problems;
  if (!IsUpper(text.front())) problems.push_back("start with a capital letter");
  if (text.back() != '.' || (text.size() > 1 && text[text.size() - 2] == '.')) {
    problems.push_back("end with a single period");
  }
  if (text.find_first_of("\r\n") != std::string_view::npos) problems.push_back("fit on one line");
  const std::string_view body = text.substr(0, text.size() - 1);
  for (std::size_t i = 0; i + 1 < body.size(); ++i) {
    if ((body[i] == '.' || body[i] == '!' || body[i] == '?' || body[i] == ';') &&
        IsSpace(body[i + 1])) {
      problems.push_back("be one sentence (move extra detail to the description)");
      break;
    }
  }
  if (!problems.empty()) {
    findings.Warning("story.full_sentence",
                     "The user story should be one full sentence: " + Join(problems, ", ") + ".");
  }
}

void CheckPoints(FindingList& findings, int points) {
  if (points > 13) {
    findings.Error("story.small", "The story is estimated at " + std::to_string(points) +
                                      " points, more than 13; split it into smaller stories.");
  } else if (!Contains(kStoryPoints, points)) {
    findings.Error("story.estimable", "story_points is " + std::to_string(points) +
                                          "; use one of " + JoinInts(kStoryPoints) + ".");
  } else if (points == 13) {
    findings.Warning("story.small",
                     "The story is estimated at 13 points; consider splitting it so it fits "
                     "comfortably in a sprint.");
  }
}

void CheckCriteria(FindingList& findings, const std::vector<std::string>& criteria) {
  if (criteria.size() < kMinCriteria || criteria.size() > kMaxCriteria) {
    findings.Error("story.criteria_count", "The story has " + std::to_string(criteria.size()) +
                                               " acceptance criteria; write " +
                                               std::to_string(kMinCriteria) + " to " +
                                               std::to_string(kMaxCriteria) + ".");
  }
  std::vector<std::string> failing;
  for (std::size_t i = 0; i < criteria.size(); ++i) {
    if (!IsGivenWhenThen(criteria[i])) failing.push_back(std::to_string(i + 1));
  }
  if (!failing.empty()) {
    const bool one = failing.size() == 1;
    findings.Error("story.criteria_gherkin",
                   (one ? "Acceptance criterion " : "Acceptance criteria ") + Join(failing, ", ") +
                       (one ? " does" : " do") +
                       " not read \"Given <context>, When <action>, Then <outcome>\"; rewrite "
                       "it in that order, keeping the three keywords.");
  }
}

bool StartsWithTaskVerb(std::string_view title) {
  const std::vector<std::string> words = Tokens(Trim(title));
  if (words.empty()) return false;
  return Contains(kTaskVerbs, words.front());
}

// A pairwise near-duplicate scan over `items` in order: the later item of each similar pair gets
// an error, the earlier one a warning.
struct DuplicateCandidate {
  Quality* quality;
  std::string label;           // e.g. "story \"Book a shift\" (S-3)"
  std::vector<WordSet> texts;  // compared pairwise, index by index
};

void MarkDuplicates(std::vector<DuplicateCandidate>& items, std::string_view rule) {
  for (std::size_t later = 1; later < items.size(); ++later) {
    for (std::size_t earlier = 0; earlier < later; ++earlier) {
      bool similar = false;
      for (std::size_t t = 0; t < items[later].texts.size() && !similar; ++t) {
        similar = NearlySame(items[later].texts[t], items[earlier].texts[t]);
      }
      if (!similar) continue;
      items[later].quality->findings.push_back(
          {std::string(rule),
           "This nearly duplicates " + items[earlier].label +
               "; make it cover something different or drop it.",
           Severity::kError});
      items[earlier].quality->findings.push_back(
          {std::string(rule), items[later].label + " nearly duplicates this one.",
           Severity::kWarning});
      break;  // one duplicate finding per later item is enough to act on
    }
  }
}

std::string Label(std::string_view kind, std::string_view title, std::string_view id) {
  std::string label = std::string(kind) + " " + Quoted(title);
  if (!id.empty()) label += " (" + std::string(id) + ")";
  return label;
}

bool IsUniqueRule(const Finding& finding) {
  constexpr std::string_view kSuffix = ".unique";
  return finding.rule.size() >= kSuffix.size() &&
         finding.rule.compare(finding.rule.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0;
}

void ClearUnique(Quality& quality) { std::erase_if(quality.findings, IsUniqueRule); }

}  // namespace

std::optional<UserStoryParts> ParseUserStory(std::string_view user_story) {
  const std::string_view text = Trim(user_story);
  const std::string lower = ToLower(text);
  std::size_t role_start = 0;
  if (lower.starts_with("as an ")) {
    role_start = 6;
  } else if (lower.starts_with("as a ")) {
    role_start = 5;
  } else {
    return std::nullopt;
  }
  std::size_t means_at = std::string::npos;
  std::size_t means_length = 0;
  for (const std::string_view indicator : kMeansIndicators) {
    const std::size_t at = FindPhrase(lower, indicator, role_start);
    if (at < means_at) {
      means_at = at;
      means_length = indicator.size();
    }
  }
  if (means_at == std::string::npos) return std::nullopt;

  UserStoryParts parts;
  parts.role = CleanClause(text.substr(role_start, means_at - role_start));
  const std::size_t goal_start = means_at + means_length;
  const std::size_t ends_at = FindPhrase(lower, kSoThat, goal_start);
  if (ends_at == std::string::npos) {
    std::string goal = CleanClause(text.substr(goal_start));
    while (!goal.empty() && goal.back() == '.') goal.pop_back();
    parts.goal = std::move(goal);
    return parts;
  }
  parts.goal = CleanClause(text.substr(goal_start, ends_at - goal_start));
  std::string benefit = CleanClause(text.substr(ends_at + kSoThat.size()));
  while (!benefit.empty() && benefit.back() == '.') benefit.pop_back();
  parts.benefit = std::string(Trim(benefit));
  return parts;
}

Quality AssessEpic(const Epic& epic) {
  FindingList findings;
  CheckTitleLength(findings, "epic.title", "epic", epic.title, kMaxEpicTitle);
  CheckDescription(findings, "epic.description", "epic", epic.description);
  CheckEnum(findings, "epic.enum", "priority", epic.priority, kPriorities);
  CheckEnum(findings, "epic.enum", "estimated_complexity", epic.estimated_complexity,
            kComplexities);
  CheckEnum(findings, "epic.enum", "category", epic.category, kEpicCategories);
  return findings.Done();
}

Quality AssessFeature(const Feature& feature) {
  FindingList findings;
  CheckTitleLength(findings, "feature.title", "feature", feature.title, kMaxFeatureTitle);
  CheckDescription(findings, "feature.description", "feature", feature.description);
  CheckEnum(findings, "feature.enum", "category", feature.category, kFeatureCategories);
  if (!Contains(kFeaturePoints, feature.estimated_story_points)) {
    findings.Error("feature.enum", "estimated_story_points is " +
                                       std::to_string(feature.estimated_story_points) +
                                       "; use one of " + JoinInts(kFeaturePoints) + ".");
  }
  return findings.Done();
}

Quality AssessStory(const Story& story) {
  FindingList findings;
  CheckTitleLength(findings, "story.title", "story", story.title, kMaxStoryTitle);
  CheckUserStory(findings, story.user_story);
  CheckPoints(findings, story.story_points);
  CheckCriteria(findings, story.acceptance_criteria);
  CheckEnum(findings, "story.enum", "category", story.category, kStoryCategories);
  CheckEnum(findings, "story.enum", "user_type", story.user_type, kUserTypes);
  return findings.Done();
}

Quality AssessTask(const Task& task) {
  FindingList findings;
  if (IsBlank(task.title)) {
    findings.Error("task.action_verb",
                   "The task has no title; start one with an action verb such as Implement, "
                   "Create or Configure.");
  } else if (!StartsWithTaskVerb(task.title)) {
    findings.Error("task.action_verb",
                   "The title " + Quoted(Trim(task.title)) +
                       " does not start with an action verb; begin with one such as Implement, "
                       "Create, Add, Configure, Write, Test or Set up.");
  }
  if (!std::isfinite(task.estimate_hours) || task.estimate_hours < kMinTaskHours ||
      task.estimate_hours > kMaxTaskHours) {
    std::string hours = std::to_string(task.estimate_hours);
    hours.erase(hours.find_last_not_of('0') + 1);
    if (!hours.empty() && hours.back() == '.') hours.pop_back();
    findings.Error("task.estimate", "estimate_hours is " + hours +
                                        "; a task takes 0.5 to 16 hours, so split larger work "
                                        "into several tasks.");
  }
  if (IsBlank(task.description)) {
    findings.Error("task.description",
                   "The task has no description; say what is built and how it is verified.");
  }
  CheckEnum(findings, "task.enum", "category", task.category, kTaskCategories);
  CheckEnum(findings, "task.enum", "complexity", task.complexity, kTaskComplexities);
  return findings.Done();
}

Quality AssessTestCase(const TestCase& test_case) {
  FindingList findings;
  if (IsBlank(test_case.title)) {
    findings.Error("test_case.title", "The test case has no title; name what it verifies.");
  }
  if (test_case.steps.empty()) {
    findings.Error("test_case.steps",
                   "The test case has no steps; add numbered steps, each with an action and "
                   "an expected result.");
  }
  std::vector<std::string> incomplete;
  for (std::size_t i = 0; i < test_case.steps.size(); ++i) {
    const TestStep& step = test_case.steps[i];
    if (IsBlank(step.action) || IsBlank(step.expected)) {
      incomplete.push_back(std::to_string(i + 1));
    }
  }
  if (!incomplete.empty()) {
    const bool one = incomplete.size() == 1;
    findings.Error("test_case.step_complete",
                   (one ? "Step " : "Steps ") + Join(incomplete, ", ") +
                       (one ? " lacks" : " lack") +
                       " an action or an expected result; give every step both.");
  }
  CheckEnum(findings, "test_case.type", "type", test_case.type, kTestCaseTypes);
  return findings.Done();
}

Quality AssessTestPlan(const TestPlan& plan) {
  FindingList findings;
  if (IsBlank(plan.test_approach)) {
    findings.Error("test_plan.approach",
                   "The test plan has no test approach; describe how the feature is tested.");
  }
  const auto has_item = [](const std::vector<std::string>& items) {
    return std::any_of(items.begin(), items.end(),
                       [](const std::string& item) { return !IsBlank(item); });
  };
  if (!has_item(plan.entry_criteria)) {
    findings.Error("test_plan.entry_criteria",
                   "The test plan has no entry criteria; state what must hold before testing "
                   "starts.");
  }
  if (!has_item(plan.exit_criteria)) {
    findings.Error("test_plan.exit_criteria",
                   "The test plan has no exit criteria; state when testing is done.");
  }
  return findings.Done();
}

Quality AssessTestSuite(const TestSuite& suite) {
  FindingList findings;
  if (IsBlank(suite.name)) {
    findings.Error("test_suite.name", "The test suite has no name.");
  }
  const bool has_objective =
      std::any_of(suite.test_objectives.begin(), suite.test_objectives.end(),
                  [](const std::string& objective) { return !IsBlank(objective); });
  if (!has_objective) {
    findings.Error("test_suite.objectives",
                   "The test suite has no test objectives; list what the suite must prove.");
  }
  return findings.Done();
}

void FindDuplicates(Backlog& backlog) {
  std::vector<DuplicateCandidate> epics;
  std::vector<DuplicateCandidate> stories;
  for (Epic& epic : backlog.epics) {
    ClearUnique(epic.quality);
    epics.push_back(
        {&epic.quality, Label("epic", epic.title, epic.id), {NormalizedWordSet(epic.title)}});
    std::vector<DuplicateCandidate> features;
    for (Feature& feature : epic.features) {
      ClearUnique(feature.quality);
      features.push_back({&feature.quality,
                          Label("feature", feature.title, feature.id),
                          {NormalizedWordSet(feature.title)}});
      for (Story& story : feature.stories) {
        ClearUnique(story.quality);
        stories.push_back({&story.quality,
                           Label("story", story.title, story.id),
                           {NormalizedWordSet(story.user_story), NormalizedWordSet(story.title)}});
        std::vector<DuplicateCandidate> tasks;
        for (Task& task : story.tasks) {
          ClearUnique(task.quality);
          tasks.push_back(
              {&task.quality, Label("task", task.title, task.id), {NormalizedWordSet(task.title)}});
        }
        MarkDuplicates(tasks, "task.unique");
      }
    }
    MarkDuplicates(features, "feature.unique");
  }
  MarkDuplicates(epics, "epic.unique");
  MarkDuplicates(stories, "story.unique");

  for (Epic& epic : backlog.epics) {
    epic.quality.score = ScoreFor(epic.quality.findings);
    for (Feature& feature : epic.features) {
      feature.quality.score = ScoreFor(feature.quality.findings);
      for (Story& story : feature.stories) {
        story.quality.score = ScoreFor(story.quality.findings);
        for (Task& task : story.tasks) task.quality.score = ScoreFor(task.quality.findings);
      }
    }
  }
}

double WordSetSimilarity(std::string_view a, std::string_view b) {
  return Jaccard(NormalizedWordSet(a), NormalizedWordSet(b));
}

int PenaltyFor(const Finding& finding) {
  if (finding.severity == Severity::kWarning) return kWarningPenalty;
  for (const auto& [rule, weight] : kRuleWeights) {
    if (rule == finding.rule) return weight;
  }
  return kDefaultWeight;
}

int ScoreFor(const std::vector<Finding>& findings) {
  int score = 100;
  for (const Finding& finding : findings) score -= PenaltyFor(finding);
  return std::max(score, 0);
}

bool Passes(const Quality& quality) {
  return std::none_of(quality.findings.begin(), quality.findings.end(),
                      [](const Finding& finding) { return finding.severity == Severity::kError; });
}

std::string FindingsForPrompt(const Quality& quality) {
  std::string out;
  for (const Severity severity : {Severity::kError, Severity::kWarning}) {
    for (const Finding& finding : quality.findings) {
      if (finding.severity != severity) continue;
      out += "- [";
      out += severity == Severity::kError ? "error" : "warning";
      out += "] " + finding.rule + ": " + finding.message + "\n";
    }
  }
  return out;
}

}  // namespace backlog
