include(WriteIfChanged)

# Generates a .cpp defining `const std::string_view NAME` with a text file's content, rewritten
# only when the content changes.
function(embed_text)
  cmake_parse_arguments(ARG "" "INPUT;OUTPUT;NAMESPACE;NAME" "" ${ARGN})
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${ARG_INPUT}")
  file(READ "${ARG_INPUT}" text)
  if(text MATCHES "\\)embedded\"")
    message(FATAL_ERROR "${ARG_INPUT} contains the embedding delimiter")
  endif()
  set(content "// Generated from ${ARG_INPUT} by cmake/EmbedText.cmake; do not edit.
#include <string_view>

namespace ${ARG_NAMESPACE} {

extern const std::string_view ${ARG_NAME};
const std::string_view ${ARG_NAME} = R\"embedded(${text})embedded\";

}  // namespace ${ARG_NAMESPACE}
")
  write_if_changed("${ARG_OUTPUT}" "${content}")
endfunction()
