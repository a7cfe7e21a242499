#pragma once

#include <functional>
#include <optional>
#include <string>

namespace http {

// A response body that is produced over time (Server-Sent Events). The server writes the
// headers, then calls Poll() whenever it is woken and writes what it returns; after a heartbeat
// interval (15 s by default) without data it writes a heartbeat comment itself. Poll() must not
// block: it runs on an I/O thread.
class EventStream {
 public:
  virtual ~EventStream() = default;

  // Everything available now ("" when nothing new), or nullopt once the stream has ended.
  virtual std::optional<std::string> Poll() = 0;

  // How to wake the server when Poll would return something new. Called once by the server
  // before the first Poll; `wake` may be called from any thread, any number of times, even after
  // the connection closed.
  virtual void OnReady(std::function<void()> wake) = 0;

  // The connection is done (client gone, stream ended, or shutdown): release subscriptions.
  virtual void Close() = 0;

  // Whether the client may still receive this stream (its sign-in still holds). The server asks
  // at every heartbeat, on a worker thread (it may query the database), and ends the stream
  // when not.
  virtual bool StillAuthorized() { return true; }
};

}  // namespace http
