#include "store/postgres/pg_dump.hpp"

#include <fcntl.h>
#include <libpq-fe.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>
#include <vector>

extern char** environ;

namespace store::postgres {
namespace {

// PATH and HOME of this process plus PG* variables for every setting in the URL.
std::vector<std::string> ConnectionEnvironment(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (!options) {
    std::string message = error ? error : "out of memory";
    PQfreemem(error);
    throw std::runtime_error("DATABASE_URL cannot be read: " + message);
  }
  std::vector<std::string> environment;
  for (const char* name : {"PATH", "HOME", "LANG"}) {
    if (const char* value = std::getenv(name))
      environment.push_back(std::string(name) + "=" + value);
  }
  for (PQconninfoOption* option = options; option->keyword; ++option) {
    if (option->val && option->envvar && *option->val) {
      environment.push_back(std::string(option->envvar) + "=" + option->val);
    }
  }
  PQconninfoFree(options);
  return environment;
}

// Runs `argv` with `environment`, its output and errors into `log`; returns the exit status.
int Run(const std::vector<std::string>& argv, const std::vector<std::string>& environment,
        const std::filesystem::path& log) {
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  std::vector<char*> env;
  for (const auto& entry : environment) env.push_back(const_cast<char*>(entry.c_str()));
  env.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);  // fd 1 must survive exec
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = -1;
  const int spawned = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    throw std::system_error(spawned, std::generic_category(),
                            "starting " + argv[0] + " (install the PostgreSQL client tools)");
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string Tail(const std::filesystem::path& log) {
  std::string text;
  if (FILE* file = std::fopen(log.c_str(), "r")) {
    char buffer[4096];
    std::size_t read = 0;
    while ((read = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, read);
    std::fclose(file);
  }
  if (text.size() > 2000) text = text.substr(text.size() - 2000);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

void DumpTo(const std::string& url, const std::filesystem::path& destination,
            const std::vector<std::string>& emptied_tables) {
  if (std::filesystem::exists(destination)) {
    throw std::system_error(std::make_error_code(std::errc::file_exists),
                            "backup destination " + destination.string() + " already exists");
  }
  const auto environment = ConnectionEnvironment(url);
  auto partial = destination;
  partial += ".partial";
  auto log = destination;
  log += ".log";
  std::filesystem::remove(partial);
  const int fd = ::open(partial.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw std::system_error(errno, std::generic_category(),
                            "creating backup file " + partial.string());
  }
  ::close(fd);
  const auto fail = [&](const std::string& what) {
    const std::string details = Tail(log);
    std::filesystem::remove(partial);
    std::filesystem::remove(log);
    throw std::runtime_error(what + (details.empty() ? "" : ": " + details));
  };
  std::vector<std::string> dump = {"pg_dump", "--format=custom", "--no-owner",
                                   "--file=" + partial.string()};
  for (const auto& table : emptied_tables) dump.push_back("--exclude-table-data=" + table);
  if (Run(dump, environment, log) != 0) {
    fail("pg_dump failed");
  }
  if (Run({"pg_restore", "--list", partial.string()}, environment, log) != 0) {
    fail("the backup failed its check (pg_restore --list)");
  }
  std::filesystem::remove(log);
  // link() refuses to replace a file that appeared meanwhile, unlike rename().
  if (::link(partial.c_str(), destination.c_str()) != 0) {
    const int error = errno;
    std::filesystem::remove(partial);
    throw std::system_error(error, std::generic_category(),
                            "moving the backup to " + destination.string());
  }
  std::filesystem::remove(partial);
}

}  // namespace store::postgres
