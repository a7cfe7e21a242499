#include "http/static_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <utility>

#include "http/api_error.hpp"
#include "http/url.hpp"

namespace http {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 20> kContentTypes{{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".webmanifest", "application/manifest+json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".gif", "image/gif"},
    {".webp", "image/webp"},
    {".ico", "image/x-icon"},
    {".woff", "font/woff"},
    {".woff2", "font/woff2"},
    {".ttf", "font/ttf"},
    {".txt", "text/plain; charset=utf-8"},
    {".wasm", "application/wasm"},
    {".xml", "application/xml"},
}};

std::string_view Extension(std::string_view file_name) {
  const auto slash = file_name.rfind('/');
  const auto base = slash == std::string_view::npos ? file_name : file_name.substr(slash + 1);
  const auto dot = base.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  return base.substr(dot);
}

bool IsInside(const std::filesystem::path& root, const std::filesystem::path& candidate) {
  const std::string r = root.native();
  const std::string c = candidate.native();
  return c.size() > r.size() && c.compare(0, r.size(), r) == 0 && c[r.size()] == '/';
}

struct FileContent {
  std::string data;
  struct stat info {};
};

// Reads a regular file through a descriptor opened without following a final symlink, and
// checks the descriptor's own identity, so a swap between the checks and the read is harmless.
std::optional<FileContent> ReadRegularFile(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return std::nullopt;
  FileContent content;
  if (::fstat(fd, &content.info) != 0 || !S_ISREG(content.info.st_mode)) {
    ::close(fd);
    return std::nullopt;
  }
  content.data.resize(static_cast<std::size_t>(content.info.st_size));
  std::size_t done = 0;
  while (done < content.data.size()) {
    const ssize_t n = ::read(fd, content.data.data() + done, content.data.size() - done);
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  content.data.resize(done);
  return content;
}

std::string EntityTag(const struct stat& info) {
  char tag[64];
  std::snprintf(tag, sizeof tag, "\"%llx-%llx\"", static_cast<unsigned long long>(info.st_size),
                static_cast<unsigned long long>(info.st_mtim.tv_sec) * 1000000000ULL +
                    static_cast<unsigned long long>(info.st_mtim.tv_nsec));
  return tag;
}

bool MatchesIfNoneMatch(std::string_view header, std::string_view tag) {
  if (header == "*") return true;
  // A list of tags, possibly weak ("W/"): weak comparison is right for If-None-Match.
  while (!header.empty()) {
    const auto comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == tag) return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> StaticRelativePath(std::string_view raw_path) {
  if (raw_path.empty() || raw_path.front() != '/') return std::nullopt;
  const auto decoded = PercentDecode(raw_path);
  if (!decoded) return std::nullopt;
  std::string relative;
  std::string_view rest(*decoded);
  rest.remove_prefix(1);
  while (true) {
    const auto slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    if (segment == ".." || segment == "." || segment.find('\\') != std::string_view::npos) {
      return std::nullopt;
    }
    if (!segment.empty()) {
      if (!relative.empty()) relative.push_back('/');
      relative.append(segment);
    } else if (slash != std::string_view::npos) {
      return std::nullopt;  // "//": no file has an empty name
    }
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  if (relative.empty()) return std::string("index.html");
  return relative;
}

std::string_view ContentTypeFor(std::string_view file_name) {
  const auto extension = Extension(file_name);
  for (const auto& [known, type] : kContentTypes) {
    if (extension == known) return type;
  }
  return "application/octet-stream";
}

bool IsHashedAssetName(std::string_view file_name) {
  const auto slash = file_name.rfind('/');
  std::string_view base = slash == std::string_view::npos ? file_name : file_name.substr(slash + 1);
  const auto dot = base.find('.');
  if (dot == std::string_view::npos) return false;
  base = base.substr(0, dot);
  const auto dash = base.rfind('-');
  if (dash == std::string_view::npos) return false;
  const auto hash = base.substr(dash + 1);
  if (hash.size() < 8) return false;
  for (char c : hash) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

StaticFiles::StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}

Response StaticFiles::Serve(const Request& request) const {
  const auto relative = StaticRelativePath(request.path);
  if (!relative) throw NotFoundError();
  if (auto response = TryFile(*relative, request, false)) return std::move(*response);
  // A path without an extension is a route of the single-page app.
  if (Extension(*relative).empty()) {
    if (auto response = TryFile("index.html", request, true)) return std::move(*response);
  }
  throw NotFoundError();
}

std::optional<Response> StaticFiles::TryFile(const std::string& relative, const Request& request,
                                             bool is_fallback) const {
  std::error_code ec;
  // Resolved on every request, so a UI built after the server started is picked up.
  const auto root = std::filesystem::canonical(root_, ec);
  if (ec) return std::nullopt;
  const auto resolved = std::filesystem::canonical(root / relative, ec);
  if (ec || !IsInside(root, resolved)) return std::nullopt;
  auto file = ReadRegularFile(resolved);
  if (!file) return std::nullopt;

  Response response;
  const std::string tag = EntityTag(file->info);
  response.headers.Set("ETag", tag);
  if (!is_fallback && IsHashedAssetName(relative)) {
    response.headers.Set("Cache-Control", "public, max-age=31536000, immutable");
  } else {
    response.headers.Set("Cache-Control", "no-cache");  // revalidate: index.html names the assets
  }
  if (const auto condition = request.headers.Find("If-None-Match");
      condition && MatchesIfNoneMatch(*condition, tag)) {
    response.status = 304;
    return response;
  }
  response.status = 200;
  response.headers.Set("Content-Type", ContentTypeFor(relative));
  response.body = std::move(file->data);
  return response;
}

}  // namespace http
