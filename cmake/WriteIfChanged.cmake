# Writes `content` to `path` only when it differs from what is there, so generated sources that
# did not change trigger no rebuild.
function(write_if_changed path content)
  set(previous "")
  if(EXISTS "${path}")
    file(READ "${path}" previous)
  endif()
  if(NOT previous STREQUAL content)
    file(WRITE "${path}" "${content}")
  endif()
endfunction()
