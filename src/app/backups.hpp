#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "app/config.hpp"
#include "app/periodic_task.hpp"

namespace app {

// Writes a consistent, checked backup of the configured database to `destination`, which must
// not exist: SQLite's online backup API (then quick_check), or pg_dump's custom format on
// PostgreSQL (then pg_restore --list). Safe while the service writes. Throws with the reason.
void WriteBackup(const Config& config, const std::filesystem::path& destination);

// BACKUP_DIR's schedule: a backup at start and every BACKUP_INTERVAL_HOURS, named by its UTC
// time (agile_backlog-20261206T120000Z.db, or .dump on PostgreSQL), the newest BACKUP_KEEP kept.
// A failure is logged as an error and the next run tries again.
class ScheduledBackups {
 public:
  // `on_result(ok, unix time, error)` after each run (metrics, the operator's notification).
  using ResultHandler = std::function<void(bool, std::int64_t, const std::string&)>;
  ScheduledBackups(const Config& config, ResultHandler on_result = {});

 private:
  void RunOnce();

  const Config& config_;
  ResultHandler on_result_;
  std::unique_ptr<PeriodicTask> task_;
};

}  // namespace app
