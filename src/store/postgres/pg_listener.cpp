#include "store/postgres/pg_listener.hpp"

#include <libpq-fe.h>
#include <poll.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "store/postgres/pg_connection.hpp"

namespace store::postgres {

PgListener::PgListener(std::string url, std::string channel,
                       std::function<void(std::string_view)> on_notify)
    : url_(std::move(url)), channel_(std::move(channel)), on_notify_(std::move(on_notify)) {
  thread_ = std::thread([this] { Run(); });
}

PgListener::~PgListener() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void PgListener::Run() {
  bool warned = false;
  while (!stopping_) {
    try {
      PgConnection connection(url_, std::chrono::seconds(5));
      // The channel is a constant of ours, never user input: safe to quote as an identifier.
      connection.Exec("LISTEN \"" + channel_ + "\"");
      if (warned) spdlog::info("listening for other instances' job events again");
      warned = false;
      PGconn* conn = connection.handle();
      while (!stopping_) {
        pollfd watch{PQsocket(conn), POLLIN, 0};
        if (::poll(&watch, 1, 500) < 0) continue;
        if (PQconsumeInput(conn) == 0)
          throw sql::Error(sql::Error::Kind::kUnavailable, PQerrorMessage(conn));
        while (PGnotify* notification = PQnotifies(conn)) {
          on_notify_(notification->extra);
          PQfreemem(notification);
        }
      }
    } catch (const std::exception& error) {
      if (!warned) {
        spdlog::warn("not hearing other instances' job events (streams fall back to polling): {}",
                     error.what());
        warned = true;
      }
      for (int i = 0; i < 10 && !stopping_; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
  }
}

}  // namespace store::postgres
