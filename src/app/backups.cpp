#include "app/backups.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <ctime>
#include <system_error>
#include <vector>

#include "store/postgres/pg_dump.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace app {
namespace {

constexpr std::string_view kPrefix = "agile_backlog-";

std::string Extension(const Config& config) {
  return config.postgres_url.empty() ? ".db" : ".dump";
}

std::int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string UtcStamp() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &parts);
  return text;
}

}  // namespace

void WriteBackup(const Config& config, const std::filesystem::path& destination) {
  // The heartbeats of the instances running now would make a restored database look in use.
  const std::vector<std::string> emptied = {"live_instances"};
  if (!config.postgres_url.empty()) {
    store::postgres::DumpTo(config.postgres_url, destination, emptied);
    return;
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(config.sqlite_path, ec)) {
    throw std::runtime_error("there is no database at " + config.sqlite_path.string() +
                             " (check DATABASE_URL)");
  }
  store::sqlite::SqliteOptions options;
  options.path = config.sqlite_path;
  options.pool_size = 1;
  store::sqlite::SqliteDatabase database(options);
  database.BackupTo(destination, emptied);
}

ScheduledBackups::ScheduledBackups(const Config& config, ResultHandler on_result)
    : config_(config), on_result_(std::move(on_result)) {
  if (config_.backup_dir.empty()) return;
  task_ = std::make_unique<PeriodicTask>(
      std::chrono::duration_cast<std::chrono::seconds>(config_.backup_interval),
      [this] { RunOnce(); });
}

void ScheduledBackups::RunOnce() {
  const auto& dir = config_.backup_dir;
  const std::string extension = Extension(config_);
  try {
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
      throw std::system_error(errno, std::generic_category(), "creating " + dir.string());
    }
    // Two runs within one second (a restart) would collide: the second waits for the next run.
    const auto file = dir / (std::string(kPrefix) + UtcStamp() + extension);
    WriteBackup(config_, file);
    // Oldest first by name (the names are UTC times); everything beyond the newest N goes.
    std::vector<std::filesystem::path> backups;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      const std::string name = entry.path().filename().string();
      if (entry.is_regular_file() && name.starts_with(kPrefix) && name.ends_with(extension)) {
        backups.push_back(entry.path());
      }
    }
    std::sort(backups.begin(), backups.end());
    std::size_t removed = 0;
    while (backups.size() - removed > config_.backup_keep) {
      std::filesystem::remove(backups[removed++]);
    }
    spdlog::info("backup written: {} ({} bytes); {} kept, {} removed", file.string(),
                 std::filesystem::file_size(file), backups.size() - removed, removed);
    if (on_result_) on_result_(true, UnixNow(), "");
  } catch (const std::exception& error) {
    spdlog::error("scheduled backup into {} failed: {}", dir.string(), error.what());
    if (on_result_) on_result_(false, UnixNow(), error.what());
  }
}

}  // namespace app
