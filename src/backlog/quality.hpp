#pragma once

// Deterministic quality rules for backlog nodes. No LLM, no keyword scoring against the vision:
// each rule checks one property named by INVEST (Wake) or the Quality User Story framework (QUS,
// Lucassen et al.) and, when it fails, says in plain English what to change, so the message can
// be handed to the model that regenerates the item.
//
// Scoring: score = max(0, 100 - sum of penalties). An error costs its rule's weight (below); any
// warning costs 5. A node passes when it has no error, whatever its score.
//
// Rule id                 Sev.   Weight  Checks (why)
// ----------------------- ------ ------  -------------------------------------------------------
// epic.title              error  15      Title is 5-60 characters. (QUS minimal: a name, not a
//                                        paragraph; fits the trackers' title columns.)
// epic.description        error  20      Description contains at least one full sentence (starts
//                                        with a capital or digit, 3+ words, ends in . ! or ?).
//                                        (QUS full sentence; INVEST valuable needs a stated why.)
// epic.enum               error  10      priority in High|Medium|Low, estimated_complexity in
//                                        XS|S|M|L|XL, category in the seven epic categories. One
//                                        finding per bad field. (Estimable: sizes must be known.)
// epic.unique             error  25      No other epic in the backlog has a near-identical title.
//                                        (QUS unique.) Set by FindDuplicates.
// feature.title           error  15      Title is 5-80 characters. (QUS minimal.)
// feature.description     error  20      As epic.description.
// feature.enum            error  10      category in the seven feature categories,
//                                        estimated_story_points in 1,2,3,5,8,13,21. (Estimable.)
// feature.unique          error  25      No sibling feature in the same epic has a near-identical
//                                        title. (QUS unique.) Set by FindDuplicates.
// story.title             error  10      Title is 5-80 characters. (QUS minimal.)
// story.well_formed       error  30      user_story reads "As a|an <role>, I want [to] <goal> ...";
//                                        also accepted: "I would like [to]", "I need [to]",
//                                        "I can", "I am able to", "I wish to", "I should be able
//                                        to"; commas before the indicators are optional. Role and
//                                        goal must be non-empty. (QUS well-formed.)
// story.valuable          error  15      A non-empty ", so that <benefit>" clause follows the goal.
//                                        (INVEST valuable; QUS well-formed ends.)
// story.role              error  15      The role is not a placeholder ("<role>", "[persona]",
//                                        "someone", "TBD", ...). (QUS well-formed.)
//                         warning        The role is generic ("user", "end user", "system",
//                                        "actor"): name who benefits. (QUS unambiguous.)
// story.atomic            error  20      The goal does not join two goals. Heuristic: a conjunction
//                                        (" and ", " or ", " & ", " and/or ") in the goal is
//                                        followed (after an optional "to"/"also"/"then") by a verb
//                                        from a fixed list of ~90 base-form action verbs (book,
//                                        cancel, view, edit, export, ...) or by a new subject
//                                        ("I", "we"). "book and cancel shifts" fails; "see black
//                                        and white photos" or "filter by date and location" pass.
//                                        Only the goal is checked, not the role or the benefit.
//                                        (QUS atomic; INVEST small.)
// story.full_sentence     warning        user_story starts with a capital letter, ends with one
//                                        period, has no line break and no second sentence after
//                                        an inner ". ". (QUS full sentence.)
// story.estimable         error  15      story_points is one of 1, 2, 3, 5, 8, 13. (INVEST
//                                        estimable; QUS estimable.)
// story.small             error  20      story_points above 13: too big for a sprint, split it.
//                         warning        story_points exactly 13: consider splitting. (INVEST
//                                        small.)
// story.criteria_count    error  15      3 to 7 acceptance criteria. (INVEST testable, small.)
// story.criteria_gherkin  error  15      Every criterion contains the words Given, When and Then in
//                                        that order, case-insensitive ("And"/"But" may appear
//                                        anywhere). (INVEST testable; Gherkin.)
// story.enum              error  10      category in the seven story categories, user_type in
//                                        new_user|existing_user|admin|power_user|casual_user.
// story.unique            error  25      The later of two stories whose user_story word sets, or
//                                        title word sets, have a Jaccard similarity >= 0.8. The
//                                        earlier one gets a warning naming the later. Word sets
//                                        are lowercase alphanumeric words minus template words and
//                                        a few stop words ("as", "a", "i", "want", "so", "that",
//                                        "the", "to", ...). (QUS unique; INVEST independent.)
//                                        Set by FindDuplicates across the whole backlog.
// task.action_verb        error  20      Title starts with an action verb from a fixed list
//                                        (Implement, Create, Add, Build, Write, Configure, Design,
//                                        Update, Test, Validate, Integrate, Set up, Refactor,
//                                        Document, Deploy, Migrate, Define, Review, Optimize,
//                                        Remove, ...). (SMART specific, Wake's companion to
//                                        INVEST.)
// task.estimate           error  20      estimate_hours within [0.5, 16]. (SMART time-boxed;
//                                        INVEST small/estimable.)
// task.description        error  15      Description is not blank. (SMART specific.)
// task.enum               error  10      category in frontend|backend|database|api|testing|
//                                        deployment|configuration; complexity in Low|Medium|High.
// task.unique             error  25      As story.unique, for task titles within one story; set by
//                                        FindDuplicates.
// test_case.title         error  20      Title is not blank.
// test_case.steps         error  30      At least one step. (INVEST testable.)
// test_case.step_complete error  20      Every step has both an action and an expected result.
// test_case.type          error  10      type in positive|negative|boundary|integration.
// test_plan.approach      error  30      test_approach is not blank.
// test_plan.entry_criteria error 20      At least one non-blank entry criterion.
// test_plan.exit_criteria error  20      At least one non-blank exit criterion.
// test_suite.name         error  30      Name is not blank.
// test_suite.objectives   error  30      At least one non-blank test objective.
//
// Lengths count UTF-8 code points. Enum values are matched exactly (they are what exports and
// trackers receive). Near-duplicates are a pairwise check; for unique findings the later node in
// tree order is the one asked to change.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backlog/model.hpp"

