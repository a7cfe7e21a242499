#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <string_view>
#include <thread>

namespace store::postgres {

// Where the job store announces new job events (payload: the job id) to other instances; the
// dialect's notify statement in pg_connection.cpp names the same channel.
inline constexpr std::string_view kJobEventsChannel = "backlog_job_events";

// Hears PostgreSQL notifications on one channel on its own connection and thread, and hands each
// payload to `on_notify`. A lost connection is re-opened after a second; meanwhile nothing is
// missed for good, since listeners treat a notification only as a hint to re-read the database.
class PgListener {
 public:
  PgListener(std::string url, std::string channel,
             std::function<void(std::string_view payload)> on_notify);
  ~PgListener();  // stops within half a second
  PgListener(const PgListener&) = delete;
  PgListener& operator=(const PgListener&) = delete;

 private:
  void Run();

  const std::string url_;
  const std::string channel_;
  const std::function<void(std::string_view)> on_notify_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace store::postgres
