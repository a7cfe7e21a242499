#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/temp_dir.hpp"

namespace testing_support {

using EnvVars = std::map<std::string, std::string>;

// A child process whose stdout and stderr are captured line by line.
class ChildProcess {
 public:
  // Runs `binary args...` in `cwd` with exactly `env` (sanitizer options are passed through).
  // `input` is written to its standard input, which is then closed.
  ChildProcess(const std::string& binary, const std::vector<std::string>& args, const EnvVars& env,
               const std::filesystem::path& cwd, const std::string& input = {});
  ~ChildProcess();  // kills the child if it still runs
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Waits for an output line matching `pattern` (ECMAScript regex) and returns its capture
  // groups ([0] = the whole match). nullopt when the timeout passes or the output ends first.
  std::optional<std::vector<std::string>> WaitForLine(const std::string& pattern,
                                                      std::chrono::milliseconds timeout);
  // Waits until the child and everything it started closed their output.
  bool WaitForOutputEnd(std::chrono::milliseconds timeout);
  // Exit code (128 + signal number when killed by a signal), or nullopt on timeout.
  std::optional<int> WaitForExit(std::chrono::milliseconds timeout);
  void Signal(int signal_number);
  bool running();

  // Everything printed so far.
  std::string Output();

  pid_t pid() const { return pid_; }

 private:
  void ReadOutput();

  pid_t pid_ = -1;
  int pidfd_ = -1;
  int output_fd_ = -1;
  std::optional<int> exit_code_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> lines_;
  std::string partial_;
  bool output_closed_ = false;
  std::thread reader_;
};

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr interleaved
};

// Runs the backlog binary to completion.
CommandResult RunBacklog(const std::vector<std::string>& args, const EnvVars& env,
                         const std::filesystem::path& cwd,
                         std::chrono::milliseconds timeout = std::chrono::seconds(60));

// Runs another program (argv[0] is its path) with PATH and HOME only, to completion.
CommandResult RunProgram(const std::vector<std::string>& argv,
                         std::chrono::milliseconds timeout = std::chrono::seconds(60));

// The environment a test service starts with: a temp folder for data and logs, a free port,
// development mode with a fixed secret. Tests override single variables.
EnvVars DefaultServiceEnv(const std::filesystem::path& dir);

// A running `backlog serve` in its own temp folder, stopped (SIGKILL) when destroyed.
class Service {
 public:
  // Starts the service with DefaultServiceEnv(dir) plus `overrides` (an empty value removes a
  // variable) and waits until it listens. Fails the test when it does not start.
  explicit Service(const EnvVars& overrides = {});
  // As above, in an existing folder (so a test can prepare files before start).
  struct InFolder {
    std::filesystem::path path;
  };
  Service(const InFolder& folder, const EnvVars& overrides);

  std::uint16_t port() const { return port_; }
  ChildProcess& process() { return *process_; }
  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path database_path() const { return dir_ / "data" / "agile_backlog.db"; }

  // SIGTERM, then the exit code (nullopt if it did not exit in time).
  std::optional<int> Stop(std::chrono::milliseconds timeout = std::chrono::seconds(30));

 private:
  void Start(const EnvVars& overrides);

  std::unique_ptr<TempDir> owned_dir_;
  std::filesystem::path dir_;
  std::unique_ptr<ChildProcess> process_;
  std::uint16_t port_ = 0;
};

// A secret long enough for production mode; tests check it never appears in output.
inline constexpr const char* kTestJwtSecret =
    "test-secret-0123456789abcdef0123456789abcdef0123456789abcdef";

}  // namespace testing_support