namespace backlog {

inline constexpr int kWarningPenalty = 5;
inline constexpr double kDuplicateSimilarity = 0.8;  // Jaccard of normalized word sets

// The role, goal (means) and benefit (ends) of a user story in the template above.
struct UserStoryParts {
  std::string role;
  std::string goal;
  std::optional<std::string> benefit;  // nullopt without a "so that" clause
};

// The parts of `user_story`, or nullopt when it lacks "As a|an <role> <means indicator>".
std::optional<UserStoryParts> ParseUserStory(std::string_view user_story);

// Each returns the findings and score of the node alone (children are assessed separately).
// attempts and needs_review keep their defaults; the caller owns them.
Quality AssessEpic(const Epic& epic);
Quality AssessFeature(const Feature& feature);
Quality AssessStory(const Story& story);
Quality AssessTask(const Task& task);
Quality AssessTestCase(const TestCase& test_case);
Quality AssessTestPlan(const TestPlan& plan);
Quality AssessTestSuite(const TestSuite& suite);

// Replaces every "*.unique" finding in the tree (epics across the backlog, features within an
// epic, stories across the backlog, tasks within a story) and recomputes the scores of the epics,
// features, stories and tasks from their findings. Idempotent.
void FindDuplicates(Backlog& backlog);

// Jaccard similarity (0-1) of the normalized word sets of two texts; 0 when either set is empty.
double WordSetSimilarity(std::string_view a, std::string_view b);

// The penalty one finding costs, and 100 minus the sum for `findings`, floored at 0.
int PenaltyFor(const Finding& finding);
int ScoreFor(const std::vector<Finding>& findings);

// Whether `quality` has no error-severity finding.
bool Passes(const Quality& quality);

// One line per finding, errors first: "- [error] story.atomic: ...". Empty when there are none.
std::string FindingsForPrompt(const Quality& quality);

}  // namespace backlog
