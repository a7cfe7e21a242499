#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace store::postgres {

// Writes a consistent snapshot of the database at `url` to `destination` (which must not exist)
// with pg_dump's custom format (restore with pg_restore), then checks it by listing it with
// pg_restore. The connection settings reach pg_dump through libpq's environment variables, so
// the password never shows in a process list. The file is written beside the destination with
// mode 0600 and moved into place only when complete and checked. Throws with the tool's message.
// The data of `emptied_tables` is left out (their definitions stay).
void DumpTo(const std::string& url, const std::filesystem::path& destination,
            const std::vector<std::string>& emptied_tables = {});

}  // namespace store::postgres
