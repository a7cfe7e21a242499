#pragma once

#include <filesystem>
#include <string>

namespace store::postgres {

// Writes a consistent snapshot of the database at `url` to `destination` (which must not exist)
// with pg_dump's custom format (restore with pg_restore), then checks it by listing it with
// pg_restore. The connection settings reach pg_dump through libpq's environment variables, so
// the password never shows in a process list. The file is written beside the destination with
// mode 0600 and moved into place only when complete and checked. Throws with the tool's message.
void DumpTo(const std::string& url, const std::filesystem::path& destination);

}  // namespace store::postgres
