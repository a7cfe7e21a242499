#pragma once

// The agents' prompts: Markdown files under prompts/ at the repository root, compiled into the
// binary (cmake/EmbedPrompts.cmake), one per agent and named after it ("epic_strategist.md").
//
// A prompt file is the system message, then a line that is exactly `---user---`, then the user
// message. Both parts may use:
//   {{name}}               replaced by the variable's value, verbatim (values are never expanded
//                          again, so a vision containing "{{x}}" stays as typed);
//   {{#name}}...{{/name}}  the enclosed text, rendered only when the variable is not empty, so
//                          optional blocks (regeneration findings) keep their wording in the file;
//   {{^name}}...{{/name}}  the enclosed text, rendered only when the variable is empty.
// Rendering is strict, so a prompt and its agent cannot drift apart unnoticed: a placeholder with
// no value and a value with no placeholder both throw std::invalid_argument naming them.

#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace agents {

// The two messages of a call.
struct RenderedPrompt {
  std::string system;
  std::string user;
};

using PromptVariables = std::map<std::string, std::string, std::less<>>;

class PromptLibrary {
 public:
  // {name, file text}; throws std::invalid_argument naming the prompt when a text lacks the
  // `---user---` line, has it twice, or holds a malformed or unbalanced placeholder.
  explicit PromptLibrary(const std::vector<std::pair<std::string, std::string>>& files);

  // The prompts compiled into the binary. Built once; the reference stays valid.
  static const PromptLibrary& Embedded();

  // Throws std::invalid_argument naming the prompt, or the placeholder or variable at fault.
  RenderedPrompt Render(std::string_view name, const PromptVariables& variables) const;

  // Prompt names, sorted.
  std::vector<std::string> Names() const;
  // Every variable the prompt uses, in either part; throws std::invalid_argument for an unknown
  // prompt.
  std::set<std::string> Placeholders(std::string_view name) const;

 private:
  struct Template {
    std::string system;
    std::string user;
    std::set<std::string> placeholders;
  };
  const Template& Find(std::string_view name) const;

  std::map<std::string, Template, std::less<>> templates_;
};

// Renders one template text (no `---user---` split); the same rules as PromptLibrary::Render,
// except that unused variables are allowed. `context` names the template in error messages.
std::string RenderTemplate(std::string_view text, const PromptVariables& variables,
                           std::string_view context = "template");

}  // namespace agents
