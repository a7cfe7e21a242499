#include "app/config.hpp"

#include <arpa/inet.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <random>

namespace app {
namespace {

// kUrl: may carry credentials in its user-info or query, both hidden in the start-up log.
enum class Kind { kPlain, kSecret, kUrl };

struct Variable {
  std::string_view name;
  std::string_view default_value;
  Kind kind;
};

// Every variable the service reads, with its default. Documented in .env.example.
constexpr std::array kVariables = {
    Variable{"ENVIRONMENT", "development", Kind::kPlain},
    Variable{"JWT_SECRET_KEY", "", Kind::kSecret},
    Variable{"JWT_PREVIOUS_SECRET_KEYS", "", Kind::kSecret},
    Variable{"DATABASE_URL", "sqlite://data/agile_backlog.db", Kind::kUrl},
    Variable{"DATABASE_POOL_SIZE", "0", Kind::kPlain},
    Variable{"REDIS_URL", "", Kind::kUrl},
    Variable{"HOST", "127.0.0.1", Kind::kPlain},
    Variable{"PORT", "8000", Kind::kPlain},
    Variable{"CORS_ORIGINS", "", Kind::kPlain},
    Variable{"TRUSTED_PROXIES", "", Kind::kPlain},
    Variable{"OPENAI_API_KEY", "", Kind::kSecret},
    Variable{"OPENAI_BASE_URL", "https://api.openai.com/v1", Kind::kUrl},
    Variable{"GROK_API_KEY", "", Kind::kSecret},
    Variable{"GROK_BASE_URL", "https://api.x.ai/v1", Kind::kUrl},
    Variable{"COMPATIBLE_BASE_URL", "", Kind::kUrl},
    Variable{"COMPATIBLE_API_KEY", "", Kind::kSecret},
    Variable{"LLM_PROVIDER", "openai", Kind::kPlain},
    Variable{"LLM_ALLOWED_PROVIDERS", "", Kind::kPlain},
    Variable{"LLM_MODEL", "gpt-4o-mini", Kind::kPlain},
    Variable{"LLM_TEMPERATURE", "0.7", Kind::kPlain},
    Variable{"LLM_MAX_TOKENS", "4096", Kind::kPlain},
    Variable{"LLM_DEFAULTS_FILE", "", Kind::kPlain},
    Variable{"LLM_PRICES_FILE", "", Kind::kPlain},
    Variable{"LLM_MAX_IN_FLIGHT", "8", Kind::kPlain},
    Variable{"LLM_REQUESTS_PER_MINUTE", "0", Kind::kPlain},
    Variable{"LLM_TOKENS_PER_MINUTE", "0", Kind::kPlain},
    Variable{"LLM_TIMEOUT_SECONDS", "180", Kind::kPlain},
    Variable{"LLM_MAX_ATTEMPTS", "5", Kind::kPlain},
    Variable{"LLM_CACHE", "false", Kind::kPlain},
    Variable{"DATA_ENCRYPTION_KEY", "", Kind::kSecret},
    Variable{"JOB_CONCURRENCY", "2", Kind::kPlain},
    Variable{"JOB_STEP_THREADS", "16", Kind::kPlain},
    Variable{"JOB_MAX_ITEM_ATTEMPTS", "3", Kind::kPlain},
    Variable{"JOB_LEASE_SECONDS", "30", Kind::kPlain},
    Variable{"OLLAMA_BASE_URL", "http://127.0.0.1:11434", Kind::kUrl},
    Variable{"AZURE_DEVOPS_ORG_URL", "", Kind::kUrl},
    Variable{"AZURE_DEVOPS_ORG", "", Kind::kPlain},
    Variable{"AZURE_DEVOPS_PROJECT", "", Kind::kPlain},
    Variable{"AZURE_DEVOPS_PAT", "", Kind::kSecret},
    Variable{"AZURE_DEVOPS_AREA_PATH", "", Kind::kPlain},
    Variable{"AZURE_DEVOPS_ITERATION_PATH", "", Kind::kPlain},
    Variable{"AZURE_DEVOPS_API_VERSION", "7.1", Kind::kPlain},
    Variable{"AZURE_DEVOPS_BATCH_API_VERSION", "5.0", Kind::kPlain},
    Variable{"AZURE_DEVOPS_BATCH_SIZE", "200", Kind::kPlain},
    Variable{"AZURE_DEVOPS_TIMEOUT_SECONDS", "60", Kind::kPlain},
    Variable{"TRACKER_ALLOWED_HOSTS", "dev.azure.com,*.visualstudio.com", Kind::kPlain},
    Variable{"PUBLIC_URL", "", Kind::kUrl},
    Variable{"NOTIFICATION_EMAIL", "", Kind::kPlain},
    Variable{"SMTP_URL", "", Kind::kUrl},
    Variable{"TEAMS_WEBHOOK_URL", "", Kind::kSecret},  // the URL itself is the credential
    Variable{"PUBLIC_BASE_URL", "", Kind::kUrl},
    Variable{"SMTP_USERNAME", "", Kind::kPlain},
    Variable{"SMTP_PASSWORD", "", Kind::kSecret},
    Variable{"SMTP_FROM", "", Kind::kPlain},
    Variable{"SMTP_ALLOW_PLAIN", "false", Kind::kPlain},
    Variable{"SMTP_CA_FILE", "", Kind::kPlain},
    Variable{"NOTIFY_JOB_RESULTS", "true", Kind::kPlain},
    Variable{"NOTIFY_OPERATOR_FAILURES", "true", Kind::kPlain},
    Variable{"NOTIFY_SECURITY_EVENTS", "true", Kind::kPlain},
    Variable{"WEBHOOK_ALLOW_PRIVATE", "false", Kind::kPlain},
    Variable{"NOTIFICATION_RETRY_SECONDS", "30", Kind::kPlain},
    Variable{"NOTIFICATION_MAX_ATTEMPTS", "10", Kind::kPlain},
    Variable{"NOTIFICATION_LEASE_SECONDS", "300", Kind::kPlain},
    Variable{"AUTH_DEBUG", "false", Kind::kPlain},
    Variable{"ALLOW_REGISTRATION", "true", Kind::kPlain},
    Variable{"BCRYPT_COST", "12", Kind::kPlain},
    Variable{"ACCESS_TOKEN_TTL_SECONDS", "1800", Kind::kPlain},
    Variable{"REFRESH_TOKEN_TTL_SECONDS", "604800", Kind::kPlain},
    Variable{"REFRESH_ROTATION_GRACE_SECONDS", "0", Kind::kPlain},
    Variable{"LOGIN_RATE_LIMIT", "10", Kind::kPlain},
    Variable{"LOGIN_RATE_WINDOW_SECONDS", "60", Kind::kPlain},
    Variable{"REGISTER_RATE_LIMIT", "10", Kind::kPlain},
    Variable{"REGISTER_RATE_WINDOW_SECONDS", "3600", Kind::kPlain},
    Variable{"API_RATE_LIMIT", "600", Kind::kPlain},
    Variable{"API_RATE_WINDOW_SECONDS", "60", Kind::kPlain},
    Variable{"LOCKOUT_THRESHOLD", "5", Kind::kPlain},
    Variable{"LOCKOUT_WINDOW_SECONDS", "900", Kind::kPlain},
    Variable{"LOCKOUT_DURATION_SECONDS", "900", Kind::kPlain},
    Variable{"LOGIN_ATTEMPT_RETENTION_DAYS", "30", Kind::kPlain},
    Variable{"PASSWORD_HASH_THREADS", "0", Kind::kPlain},
    Variable{"PASSWORD_HASH_QUEUE", "32", Kind::kPlain},
    Variable{"REGISTER_HASH_THREADS", "1", Kind::kPlain},
    Variable{"REGISTER_HASH_QUEUE", "8", Kind::kPlain},
    Variable{"LOG_DIR", "logs", Kind::kPlain},
    Variable{"BACKUP_DIR", "", Kind::kPlain},
    Variable{"BACKUP_INTERVAL_HOURS", "24", Kind::kPlain},
    Variable{"BACKUP_KEEP", "7", Kind::kPlain},
    Variable{"LOG_LEVEL", "info", Kind::kPlain},
    Variable{"LOG_FORMAT", "", Kind::kPlain},
    Variable{"ACCESS_LOG", "true", Kind::kPlain},
    Variable{"STATIC_DIR", "web/dist", Kind::kPlain},
    Variable{"MAX_REQUEST_BODY_BYTES", "1048576", Kind::kPlain},
    Variable{"MAX_HEADER_BYTES", "16384", Kind::kPlain},
    Variable{"MAX_CONNECTIONS", "4096", Kind::kPlain},
    Variable{"IO_THREADS", "0", Kind::kPlain},
    Variable{"WORKER_THREADS", "0", Kind::kPlain},
    Variable{"HTTP_HEADER_TIMEOUT_SECONDS", "10", Kind::kPlain},
    Variable{"HTTP_BODY_TIMEOUT_SECONDS", "30", Kind::kPlain},
    Variable{"HTTP_IDLE_TIMEOUT_SECONDS", "60", Kind::kPlain},
    Variable{"HTTP_WRITE_TIMEOUT_SECONDS", "30", Kind::kPlain},
    Variable{"SHUTDOWN_GRACE_SECONDS", "20", Kind::kPlain},
    Variable{"MAX_CONNECTIONS_PER_IP", "64", Kind::kPlain},
    Variable{"MAX_EVENT_STREAMS_PER_USER", "16", Kind::kPlain},
    Variable{"EVENT_STREAM_HEARTBEAT_SECONDS", "15", Kind::kPlain},
    Variable{"MAX_QUEUED_JOBS_PER_USER", "10", Kind::kPlain},
    Variable{"VISION_CHECKS_PER_USER", "2", Kind::kPlain},
    Variable{"VISION_CHECK_THREADS", "8", Kind::kPlain},
};

constexpr std::size_t kMinimumSecretBytes = 32;
constexpr std::string_view kSecretFix = "generate one with: openssl rand -hex 32";

class Reader {
 public:
  explicit Reader(const EnvironmentMap& variables) : variables_(variables) {}

