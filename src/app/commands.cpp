#include "app/commands.hpp"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <system_error>
#include <thread>

#include "api/auth_middleware.hpp"
#include "api/error_mapping.hpp"
#include "api/routes.hpp"
#include "api/services.hpp"
#include "app/auth_wiring.hpp"
#include "app/backups.hpp"
#include "app/build_info.hpp"
#include "app/config.hpp"
#include "app/database_wiring.hpp"
#include "app/instance_registry.hpp"
#include "app/llm_wiring.hpp"
#include "app/logging.hpp"
#include "app/notify_wiring.hpp"
#include "app/ops_metrics.hpp"
#include "app/periodic_task.hpp"
#include "app/pipeline_wiring.hpp"
#include "http/client_ip.hpp"
#include "http/cors.hpp"
#include "http/dispatcher.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "store/postgres/pg_dump.hpp"
#include "store/postgres/pg_listener.hpp"
#include "store/sql/database_copy.hpp"
#include "store/sql/sql_instance_store.hpp"
#include "store/sqlite/sqlite_database.hpp"

extern char** environ;

namespace app {

std::optional<LoadedConfig> LoadCommandConfig(const CommandContext& context, Purpose purpose,
                                              const EnvironmentMap& overrides) {
  try {
    EnvironmentMap from_file;
    EnvironmentMap variables = ReadEnvironment(environ, context.env_file, &from_file);
    for (const auto& [name, value] : overrides) variables[name] = value;
    LoadedConfig loaded{LoadConfig(variables, purpose), {}};
    for (const auto& [name, value] : from_file) {
      if (!IsKnownVariable(name)) loaded.unknown_file_variables.push_back(name);
    }
    return loaded;
  } catch (const ConfigError& error) {
    std::cerr << "backlog: configuration error: " << error.what() << '\n';
  } catch (const DotenvError& error) {
    std::cerr << "backlog: " << context.env_file.string() << ": " << error.what() << '\n';
  }
  return std::nullopt;
}

namespace {

api::BuildDescription DescribeBuild() {
  const BuildInfo& info = GetBuildInfo();
  return {std::string(info.version), std::string(info.build_version), std::string(info.git_commit),
          std::string(info.built_at)};
}

http::ServerOptions ServerOptionsFrom(const Config& config) {
  http::ServerOptions options;
  options.host = config.host;
  options.port = config.port;
  options.io_threads = config.io_threads;
  options.worker_threads = config.worker_threads;
  options.max_body_bytes = config.max_request_body_bytes;
  options.max_header_bytes = config.max_header_bytes;
  options.max_connections = config.max_connections;
  options.header_timeout = config.header_timeout;
  options.body_timeout = config.body_timeout;
  options.idle_timeout = config.idle_timeout;
  options.write_timeout = config.write_timeout;
  options.shutdown_grace = config.shutdown_grace;
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  options.isolated_pools = {{std::string(api::kSignInPool),
                             config.password_hash_threads ? config.password_hash_threads : cores,
                             config.password_hash_queue},
                            {std::string(api::kRegistrationPool), config.registration_hash_threads,
                             config.registration_hash_queue}};
  options.max_connections_per_ip = config.max_connections_per_ip;
  options.trusted_proxies = config.trusted_proxies;
  options.stream_heartbeat = config.event_stream_heartbeat;
  options.security.hsts = config.production();
  options.access_log = config.access_log;
  return options;
}

// Each connection needs a descriptor: raise the soft limit toward MAX_CONNECTIONS, or lower the
// connection limit to what the system allows, rather than failing accepts under load.
void FitConnectionLimit(http::ServerOptions& options) {
  constexpr rlim_t kReserve = 128;  // database, logs, outbound calls
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  const rlim_t wanted = static_cast<rlim_t>(options.max_connections) + kReserve;
  if (limit.rlim_cur < wanted) {
    limit.rlim_cur = std::min(wanted, limit.rlim_max);
    ::setrlimit(RLIMIT_NOFILE, &limit);
    ::getrlimit(RLIMIT_NOFILE, &limit);
  }
  if (limit.rlim_cur < wanted) {
    const auto allowed = limit.rlim_cur > kReserve ? limit.rlim_cur - kReserve : 1;
    spdlog::warn(
        "MAX_CONNECTIONS={} exceeds the open-file limit ({}); serving at most {} "
        "connections (raise LimitNOFILE / ulimit -n)",
        options.max_connections, limit.rlim_cur, allowed);
    options.max_connections = static_cast<std::size_t>(allowed);
  }
}

std::string ListenAddress(const std::string& host, std::uint16_t port) {
  const bool v6 = host.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

int Serve(const LoadedConfig& loaded) {
  const Config& config = loaded.config;
  const api::BuildDescription build = DescribeBuild();
  spdlog::info("Agile Backlog Automation {} (commit {}) starting in {} mode", build.version,
               build.git_commit, config.production() ? "production" : "development");
  for (const auto& line : config.Describe()) spdlog::info("config {}", line);
  for (const auto& name : loaded.unknown_file_variables) {
    spdlog::warn("ignoring {} in the .env file: the service does not read it (a typo?)", name);
  }
  if (config.jwt_secret_generated) {
    spdlog::warn(
        "JWT_SECRET_KEY is not set: using a random secret for this run, so tokens "
        "will not survive a restart; set JWT_SECRET_KEY (openssl rand -hex 32) to keep "
        "sign-ins across restarts");
  }

  const auto opened = OpenDatabase(config);
  store::sql::Database& database = *opened;
  const auto report = database.Migrate();
  for (int version : report.applied) spdlog::info("applied database migration {}", version);
  spdlog::info("database {} ({}) at schema version {}", DatabaseLocation(config),
               database.backend(), report.schema_version);

  AuthStack auth_stack(config, database);
  auth::AuthService& auth_service = auth_stack.service();
  auth_service.LoadRevocations();
  spdlog::info("rate limits and revocations are {}",
               auth_stack.shared() ? "shared through Redis" : "kept in this process");
  store::sql::SqlInstanceStore instance_store(database);
  std::optional<InstanceRegistry> registry;
  try {
    registry.emplace(instance_store, auth_stack.shared());
  } catch (const InstanceConflict& conflict) {
    spdlog::critical("cannot start: {}", conflict.what());
    return kExitBadConfig;
  }
  // Expired sessions and revocations, and login attempts past retention, go away hourly.
  PeriodicTask purge(std::chrono::hours(1), [&auth_service] {
    const auto purged = auth_service.Purge();
    if (purged.sessions + purged.revoked_tokens + purged.login_attempts + purged.account_locks >
        0) {
      spdlog::info(
          "purged {} expired session(s), {} revocation(s), {} old login attempt(s), {} "
          "lock counter(s)",
          purged.sessions, purged.revoked_tokens, purged.login_attempts, purged.account_locks);
    }
  });

  OpsMetrics ops_metrics;
  LlmStack llm_stack(config, database);
  llm_stack.ObserveCalls(
      [&ops_metrics](const llm::CallRecord& call) { ops_metrics.LlmCall(call); });
  PipelineStack pipeline_stack(config, database, llm_stack);
  // Jobs' ends, security events and failed backups reach people from the outbox.
  NotifyStack notify_stack(config, database, llm_stack.secrets(), pipeline_stack.projects(),
                           registry->id());
  // BACKUP_DIR: a backup now and every BACKUP_INTERVAL_HOURS (nothing when it is unset).
  ScheduledBackups backups(
      config, [&ops_metrics, &notify_stack](bool ok, std::int64_t at, const std::string& error) {
        ops_metrics.BackupFinished(ok, at);
        if (!ok) notify_stack.BackupFailed(at, error);
      });
  // Jobs running on other instances announce their events through PostgreSQL; a browser
  // connected here then hears them at once instead of at its stream's next poll.
  std::optional<store::postgres::PgListener> other_instances_events;
  if (!config.postgres_url.empty()) {
    other_instances_events.emplace(
        config.postgres_url, std::string(store::postgres::kJobEventsChannel),
        [&pipeline_stack](std::string_view job_id) { pipeline_stack.NotifyJobEvents(job_id); });
  }

  http::HttpMetrics metrics;
  http::ConcurrencyQuota event_streams(config.max_event_streams_per_user);
  api::Services services{
      database,
      metrics,
      auth_service,
      auth_stack.limiter(),
      build,
      api::CookiePolicy::For(config.production()),
      {config.api_rate_limit, std::chrono::seconds(config.api_rate_window_seconds)},
      event_streams,
      llm_stack.settings(),
      pipeline_stack.projects(),
      pipeline_stack.backlogs(),
      pipeline_stack.jobs(),
      pipeline_stack.vision(),
      pipeline_stack.tracker(),
      notify_stack.service(),
      [&ops_metrics, &pipeline_stack, &database, &notify_stack, &llm_stack] {
        return ops_metrics.Render(pipeline_stack.job_store(), database) +
               RenderOutboundMetrics(llm_stack.client().Status(),
                                     pipeline_stack.tracker_requests()) +
               notify_stack.RenderMetrics();
      }};
  http::StaticFiles static_files(config.static_dir);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(config.static_dir / "index.html", ec)) {
    spdlog::warn("no web UI in {} (index.html missing): serving the API only",
                 config.static_dir.string());
  }
  // Order matters: the client address first (limits and logs use it), CORS before anything
  // can refuse (so browsers can read the refusal), then who is calling, then their limit.
  std::vector<http::Middleware> middleware = {
      http::ClientIpMiddleware(http::TrustedProxies(config.trusted_proxies)),
      http::CorsMiddleware(config.cors_origins),
      api::DatabaseOutageMiddleware(),
      api::AuthenticationMiddleware(services),
      api::ApiRateLimitMiddleware(services),
      api::DomainErrorMiddleware(),
  };
  const http::Dispatcher dispatcher(
      http::Router(api::BuildRoutes(services)), std::move(middleware),
      [&static_files](const http::Request& request) { return static_files.Serve(request); },
      api::kReservedPaths);

  http::ServerOptions options = ServerOptionsFrom(config);
  FitConnectionLimit(options);
  http::Server server(options, dispatcher, metrics);
  std::uint16_t port = 0;
  try {
    port = server.Listen();
  } catch (const std::exception& error) {
    spdlog::critical("cannot listen on {}: {} (set HOST/PORT to a free address)",
                     ListenAddress(config.host, config.port), error.what());
    return kExitFailure;
  }
  spdlog::info("listening on {}", ListenAddress(config.host, port));
  // Jobs left unfinished by a previous run (or a dead instance) resume from their last step.
  pipeline_stack.Start();
  notify_stack.Start();
  FlushLogs();
  server.Run();
  pipeline_stack.Stop();
  notify_stack.Stop();
  spdlog::info("stopped");
  return kExitOk;
}

}  // namespace

int RunServe(const CommandContext& context) {
  auto loaded = LoadCommandConfig(context, Purpose::kServe);
  if (!loaded) return kExitBadConfig;
  try {
    SetUpLogging({loaded->config.log_json, loaded->config.log_level, loaded->config.log_dir});
  } catch (const std::exception& error) {
    std::cerr << "backlog: configuration error: LOG_DIR: cannot write logs to "
              << loaded->config.log_dir.string() << ": " << error.what() << '\n';
    return kExitBadConfig;
  }
  int code = kExitFailure;
  try {
    code = Serve(*loaded);
  } catch (const store::MigrationError& error) {
    spdlog::critical("the database cannot be used: {}", error.what());
  } catch (const std::exception& error) {
    spdlog::critical("cannot start: {}", error.what());
  }
  ShutDownLogging();
  return code;
}

int RunMigrate(const CommandContext& context) {
  auto loaded = LoadCommandConfig(context, Purpose::kMaintenance);
  if (!loaded) return kExitBadConfig;
  try {
    const auto database = OpenDatabase(loaded->config, 1);
    const auto report = database->Migrate();
    const auto& migrations = database->EmbeddedMigrations();
    for (int version : report.applied) {
      std::cout << "applied " << migrations[static_cast<std::size_t>(version - 1)].name << '\n';
    }
    std::cout << DatabaseLocation(loaded->config) << " is at schema version "
              << report.schema_version << (report.applied.empty() ? " (nothing to apply)" : "")
              << '\n';
    return kExitOk;
  } catch (const std::exception& error) {
    std::cerr << "backlog migrate: " << error.what() << '\n';
    return kExitFailure;
  }
}

int RunBackup(const CommandContext& context, const std::filesystem::path& destination) {
  auto loaded = LoadCommandConfig(context, Purpose::kMaintenance);
  if (!loaded) return kExitBadConfig;
  try {
    WriteBackup(loaded->config, destination);
    const bool postgres = !loaded->config.postgres_url.empty();
    std::cout << "backed up " << DatabaseLocation(loaded->config) << " to " << destination.string()
              << " (" << std::filesystem::file_size(destination) << " bytes"
              << (postgres ? ", pg_dump custom format; restore with pg_restore" : "") << ")\n";
    return kExitOk;
  } catch (const std::exception& error) {
    std::cerr << "backlog db backup: " << error.what() << '\n';
    return kExitFailure;
  }
}

int RunDbCopy(const CommandContext& context, const std::string& from, const std::string& to) {
  auto source_config = LoadCommandConfig(context, Purpose::kMaintenance, {{"DATABASE_URL", from}});
  auto target_config = LoadCommandConfig(context, Purpose::kMaintenance, {{"DATABASE_URL", to}});
  if (!source_config || !target_config) return kExitBadConfig;
  if (!source_config->config.sqlite_path.empty() &&
      !std::filesystem::is_regular_file(source_config->config.sqlite_path)) {
    std::cerr << "backlog db copy: there is no database at "
              << source_config->config.sqlite_path.string() << '\n';
    return kExitFailure;
  }
  try {
    const auto source = OpenDatabase(source_config->config, 1);
    const auto target = OpenDatabase(target_config->config, 1);
    source->Migrate();
    target->Migrate();
    const auto copies = store::sql::CopyDatabase(*source, *target);
    std::int64_t rows = 0;
    for (const auto& copy : copies) {
      std::cout << "  " << copy.table << ": " << copy.target_rows << " of " << copy.source_rows
                << " rows\n";
      rows += copy.target_rows;
    }
    std::cout << "copied " << rows << " rows from " << DatabaseLocation(source_config->config)
              << " to " << DatabaseLocation(target_config->config)
              << " (every table's count checked)\n";
    return kExitOk;
  } catch (const std::exception& error) {
    std::cerr << "backlog db copy: " << error.what() << " (nothing was written)\n";
    return kExitFailure;
  }
}

int RunVersion(bool json) {
  const BuildInfo& info = GetBuildInfo();
  if (json) {
    std::cout << nlohmann::json{{"version", info.version},
                                {"build_version", info.build_version},
                                {"git_commit", info.git_commit},
                                {"built_at", info.built_at}}
                     .dump()
              << '\n';
  } else {
    std::cout << "backlog " << info.version << " (build " << info.build_version << ", commit "
              << info.git_commit << ", built " << info.built_at << ")\n";
  }
  return kExitOk;
}

namespace {

// Reads a line from the terminal without echoing it.
std::optional<std::string> ReadHidden(const char* prompt) {
  std::cerr << prompt << std::flush;
  termios saved{};
  const bool terminal = ::tcgetattr(STDIN_FILENO, &saved) == 0;
  if (terminal) {
    termios quiet = saved;
    quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  const bool read = static_cast<bool>(std::getline(std::cin, line));
  if (terminal) {
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::cerr << '\n';
  }
  if (!read) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::optional<std::string> ReadNewPassword() {
  if (!::isatty(STDIN_FILENO)) {
    std::string line;
    if (!std::getline(std::cin, line)) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  }
  auto first = ReadHidden("Password (12 or more characters): ");
  auto second = ReadHidden("Repeat the password: ");
  if (!first || !second) return std::nullopt;
  if (*first != *second) {
    std::cerr << "backlog user create: the passwords differ\n";
    return std::nullopt;
  }
  return first;
}

}  // namespace

int RunUserCreate(const CommandContext& context, const NewUserArguments& arguments) {
  auto loaded = LoadCommandConfig(context, Purpose::kMaintenance);
  if (!loaded) return kExitBadConfig;
  const auto password = ReadNewPassword();
  if (!password || password->empty()) {
    std::cerr << "backlog user create: no password given (type it at the prompt or pipe it on "
                 "standard input)\n";
    return kExitBadConfig;
  }
  try {
    const auto database = OpenDatabase(loaded->config, 2);
    database->Migrate();
    AuthStack auth_stack(loaded->config, *database);
    const store::UserRecord user = auth_stack.service().CreateAccount(
        {arguments.username, arguments.email, *password, arguments.full_name,
         arguments.admin ? "admin" : "user"});
    std::cout << "created " << user.role << " " << user.username << " (id " << user.id << ")\n";
    return kExitOk;
  } catch (const auth::AuthError& error) {
    std::cerr << "backlog user create: " << error.what() << '\n';
    return kExitBadConfig;
  } catch (const std::exception& error) {
    std::cerr << "backlog user create: " << error.what() << '\n';
    return kExitFailure;
  }
}

int RunAuthPurge(const CommandContext& context) {
  auto loaded = LoadCommandConfig(context, Purpose::kMaintenance);
  if (!loaded) return kExitBadConfig;
  try {
    const auto database = OpenDatabase(loaded->config, 2);
    database->Migrate();
    AuthStack auth_stack(loaded->config, *database);
    const auto purged = auth_stack.service().Purge();
    std::cout << "purged " << purged.sessions << " expired session(s), " << purged.revoked_tokens
              << " expired revocation(s), " << purged.login_attempts
              << " login attempt(s) older than " << loaded->config.login_attempt_retention_days
              << " days, " << purged.account_locks << " stale lock counter(s)\n";
    return kExitOk;
  } catch (const std::exception& error) {
    std::cerr << "backlog auth purge: " << error.what() << '\n';
    return kExitFailure;
  }
}

}  // namespace app
