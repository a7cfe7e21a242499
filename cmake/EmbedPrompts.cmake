include(WriteIfChanged)

# Generates a .cpp that holds every prompts/<agent>.md file (README.md excepted) as a string, so
# the binary carries its prompts and needs no files beside it at run time. The generated function
# is `const std::vector<std::pair<std::string_view, std::string_view>>& EmbeddedPromptFiles()` in
# NAMESPACE: {agent name (the file name without .md), file content}, sorted by name.
function(embed_prompts)
  cmake_parse_arguments(ARG "" "DIRECTORY;OUTPUT;NAMESPACE" "" ${ARGN})
  file(GLOB prompt_files CONFIGURE_DEPENDS "${ARG_DIRECTORY}/*.md")
  list(FILTER prompt_files EXCLUDE REGEX "/README\\.md$")
  list(SORT prompt_files)
  set(body "")
  foreach(prompt_file IN LISTS prompt_files)
    # The glob sees added and removed files; this sees edits to the ones that stay.
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${prompt_file}")
    get_filename_component(name "${prompt_file}" NAME_WE)
    if(NOT name MATCHES "^[a-z][a-z0-9_]*$")
      message(FATAL_ERROR "prompt file ${name}.md must be named lowercase_words.md")
    endif()
    file(READ "${prompt_file}" text)
    if(text MATCHES "\\)prompt\"")
      message(FATAL_ERROR "prompt ${name}.md contains the embedding delimiter")
    endif()
    string(APPEND body "      {\"${name}\", R\"prompt(${text})prompt\"},\n")
  endforeach()
  set(content "// Generated from ${ARG_DIRECTORY} by cmake/EmbedPrompts.cmake; do not edit.
#include <string_view>
#include <utility>
#include <vector>

namespace ${ARG_NAMESPACE} {

const std::vector<std::pair<std::string_view, std::string_view>>& EmbeddedPromptFiles();
const std::vector<std::pair<std::string_view, std::string_view>>& EmbeddedPromptFiles() {
  static const std::vector<std::pair<std::string_view, std::string_view>> files{
${body}  };
  return files;
}

}  // namespace ${ARG_NAMESPACE}
")
  write_if_changed("${ARG_OUTPUT}" "${content}")
endfunction()