  std::string Get(std::string_view name) const {
    if (auto it = variables_.find(name); it != variables_.end()) return it->second;
    return Default(name);
  }

  std::string Default(std::string_view name) const {
    for (const auto& variable : kVariables) {
      if (variable.name == name) return std::string(variable.default_value);
    }
    return {};
  }

 private:
  const EnvironmentMap& variables_;
};

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> items;
  while (!text.empty()) {
    const auto comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) items.emplace_back(item);
  }
  return items;
}

std::uint64_t ParseUnsigned(const std::string& name, const std::string& text, std::uint64_t min,
                            std::uint64_t max) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
    throw ConfigError(name, "must be a whole number from " + std::to_string(min) + " to " +
                                std::to_string(max) + " (got \"" + text + "\")");
  }
  return value;
}

std::chrono::milliseconds ParseSeconds(const std::string& name, const std::string& text, double min,
                                       double max) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || !std::isfinite(value) ||
      value < min || value > max) {
    throw ConfigError(name, "must be a number of seconds from " + std::to_string(min).substr(0, 4) +
                                " to " + std::to_string(static_cast<int>(max)) + " (got \"" + text +
                                "\")");
  }
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(value * 1000)));
}

bool ParseBool(const std::string& name, std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (text == "1" || text == "true" || text == "yes" || text == "on") return true;
  if (text == "0" || text == "false" || text == "no" || text == "off" || text.empty()) return false;
  throw ConfigError(name, "must be true or false (got \"" + text + "\")");
}

