#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "http/request.hpp"
#include "http/response.hpp"

namespace http {

// Serves the built web UI from one folder: content types, ETag/304, long caching for
// content-hashed assets, and the single-page-app fallback to index.html. Nothing outside the
// folder is ever served: `..` segments (plain or %-encoded) are refused, and the resolved path,
// symlinks followed, must still lie inside the folder.
class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);

  // For GET/HEAD requests that matched no route. A missing file whose last segment has no
  // extension is a client-side route and gets index.html; a missing asset gets 404.
  Response Serve(const Request& request) const;

  const std::filesystem::path& root() const { return root_; }

 private:
  std::optional<Response> TryFile(const std::string& relative, const Request& request,
                                  bool is_fallback) const;

  std::filesystem::path root_;
};

// The relative file path a request path names, or nullopt when it is malformed or tries to
// leave the folder. "/" names "index.html".
std::optional<std::string> StaticRelativePath(std::string_view raw_path);

// The Content-Type for a file name, by extension.
std::string_view ContentTypeFor(std::string_view file_name);

// Whether a file name carries a content hash (Vite's "name-5f2a9c1e.js"), so it may be cached
// for a year.
bool IsHashedAssetName(std::string_view file_name);

}  // namespace http
