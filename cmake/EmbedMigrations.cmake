include(WriteIfChanged)

# Generates a .cpp that holds every migrations/<backend>/NNNN_name.sql file as a string, so the
# binary carries its schema and needs no files beside it at run time.
function(embed_migrations)
  cmake_parse_arguments(ARG "" "DIRECTORY;OUTPUT;NAMESPACE" "" ${ARGN})
  file(GLOB sql_files CONFIGURE_DEPENDS "${ARG_DIRECTORY}/*.sql")
  list(SORT sql_files)
  set(body "")
  set(version 0)
  foreach(sql_file IN LISTS sql_files)
    get_filename_component(name "${sql_file}" NAME)
    if(NOT name MATCHES "^([0-9][0-9][0-9][0-9])_[a-z0-9_]+\\.sql$")
      message(FATAL_ERROR "migration file ${name} must be named NNNN_lowercase_words.sql")
    endif()
    math(EXPR number "${CMAKE_MATCH_1}")
    math(EXPR version "${version} + 1")
    if(NOT number EQUAL version)
      message(FATAL_ERROR "migration ${name}: expected number ${version}; numbers must have no gaps")
    endif()
    file(READ "${sql_file}" sql)
    if(sql MATCHES "\\)migration\"")
      message(FATAL_ERROR "migration ${name} contains the embedding delimiter")
    endif()
    string(APPEND body "      {${version}, \"${name}\", R\"migration(${sql})migration\"},\n")
  endforeach()
  set(content "// Generated from ${ARG_DIRECTORY} by cmake/EmbedMigrations.cmake; do not edit.
#include \"store/migration.hpp\"

#include <vector>

namespace ${ARG_NAMESPACE} {

const std::vector<store::Migration>& EmbeddedMigrations() {
  static const std::vector<store::Migration> migrations{
${body}  };
  return migrations;
}

}  // namespace ${ARG_NAMESPACE}
")
  write_if_changed("${ARG_OUTPUT}" "${content}")
endfunction()