bool IsIpAddress(const std::string& text) {
  unsigned char buffer[16];
  return inet_pton(AF_INET, text.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

void RequireUrl(const std::string& name, const std::string& value,
                std::initializer_list<std::string_view> schemes) {
  if (value.empty()) return;
  const auto separator = value.find("://");
  const std::string scheme = separator == std::string::npos ? "" : value.substr(0, separator);
  const bool known =
      std::any_of(schemes.begin(), schemes.end(), [&](std::string_view s) { return s == scheme; });
  if (!known || separator + 3 >= value.size()) {
    std::string expected;
    for (auto s : schemes) expected += (expected.empty() ? "" : " or ") + std::string(s) + "://";
    throw ConfigError(name, "must be a URL starting with " + expected);
  }
}

void ValidateOrigin(const std::string& origin, bool production) {
  const std::string name = "CORS_ORIGINS";
  if (origin == "*") {
    if (production) {
      throw ConfigError(name,
                        "a wildcard (*) is refused in production; list the exact origins, "
                        "e.g. https://backlog.example.com");
    }
    return;
  }
  const auto separator = origin.find("://");
  const std::string scheme = separator == std::string::npos ? "" : origin.substr(0, separator);
  const std::string rest = separator == std::string::npos ? "" : origin.substr(separator + 3);
  if ((scheme != "http" && scheme != "https") || rest.empty() ||
      rest.find_first_of("/?#@ ") != std::string::npos) {
    throw ConfigError(name, "\"" + origin +
                                "\" is not an origin; use scheme://host[:port] without a path, "
                                "e.g. https://backlog.example.com");
  }
}

void ValidateProxy(const std::string& entry) {
  const auto slash = entry.find('/');
  const std::string address = entry.substr(0, slash);
  const bool v4 = address.find(':') == std::string::npos;
  bool ok = IsIpAddress(address);
  if (ok && slash != std::string::npos) {
    const std::string bits = entry.substr(slash + 1);
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(bits.data(), bits.data() + bits.size(), value);
    ok = error == std::errc{} && end == bits.data() + bits.size() && !bits.empty() &&
         value <= (v4 ? 32u : 128u);
  }
  if (!ok) {
    throw ConfigError("TRUSTED_PROXIES", "\"" + entry +
                                             "\" is not an IP address or CIDR range (e.g. "
                                             "10.0.0.0/8, 127.0.0.1, ::1)");
  }
}

bool IsPostgresUrl(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

std::filesystem::path SqlitePath(const std::string& url) {
  constexpr std::string_view kScheme = "sqlite://";
  if (!url.starts_with(kScheme) || url.size() == kScheme.size()) {
    throw ConfigError("DATABASE_URL",
                      "must be sqlite://PATH (relative), sqlite:///PATH (absolute) or "
                      "postgresql://USER:PASSWORD@HOST:PORT/DATABASE, e.g. "
                      "sqlite://data/agile_backlog.db");
  }
  std::filesystem::path path(url.substr(kScheme.size()));
  if (path.filename().empty()) {
    throw ConfigError("DATABASE_URL", "must name a database file, not a folder");
  }
  return path;
}

// Other users must not read the database: it holds password hashes and encrypted credentials.
void RefuseReadableDatabase(const std::filesystem::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return;  // created later with mode 0600
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
    throw ConfigError("DATABASE_URL", "the database file " + path.string() +
                                          " is accessible to other users (mode " + mode +
                                          "); run: chmod 600 " + path.string());
  }
}

std::string GenerateSecret() {
  std::random_device random;  // the OS generator (getrandom)
  static constexpr char kHex[] = "0123456789abcdef";
  std::string secret;
  for (int i = 0; i < 8; ++i) {
    const unsigned value = random();
    for (int shift = 0; shift < 32; shift += 8) {
      const unsigned byte = (value >> shift) & 0xFF;
      secret.push_back(kHex[byte >> 4]);
      secret.push_back(kHex[byte & 0xF]);
    }
  }
  return secret;  // 64 hex characters = 256 bits
}

// The providers users may choose: LLM_ALLOWED_PROVIDERS when set, otherwise the default provider
// and every provider the operator configured (a key, or a base URL other than the default). A
// default URL alone enables nothing: it would let any user send calls to, say, a local Ollama.
std::vector<std::string> AllowedProviders(const Reader& env, const std::string& default_provider) {
  static constexpr std::array<std::string_view, 5> kProviders{"openai", "grok", "ollama",
                                                              "ollama-openai", "compatible"};
  if (const std::string listed = env.Get("LLM_ALLOWED_PROVIDERS"); !listed.empty()) {
    std::vector<std::string> allowed = SplitList(listed);
    for (const auto& provider : allowed) {
      if (std::find(kProviders.begin(), kProviders.end(), provider) == kProviders.end()) {
        throw ConfigError("LLM_ALLOWED_PROVIDERS",
                          "\"" + provider +
                              "\" is not a provider (openai, grok, ollama, ollama-openai, "
                              "compatible)");
      }
    }
    if (std::find(allowed.begin(), allowed.end(), default_provider) == allowed.end()) {
      throw ConfigError("LLM_ALLOWED_PROVIDERS",
                        "must include LLM_PROVIDER (" + default_provider + ")");
    }
    return allowed;
  }
  const auto own_url = [&](std::string_view name) {
    const std::string value = env.Get(name);
    return !value.empty() && value != env.Default(name);
  };
  const auto has_key = [&](std::string_view name) { return !env.Get(name).empty(); };
  std::vector<std::string> allowed{default_provider};
  const auto allow = [&](std::string_view provider) {
    if (std::find(allowed.begin(), allowed.end(), provider) == allowed.end()) {
      allowed.emplace_back(provider);
    }
  };
  if (has_key("OPENAI_API_KEY") || own_url("OPENAI_BASE_URL")) allow("openai");
  if (has_key("GROK_API_KEY") || own_url("GROK_BASE_URL")) allow("grok");
  if (own_url("OLLAMA_BASE_URL")) {
    allow("ollama");
    allow("ollama-openai");
  }
  if (own_url("COMPATIBLE_BASE_URL")) allow("compatible");
  return allowed;
}

}  // namespace

bool IsKnownVariable(std::string_view name) {
  return std::any_of(kVariables.begin(), kVariables.end(),
                     [&](const Variable& v) { return v.name == name; });
}

std::vector<std::pair<std::string_view, std::string_view>> KnownVariables() {
  std::vector<std::pair<std::string_view, std::string_view>> known;
  for (const auto& variable : kVariables) known.emplace_back(variable.name, variable.default_value);
  return known;
}

std::string RedactUrl(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::string(url);
  const auto authority_start = scheme_end + 3;
  const auto authority_end = std::min(url.find_first_of("/?#", authority_start), url.size());
  std::string redacted(url.substr(0, authority_start));
  const auto at = url.substr(0, authority_end).rfind('@');
  if (at != std::string_view::npos && at >= authority_start) {
    // A user name alone can be a token too ("https://TOKEN@host"): hide the whole user-info.
    redacted += "****";
    redacted += url.substr(at, authority_end - at);
  } else {
    redacted += url.substr(authority_start, authority_end - authority_start);
  }
  const auto query = url.find('?', authority_end);
  const auto fragment = url.find('#', authority_end);
  const auto path_end = std::min(std::min(query, fragment), url.size());
  redacted += url.substr(authority_end, path_end - authority_end);
  if (query != std::string_view::npos) redacted += "?****";
  return redacted;
}

Config LoadConfig(const EnvironmentMap& variables, Purpose purpose) {
  const Reader env(variables);
  Config config;
  for (const auto& variable : kVariables) {
    config.effective.emplace_back(variable.name, env.Get(variable.name));
  }

  const std::string environment = env.Get("ENVIRONMENT");
  if (environment == "production") {
    config.environment = Environment::kProduction;
  } else if (environment == "development") {
    config.environment = Environment::kDevelopment;
  } else {
    throw ConfigError("ENVIRONMENT",
                      "must be development or production (got \"" + environment + "\")");
  }
  const bool production = config.production();
  const bool serving = purpose == Purpose::kServe;

  config.jwt_secret_key = env.Get("JWT_SECRET_KEY");
  if (serving && config.jwt_secret_key.empty() && !production) {
    config.jwt_secret_key = GenerateSecret();
    config.jwt_secret_generated = true;
  }
  if (serving && config.jwt_secret_key.size() < kMinimumSecretBytes) {
    // HS256 needs a key at least as long as its output (RFC 7518 3.2), in every environment.
    throw ConfigError("JWT_SECRET_KEY",
                      config.jwt_secret_key.empty()
                          ? "is required in production; " + std::string(kSecretFix)
                          : "must be at least 32 bytes" +
                                std::string(production ? " in production" : "") + " (it has " +
                                std::to_string(config.jwt_secret_key.size()) + "); " +
                                std::string(kSecretFix));
  }
  config.jwt_previous_secret_keys = SplitList(env.Get("JWT_PREVIOUS_SECRET_KEYS"));
  for (const auto& key : config.jwt_previous_secret_keys) {
    if (key.size() < kMinimumSecretBytes) {
      throw ConfigError("JWT_PREVIOUS_SECRET_KEYS", "every previous key must be at least 32 bytes");
    }
  }

  config.database_url = env.Get("DATABASE_URL");
  if (IsPostgresUrl(config.database_url)) {
    config.postgres_url = config.database_url;
    if (config.postgres_url.find('/', config.postgres_url.find("://") + 3) == std::string::npos) {
      throw ConfigError("DATABASE_URL",
                        "must name the database: postgresql://USER:PASSWORD@HOST:PORT/DATABASE");
    }
  } else {
    config.sqlite_path = SqlitePath(config.database_url);
    if (production) RefuseReadableDatabase(config.sqlite_path);
  }
  config.database_pool_size =
      ParseUnsigned("DATABASE_POOL_SIZE", env.Get("DATABASE_POOL_SIZE"), 0, 1000);
  config.redis_url = env.Get("REDIS_URL");
  RequireUrl("REDIS_URL", config.redis_url, {"redis", "rediss"});

  config.host = env.Get("HOST");
  if (config.host == "localhost") config.host = "127.0.0.1";
  if (!IsIpAddress(config.host)) {
    throw ConfigError("HOST",
                      "must be an IP address to listen on, e.g. 127.0.0.1 (behind a proxy) "
                      "or 0.0.0.0 (all interfaces); got \"" +
                          config.host + "\"");
  }
  config.port = static_cast<std::uint16_t>(ParseUnsigned("PORT", env.Get("PORT"), 0, 65535));

  config.cors_origins = SplitList(env.Get("CORS_ORIGINS"));
  for (const auto& origin : config.cors_origins) ValidateOrigin(origin, production && serving);
  config.trusted_proxies = SplitList(env.Get("TRUSTED_PROXIES"));
  for (const auto& proxy : config.trusted_proxies) ValidateProxy(proxy);

  config.openai_api_key = env.Get("OPENAI_API_KEY");
  config.openai_base_url = env.Get("OPENAI_BASE_URL");
  RequireUrl("OPENAI_BASE_URL", config.openai_base_url, {"https", "http"});
  config.grok_api_key = env.Get("GROK_API_KEY");
  config.ollama_base_url = env.Get("OLLAMA_BASE_URL");
  RequireUrl("OLLAMA_BASE_URL", config.ollama_base_url, {"http", "https"});
  config.grok_base_url = env.Get("GROK_BASE_URL");
  RequireUrl("GROK_BASE_URL", config.grok_base_url, {"https", "http"});
  config.compatible_base_url = env.Get("COMPATIBLE_BASE_URL");
  RequireUrl("COMPATIBLE_BASE_URL", config.compatible_base_url, {"https", "http"});
  config.compatible_api_key = env.Get("COMPATIBLE_API_KEY");
  config.llm_provider = env.Get("LLM_PROVIDER");
  static constexpr std::array<std::string_view, 5> kProviders{"openai", "grok", "ollama",
                                                              "ollama-openai", "compatible"};
  if (std::find(kProviders.begin(), kProviders.end(), config.llm_provider) == kProviders.end()) {
    throw ConfigError("LLM_PROVIDER", "must be openai, grok, ollama, ollama-openai or compatible");
  }
  if (config.llm_provider == "compatible" && config.compatible_base_url.empty()) {
    throw ConfigError("COMPATIBLE_BASE_URL",
                      "is required when LLM_PROVIDER=compatible (e.g. http://127.0.0.1:1234/v1)");
  }
  config.llm_allowed_providers = AllowedProviders(env, config.llm_provider);
  config.llm_model = env.Get("LLM_MODEL");
  if (config.llm_model.empty()) throw ConfigError("LLM_MODEL", "must name a model");
  {
    const std::string text = env.Get("LLM_TEMPERATURE");
    double value = -1;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value < 0 || value > 2) {
      throw ConfigError("LLM_TEMPERATURE", "must be a number from 0 to 2");
    }
    config.llm_temperature = value;
  }
  config.llm_max_tokens =
      static_cast<int>(ParseUnsigned("LLM_MAX_TOKENS", env.Get("LLM_MAX_TOKENS"), 16, 128000));
  config.llm_defaults_file = env.Get("LLM_DEFAULTS_FILE");
  config.llm_prices_file = env.Get("LLM_PRICES_FILE");
  config.llm_max_in_flight =
      static_cast<int>(ParseUnsigned("LLM_MAX_IN_FLIGHT", env.Get("LLM_MAX_IN_FLIGHT"), 1, 1024));
  config.llm_requests_per_minute =
      ParseUnsigned("LLM_REQUESTS_PER_MINUTE", env.Get("LLM_REQUESTS_PER_MINUTE"), 0, 100000000);
  config.llm_tokens_per_minute =
      ParseUnsigned("LLM_TOKENS_PER_MINUTE", env.Get("LLM_TOKENS_PER_MINUTE"), 0, 1000000000000);
  config.llm_timeout = ParseSeconds("LLM_TIMEOUT_SECONDS", env.Get("LLM_TIMEOUT_SECONDS"), 1, 3600);
  config.llm_max_attempts =
      static_cast<int>(ParseUnsigned("LLM_MAX_ATTEMPTS", env.Get("LLM_MAX_ATTEMPTS"), 1, 20));
  config.llm_cache = ParseBool("LLM_CACHE", env.Get("LLM_CACHE"));
  config.data_encryption_key = env.Get("DATA_ENCRYPTION_KEY");
  if (!config.data_encryption_key.empty() &&
      config.data_encryption_key.size() < kMinimumSecretBytes) {
    throw ConfigError("DATA_ENCRYPTION_KEY",
                      "must be at least 32 bytes; " + std::string(kSecretFix));
  }
  config.job_concurrency =
      static_cast<int>(ParseUnsigned("JOB_CONCURRENCY", env.Get("JOB_CONCURRENCY"), 1, 64));
  config.job_step_threads =
      static_cast<int>(ParseUnsigned("JOB_STEP_THREADS", env.Get("JOB_STEP_THREADS"), 1, 256));
  config.job_max_item_attempts = static_cast<int>(
      ParseUnsigned("JOB_MAX_ITEM_ATTEMPTS", env.Get("JOB_MAX_ITEM_ATTEMPTS"), 1, 10));
  config.job_lease = std::chrono::duration_cast<std::chrono::seconds>(
      ParseSeconds("JOB_LEASE_SECONDS", env.Get("JOB_LEASE_SECONDS"), 5, 3600));
  config.azure_devops_org_url = env.Get("AZURE_DEVOPS_ORG_URL");
  // The older setting names only the organization.
  if (config.azure_devops_org_url.empty() && !env.Get("AZURE_DEVOPS_ORG").empty()) {
    config.azure_devops_org_url = "https://dev.azure.com/" + env.Get("AZURE_DEVOPS_ORG");
  }
  while (!config.azure_devops_org_url.empty() && config.azure_devops_org_url.back() == '/') {
    config.azure_devops_org_url.pop_back();
  }
  config.azure_devops_project = env.Get("AZURE_DEVOPS_PROJECT");
  config.azure_devops_pat = env.Get("AZURE_DEVOPS_PAT");
  config.azure_devops_area_path = env.Get("AZURE_DEVOPS_AREA_PATH");
  config.azure_devops_iteration_path = env.Get("AZURE_DEVOPS_ITERATION_PATH");
  config.azure_devops_api_version = env.Get("AZURE_DEVOPS_API_VERSION");
  config.azure_devops_batch_api_version = env.Get("AZURE_DEVOPS_BATCH_API_VERSION");
  config.azure_devops_batch_size =
      ParseUnsigned("AZURE_DEVOPS_BATCH_SIZE", env.Get("AZURE_DEVOPS_BATCH_SIZE"), 1, 200);
  config.azure_devops_timeout = ParseSeconds("AZURE_DEVOPS_TIMEOUT_SECONDS",
                                             env.Get("AZURE_DEVOPS_TIMEOUT_SECONDS"), 0.1, 600);
  config.tracker_allowed_hosts = SplitList(env.Get("TRACKER_ALLOWED_HOSTS"));
  config.public_url = env.Get("PUBLIC_URL");
  // PUBLIC_BASE_URL: the deployment guide's name for the same thing.
  if (config.public_url.empty()) config.public_url = env.Get("PUBLIC_BASE_URL");
  while (!config.public_url.empty() && config.public_url.back() == '/')
    config.public_url.pop_back();
  config.notification_email = env.Get("NOTIFICATION_EMAIL");
  if (!config.notification_email.empty() &&
      config.notification_email.find('@') == std::string::npos) {
    throw ConfigError("NOTIFICATION_EMAIL", "must be an email address");
  }
  config.smtp_url = env.Get("SMTP_URL");
  RequireUrl("SMTP_URL", config.smtp_url, {"smtp", "smtps"});
  config.smtp_username = env.Get("SMTP_USERNAME");
  config.smtp_password = env.Get("SMTP_PASSWORD");
  config.smtp_from = env.Get("SMTP_FROM");
  if (!config.smtp_from.empty() && config.smtp_from.find('@') == std::string::npos) {
    throw ConfigError("SMTP_FROM", "must be an email address");
  }
  if (!config.smtp_url.empty() && config.smtp_from.empty()) {
    throw ConfigError("SMTP_FROM", "is required with SMTP_URL (the sender address of messages)");
  }
  config.smtp_allow_plain = ParseBool("SMTP_ALLOW_PLAIN", env.Get("SMTP_ALLOW_PLAIN"));
  config.smtp_ca_file = env.Get("SMTP_CA_FILE");
  config.notify_job_results = ParseBool("NOTIFY_JOB_RESULTS", env.Get("NOTIFY_JOB_RESULTS"));
  config.notify_operator_failures =
      ParseBool("NOTIFY_OPERATOR_FAILURES", env.Get("NOTIFY_OPERATOR_FAILURES"));
  config.notify_security_events =
      ParseBool("NOTIFY_SECURITY_EVENTS", env.Get("NOTIFY_SECURITY_EVENTS"));
  config.webhook_allow_private =
      ParseBool("WEBHOOK_ALLOW_PRIVATE", env.Get("WEBHOOK_ALLOW_PRIVATE"));
  config.notification_retry = std::chrono::seconds(
      ParseUnsigned("NOTIFICATION_RETRY_SECONDS", env.Get("NOTIFICATION_RETRY_SECONDS"), 1, 86400));
  config.notification_max_attempts = static_cast<int>(
      ParseUnsigned("NOTIFICATION_MAX_ATTEMPTS", env.Get("NOTIFICATION_MAX_ATTEMPTS"), 1, 100));
  config.notification_lease = std::chrono::seconds(
      ParseUnsigned("NOTIFICATION_LEASE_SECONDS", env.Get("NOTIFICATION_LEASE_SECONDS"), 2, 86400));
  config.teams_webhook_url = env.Get("TEAMS_WEBHOOK_URL");
  // Plain http only for a receiver inside the network, which WEBHOOK_ALLOW_PRIVATE admits.
  if (config.webhook_allow_private) {
    RequireUrl("TEAMS_WEBHOOK_URL", config.teams_webhook_url, {"https", "http"});
  } else {
    RequireUrl("TEAMS_WEBHOOK_URL", config.teams_webhook_url, {"https"});
  }

  config.auth_debug = ParseBool("AUTH_DEBUG", env.Get("AUTH_DEBUG"));
  config.allow_registration = ParseBool("ALLOW_REGISTRATION", env.Get("ALLOW_REGISTRATION"));
  config.bcrypt_cost =
      static_cast<int>(ParseUnsigned("BCRYPT_COST", env.Get("BCRYPT_COST"), 10, 16));
  config.access_token_ttl_seconds =
      ParseUnsigned("ACCESS_TOKEN_TTL_SECONDS", env.Get("ACCESS_TOKEN_TTL_SECONDS"), 60, 86400);
  config.refresh_token_ttl_seconds = ParseUnsigned(
      "REFRESH_TOKEN_TTL_SECONDS", env.Get("REFRESH_TOKEN_TTL_SECONDS"), 300, 90 * 86400);
  config.refresh_rotation_grace_seconds = ParseUnsigned(
      "REFRESH_ROTATION_GRACE_SECONDS", env.Get("REFRESH_ROTATION_GRACE_SECONDS"), 0, 60);
  config.login_rate_limit =
      ParseUnsigned("LOGIN_RATE_LIMIT", env.Get("LOGIN_RATE_LIMIT"), 1, 1000000);
  config.login_rate_window_seconds =
      ParseUnsigned("LOGIN_RATE_WINDOW_SECONDS", env.Get("LOGIN_RATE_WINDOW_SECONDS"), 1, 86400);
  config.register_rate_limit =
      ParseUnsigned("REGISTER_RATE_LIMIT", env.Get("REGISTER_RATE_LIMIT"), 1, 1000000);
  config.register_rate_window_seconds = ParseUnsigned(
      "REGISTER_RATE_WINDOW_SECONDS", env.Get("REGISTER_RATE_WINDOW_SECONDS"), 1, 86400);
  config.api_rate_limit = ParseUnsigned("API_RATE_LIMIT", env.Get("API_RATE_LIMIT"), 1, 100000000);
  config.api_rate_window_seconds =
      ParseUnsigned("API_RATE_WINDOW_SECONDS", env.Get("API_RATE_WINDOW_SECONDS"), 1, 86400);
  config.lockout_threshold =
      ParseUnsigned("LOCKOUT_THRESHOLD", env.Get("LOCKOUT_THRESHOLD"), 1, 100);
  config.lockout_window_seconds =
      ParseUnsigned("LOCKOUT_WINDOW_SECONDS", env.Get("LOCKOUT_WINDOW_SECONDS"), 1, 86400);
  config.lockout_duration_seconds =
      ParseUnsigned("LOCKOUT_DURATION_SECONDS", env.Get("LOCKOUT_DURATION_SECONDS"), 1, 86400);
  config.login_attempt_retention_days = ParseUnsigned(
      "LOGIN_ATTEMPT_RETENTION_DAYS", env.Get("LOGIN_ATTEMPT_RETENTION_DAYS"), 1, 3650);
  config.password_hash_threads =
      ParseUnsigned("PASSWORD_HASH_THREADS", env.Get("PASSWORD_HASH_THREADS"), 0, 64);
  config.password_hash_queue =
      ParseUnsigned("PASSWORD_HASH_QUEUE", env.Get("PASSWORD_HASH_QUEUE"), 1, 10000);
  config.registration_hash_threads =
      ParseUnsigned("REGISTER_HASH_THREADS", env.Get("REGISTER_HASH_THREADS"), 1, 64);
  config.registration_hash_queue =
      ParseUnsigned("REGISTER_HASH_QUEUE", env.Get("REGISTER_HASH_QUEUE"), 1, 10000);
  config.log_dir = env.Get("LOG_DIR");
  config.backup_dir = env.Get("BACKUP_DIR");
  {
    const std::string text = env.Get("BACKUP_INTERVAL_HOURS");
    double hours = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), hours);
    if (error != std::errc{} || end != text.data() + text.size() || !std::isfinite(hours) ||
        hours < 0.0005 || hours > 24 * 366) {
      throw ConfigError("BACKUP_INTERVAL_HOURS",
                        "must be a number of hours, e.g. 24 or 0.5 (got \"" + text + "\")");
    }
    config.backup_interval =
        std::chrono::seconds(std::max<std::int64_t>(1, std::llround(hours * 3600)));
  }
  config.backup_keep = ParseUnsigned("BACKUP_KEEP", env.Get("BACKUP_KEEP"), 1, 1000);
  config.log_level = env.Get("LOG_LEVEL");
  static constexpr std::array<std::string_view, 5> kLevels{"trace", "debug", "info", "warn",
                                                           "error"};
  if (std::find(kLevels.begin(), kLevels.end(), config.log_level) == kLevels.end()) {
    throw ConfigError("LOG_LEVEL", "must be one of trace, debug, info, warn, error");
  }
  const std::string log_format = env.Get("LOG_FORMAT");
  if (log_format.empty()) {
    config.log_json = production;
  } else if (log_format == "json" || log_format == "text") {
    config.log_json = log_format == "json";
  } else {
    throw ConfigError("LOG_FORMAT", "must be text or json (default: json in production)");
  }
  config.access_log = ParseBool("ACCESS_LOG", env.Get("ACCESS_LOG"));
  config.static_dir = env.Get("STATIC_DIR");

  config.max_request_body_bytes = ParseUnsigned(
      "MAX_REQUEST_BODY_BYTES", env.Get("MAX_REQUEST_BODY_BYTES"), 1024, 256ULL << 20);
  config.max_header_bytes =
      ParseUnsigned("MAX_HEADER_BYTES", env.Get("MAX_HEADER_BYTES"), 1024, 1 << 20);
  config.max_connections = ParseUnsigned("MAX_CONNECTIONS", env.Get("MAX_CONNECTIONS"), 1, 1000000);
  config.max_connections_per_ip =
      ParseUnsigned("MAX_CONNECTIONS_PER_IP", env.Get("MAX_CONNECTIONS_PER_IP"), 1, 1000000);
  config.max_event_streams_per_user =
      ParseUnsigned("MAX_EVENT_STREAMS_PER_USER", env.Get("MAX_EVENT_STREAMS_PER_USER"), 1, 100000);
  config.event_stream_heartbeat = ParseSeconds("EVENT_STREAM_HEARTBEAT_SECONDS",
                                               env.Get("EVENT_STREAM_HEARTBEAT_SECONDS"), 0.1, 300);
  config.max_queued_jobs_per_user =
      ParseUnsigned("MAX_QUEUED_JOBS_PER_USER", env.Get("MAX_QUEUED_JOBS_PER_USER"), 1, 100000);
  config.vision_checks_per_user =
      ParseUnsigned("VISION_CHECKS_PER_USER", env.Get("VISION_CHECKS_PER_USER"), 1, 1000);
  config.vision_check_threads =
      ParseUnsigned("VISION_CHECK_THREADS", env.Get("VISION_CHECK_THREADS"), 1, 256);
  config.io_threads = ParseUnsigned("IO_THREADS", env.Get("IO_THREADS"), 0, 256);
  config.worker_threads = ParseUnsigned("WORKER_THREADS", env.Get("WORKER_THREADS"), 0, 1024);
  config.header_timeout = ParseSeconds("HTTP_HEADER_TIMEOUT_SECONDS",
                                       env.Get("HTTP_HEADER_TIMEOUT_SECONDS"), 0.1, 3600);
  config.body_timeout =
      ParseSeconds("HTTP_BODY_TIMEOUT_SECONDS", env.Get("HTTP_BODY_TIMEOUT_SECONDS"), 0.1, 3600);
  config.idle_timeout =
      ParseSeconds("HTTP_IDLE_TIMEOUT_SECONDS", env.Get("HTTP_IDLE_TIMEOUT_SECONDS"), 0.1, 3600);
  config.write_timeout =
      ParseSeconds("HTTP_WRITE_TIMEOUT_SECONDS", env.Get("HTTP_WRITE_TIMEOUT_SECONDS"), 0.1, 3600);
  config.shutdown_grace =
      ParseSeconds("SHUTDOWN_GRACE_SECONDS", env.Get("SHUTDOWN_GRACE_SECONDS"), 0, 3600);
  return config;
}

std::vector<std::string> Config::Describe() const {
  std::vector<std::string> lines;
  for (const auto& [name, value] : effective) {
    const auto* variable = std::find_if(kVariables.begin(), kVariables.end(),
                                        [&](const Variable& v) { return v.name == name; });
    std::string shown = value;
    if (variable->kind == Kind::kSecret) {
      if (name == "JWT_SECRET_KEY" && jwt_secret_generated) {
        shown = "(generated for this run)";
      } else {
        shown = value.empty() ? "(not set)" : "(set, " + std::to_string(value.size()) + " bytes)";
      }
    } else if (variable->kind == Kind::kUrl) {
      shown = RedactUrl(value);
    }
    lines.push_back(name + "=" + shown);
  }
  return lines;
}

}  // namespace app
