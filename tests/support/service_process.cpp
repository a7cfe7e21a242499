#include "support/service_process.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <regex>
#include <stdexcept>

#include "support/test_database.hpp"

namespace testing_support {
namespace {

constexpr auto kStartTimeout = std::chrono::seconds(60);

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (auto& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

}  // namespace

ChildProcess::ChildProcess(const std::string& binary, const std::vector<std::string>& args,
                           const EnvVars& env, const std::filesystem::path& cwd,
                           const std::string& input) {
  // A child that exits before reading its input must not kill the test with SIGPIPE.
  ::signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> argv_strings{binary};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<std::string> env_strings;
  for (const auto& [name, value] : env) env_strings.push_back(name + "=" + value);
  for (const char* passed : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"}) {
    if (const char* value = std::getenv(passed); value && !env.contains(passed)) {
      env_strings.push_back(std::string(passed) + "=" + value);
    }
  }
  auto argv = CStrings(argv_strings);
  auto envp = CStrings(env_strings);

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  int input_fds[2];
  if (::pipe2(input_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    ::dup2(pipe_fds[1], STDERR_FILENO);
    ::dup2(input_fds[0], STDIN_FILENO);
    if (::chdir(cwd.c_str()) != 0) ::_exit(126);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  ::close(input_fds[0]);
  // Small inputs fit in the pipe buffer; closing gives the child end-of-file.
  if (!input.empty()) {
    [[maybe_unused]] const auto written = ::write(input_fds[1], input.data(), input.size());
  }
  ::close(input_fds[1]);
  output_fd_ = pipe_fds[0];
  pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));
  reader_ = std::thread([this] { ReadOutput(); });
}

ChildProcess::~ChildProcess() {
  if (!exit_code_) {
    ::kill(pid_, SIGKILL);
    WaitForExit(std::chrono::seconds(30));
  }
  if (reader_.joinable()) reader_.join();
  if (pidfd_ >= 0) ::close(pidfd_);
  if (output_fd_ >= 0) ::close(output_fd_);
}

void ChildProcess::ReadOutput() {
  char chunk[8192];
  for (;;) {
    const ssize_t n = ::read(output_fd_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    std::lock_guard lock(mutex_);
    if (n <= 0) {
      if (!partial_.empty()) lines_.push_back(std::move(partial_));
      output_closed_ = true;
      changed_.notify_all();
      return;
    }
    partial_.append(chunk, static_cast<std::size_t>(n));
    std::size_t newline;
    while ((newline = partial_.find('\n')) != std::string::npos) {
      lines_.push_back(partial_.substr(0, newline));
      partial_.erase(0, newline + 1);
    }
    changed_.notify_all();
  }
}

std::optional<std::vector<std::string>> ChildProcess::WaitForLine(
    const std::string& pattern, std::chrono::milliseconds timeout) {
  const std::regex expression(pattern);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mutex_);
  std::size_t checked = 0;
  for (;;) {
    for (; checked < lines_.size(); ++checked) {
      std::smatch match;
      if (std::regex_search(lines_[checked], match, expression)) {
        return std::vector<std::string>(match.begin(), match.end());
      }
    }
    if (output_closed_) return std::nullopt;
    if (changed_.wait_until(lock, deadline) == std::cv_status::timeout &&
        checked == lines_.size()) {
      return std::nullopt;
    }
  }
}

bool ChildProcess::WaitForOutputEnd(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [this] { return output_closed_; });
}

std::optional<int> ChildProcess::WaitForExit(std::chrono::milliseconds timeout) {
  if (exit_code_) return exit_code_;
  pollfd descriptor{pidfd_, POLLIN, 0};
  int ready;
  do {
    ready = ::poll(&descriptor, 1, static_cast<int>(timeout.count()));
  } while (ready < 0 && errno == EINTR);
  if (ready <= 0) return std::nullopt;
  int status = 0;
  if (::waitpid(pid_, &status, 0) != pid_) return std::nullopt;
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  // Everything it printed is read before anyone looks at the output.
  WaitForOutputEnd(std::chrono::seconds(10));
  return exit_code_;
}

void ChildProcess::Signal(int signal_number) {
  if (!exit_code_) ::kill(pid_, signal_number);
}

bool ChildProcess::running() { return !WaitForExit(std::chrono::milliseconds(0)).has_value(); }

std::string ChildProcess::Output() {
  std::lock_guard lock(mutex_);
  std::string all;
  for (const auto& line : lines_) all += line + "\n";
  return all + partial_;
}

CommandResult RunBacklog(const std::vector<std::string>& args, const EnvVars& env,
                         const std::filesystem::path& cwd, std::chrono::milliseconds timeout) {
  ChildProcess process(BACKLOG_BINARY, args, env, cwd);
  CommandResult result;
  const auto code = process.WaitForExit(timeout);
  result.exit_code = code.value_or(-1);
  process.WaitForOutputEnd(std::chrono::seconds(10));
  result.output = process.Output();
  return result;
}

CommandResult RunProgram(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  const std::vector<std::string> args(argv.begin() + 1, argv.end());
  ChildProcess process(argv.front(), args, {{"PATH", "/usr/bin:/bin"}, {"HOME", "/tmp"}}, "/tmp");
  CommandResult result;
  result.exit_code = process.WaitForExit(timeout).value_or(-1);
  process.WaitForOutputEnd(std::chrono::seconds(10));
  result.output = process.Output();
  return result;
}

EnvVars DefaultServiceEnv(const std::filesystem::path& dir) {
  return {
      {"PATH", "/usr/local/bin:/usr/bin:/bin"},
      {"HOME", dir.string()},
      {"ENVIRONMENT", "development"},
      {"JWT_SECRET_KEY", kTestJwtSecret},
      {"HOST", "127.0.0.1"},
      {"PORT", "0"},
      {"DATABASE_URL", DatabaseUrlFor(dir)},
      {"LOG_DIR", (dir / "logs").string()},
      {"STATIC_DIR", (dir / "web" / "dist").string()},
      {"IO_THREADS", "2"},
      {"WORKER_THREADS", "2"},
  };
}

Service::Service(const EnvVars& overrides)
    : owned_dir_(std::make_unique<TempDir>()), dir_(owned_dir_->path()) {
  Start(overrides);
}

Service::Service(const InFolder& folder, const EnvVars& overrides) : dir_(folder.path) {
  Start(overrides);
}

void Service::Start(const EnvVars& overrides) {
  EnvVars env = DefaultServiceEnv(dir_);
  for (const auto& [name, value] : overrides) {
    if (value.empty()) {
      env.erase(name);
    } else {
      env[name] = value;
    }
  }
  process_ =
      std::make_unique<ChildProcess>(BACKLOG_BINARY, std::vector<std::string>{"serve"}, env, dir_);
  const auto match = process_->WaitForLine(R"(listening on http://[^ ]+:(\d+))", kStartTimeout);
  if (!match) {
    ADD_FAILURE() << "the service did not start; its output:\n" << process_->Output();
    throw std::runtime_error("service did not start");
  }
  port_ = static_cast<std::uint16_t>(std::stoi((*match)[1]));
}

std::optional<int> Service::Stop(std::chrono::milliseconds timeout) {
  process_->Signal(SIGTERM);
  return process_->WaitForExit(timeout);
}

}  // namespace testing_support
