#include "agents/prompt_library.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace agents {

// Defined in the file cmake/EmbedPrompts.cmake generates from prompts/*.md.
const std::vector<std::pair<std::string_view, std::string_view>>& EmbeddedPromptFiles();

namespace {

constexpr std::string_view kUserSeparator = "---user---";

bool IsName(std::string_view name) {
  if (name.empty() || !(name[0] >= 'a' && name[0] <= 'z')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string Trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

// Blank lines left by empty values and skipped sections collapse to one, trailing spaces go, and
// the ends are trimmed.
std::string Tidy(std::string_view text) {
  std::string tidy;
  tidy.reserve(text.size());
  bool previous_blank = false;
  for (std::size_t line_start = 0; line_start <= text.size();) {
    std::size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    std::string_view line = text.substr(line_start, line_end - line_start);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
      line.remove_suffix(1);
    }
    const bool blank = line.empty();
    if (!(blank && previous_blank)) {
      tidy.append(line);
      tidy += '\n';
    }
    previous_blank = blank;
    line_start = line_end + 1;
  }
  return Trim(tidy);
}

// Walks a template: appends the rendering to `out` when `variables` is given, and collects every
// variable name into `names`. Throws std::invalid_argument for a malformed or unbalanced tag and,
// when rendering, for a placeholder with no value.
void Walk(std::string_view text, const PromptVariables* variables, std::string* out,
          std::set<std::string>* names, std::string_view context) {
  const std::string where(context);
  struct Section {
    std::string name;
    bool emit_outside;
  };
  std::vector<Section> open_sections;
  bool emit = out != nullptr;
  std::size_t pos = 0;
  while (true) {
    const std::size_t open = text.find("{{", pos);
    if (emit) out->append(text.substr(pos, open == std::string_view::npos ? open : open - pos));
    if (open == std::string_view::npos) break;
    const std::size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      throw std::invalid_argument(where + ": \"{{\" without a closing \"}}\"");
    }
    std::string_view tag = text.substr(open + 2, close - open - 2);
    char kind = ' ';
    if (!tag.empty() && (tag[0] == '#' || tag[0] == '^' || tag[0] == '/')) {
      kind = tag[0];
      tag.remove_prefix(1);
    }
    if (!IsName(tag)) {
      throw std::invalid_argument(where + ": malformed placeholder {{" +
                                  std::string(text.substr(open + 2, close - open - 2)) +
                                  "}} (names are lowercase_words)");
    }
    const std::string name(tag);
    if (kind == '/') {
      if (open_sections.empty() || open_sections.back().name != name) {
        throw std::invalid_argument(where + ": {{/" + name +
                                    "}} closes no open section of that name");
      }
      emit = open_sections.back().emit_outside;
      open_sections.pop_back();
    } else {
      if (names != nullptr) names->insert(name);
      const std::string* value = nullptr;
      if (variables != nullptr) {
        const auto found = variables->find(name);
        if (found == variables->end()) {
          throw std::invalid_argument(where + ": placeholder {{" + name + "}} has no value");
        }
        value = &found->second;
      }
      if (kind == '#' || kind == '^') {
        open_sections.push_back({name, emit});
        const bool filled = value != nullptr && !value->empty();
        emit = emit && (kind == '#' ? filled : !filled);
      } else if (emit && value != nullptr) {
        out->append(*value);
      }
    }
    pos = close + 2;
  }
  if (!open_sections.empty()) {
    throw std::invalid_argument(where + ": section {{#" + open_sections.back().name +
                                "}} is never closed");
  }
}

}  // namespace

PromptLibrary::PromptLibrary(const std::vector<std::pair<std::string, std::string>>& files) {
  for (const auto& [name, text] : files) {
    const std::string context = "prompt " + name;
    // The separator is a line of its own; find it line by line so "---user---" inside a
    // sentence does not count.
    std::size_t separator = std::string::npos;
    std::size_t separator_end = 0;
    for (std::size_t line_start = 0; line_start < text.size();) {
      std::size_t line_end = text.find('\n', line_start);
      if (line_end == std::string::npos) line_end = text.size();
      std::string_view line(text.data() + line_start, line_end - line_start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line == kUserSeparator) {
        if (separator != std::string::npos) {
          throw std::invalid_argument(context + ": more than one ---user--- line");
        }
        separator = line_start;
        separator_end = line_end;
      }
      line_start = line_end + 1;
    }
    if (separator == std::string::npos) {
      throw std::invalid_argument(context + ": no ---user--- line separating the system part");
    }
    Template parsed;
    parsed.system = text.substr(0, separator);
    parsed.user = separator_end < text.size() ? text.substr(separator_end + 1) : "";
    Walk(parsed.system, nullptr, nullptr, &parsed.placeholders, context + " (system part)");
    Walk(parsed.user, nullptr, nullptr, &parsed.placeholders, context + " (user part)");
    templates_[name] = std::move(parsed);
  }
}

const PromptLibrary& PromptLibrary::Embedded() {
  static const PromptLibrary library = [] {
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& [name, text] : EmbeddedPromptFiles()) files.emplace_back(name, text);
    return PromptLibrary(files);
  }();
  return library;
}

const PromptLibrary::Template& PromptLibrary::Find(std::string_view name) const {
  const auto found = templates_.find(name);
  if (found == templates_.end()) {
    throw std::invalid_argument("no prompt named " + std::string(name));
  }
  return found->second;
}

RenderedPrompt PromptLibrary::Render(std::string_view name,
                                     const PromptVariables& variables) const {
  const Template& prompt = Find(name);
  const std::string context = "prompt " + std::string(name);
  for (const auto& [variable, value] : variables) {
    if (!prompt.placeholders.contains(variable)) {
      throw std::invalid_argument(context + ": variable " + variable +
                                  " is not a placeholder of the prompt");
    }
  }
  RenderedPrompt rendered;
  Walk(prompt.system, &variables, &rendered.system, nullptr, context + " (system part)");
  Walk(prompt.user, &variables, &rendered.user, nullptr, context + " (user part)");
  rendered.system = Tidy(rendered.system);
  rendered.user = Tidy(rendered.user);
  return rendered;
}

std::vector<std::string> PromptLibrary::Names() const {
  std::vector<std::string> names;
  for (const auto& entry : templates_) names.push_back(entry.first);
  return names;
}

std::set<std::string> PromptLibrary::Placeholders(std::string_view name) const {
  return Find(name).placeholders;
}

std::string RenderTemplate(std::string_view text, const PromptVariables& variables,
                           std::string_view context) {
  std::string out;
  Walk(text, &variables, &out, nullptr, context);
  return Tidy(out);
}

}  // namespace agents
