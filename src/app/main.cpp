// The backlog binary: parses the command line and hands over to one subcommand.
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <string_view>

#include "app/commands.hpp"
#include "app/generate_command.hpp"
#include "app/push_command.hpp"

int main(int argc, char** argv) {
  // Files the service creates (database, WAL, logs, backups) are private to its user.
  const mode_t user_umask = ::umask(077);

  CLI::App cli{"Agile Backlog Automation: turns a product vision into a reviewed agile backlog."};
  cli.require_subcommand(1);
  app::CommandContext context;
  context.user_umask = user_umask;
  cli.add_option("--env-file", context.env_file,
                 "Read variables from this file when present (the environment wins)")
      ->capture_default_str();

  auto* serve = cli.add_subcommand("serve", "Run the HTTP service (API, events and web UI)");
  auto* migrate = cli.add_subcommand("migrate", "Apply pending database migrations and exit");
  auto* db = cli.add_subcommand("db", "Database maintenance");
  db->require_subcommand(1);
  auto* backup = db->add_subcommand(
      "backup", "Write a consistent copy of the live database to FILE (safe while serving)");
  std::string backup_file;
  backup->add_option("FILE", backup_file, "Destination file; must not exist")->required();
  auto* copy = db->add_subcommand(
      "copy",
      "Copy a stopped installation to another, empty database, e.g. sqlite://data/x.db to "
      "postgresql://user:pass@host/db; every table's row count is checked");
  std::string copy_from;
  std::string copy_to;
  copy->add_option("FROM", copy_from, "DATABASE_URL to copy from")->required();
  copy->add_option("TO", copy_to, "DATABASE_URL of the new, empty database")->required();
  auto* user = cli.add_subcommand("user", "User accounts");
  user->require_subcommand(1);
  auto* user_create = user->add_subcommand(
      "create", "Create an account; the password is prompted for, or read from standard input");
  app::NewUserArguments new_user;
  user_create->add_option("USERNAME", new_user.username, "User name (3-50 letters, digits, . _ -)")
      ->required();
  user_create->add_option("--email", new_user.email, "E-mail address")->required();
  user_create->add_option("--full-name", new_user.full_name, "Full name");
  user_create->add_flag("--admin", new_user.admin, "Give the account the admin role");
  auto* auth = cli.add_subcommand("auth", "Authentication maintenance");
  auth->require_subcommand(1);
  auto* auth_purge = auth->add_subcommand(
      "purge", "Delete expired sessions and revocations, and login attempts past retention");
  auto* generate = cli.add_subcommand(
      "generate",
      "Generate a backlog from a vision file without the server (exit codes: 0 completed, 1 "
      "failed, 2 bad input, 3 completed with items to review, 130 cancelled)");
  app::GenerateArguments generate_arguments;
  generate
      ->add_option("VISION", generate_arguments.vision_file,
                   "YAML file with name, domains, vision, target_users, limits (see examples/)")
      ->required()
      ->check(CLI::ExistingFile);
  generate->add_option("--out,-o", generate_arguments.out, "File to write the backlog to")
      ->required();
  generate->add_option("--format,-f", generate_arguments.format,
                       "json, yaml, markdown, ado-csv or jira-csv (default: from --out's "
                       "extension)");
  generate->add_option("--provider", generate_arguments.provider,
                       "LLM provider for this run (overrides LLM_PROVIDER)");
  generate->add_option("--model", generate_arguments.model,
                       "Model for this run (overrides LLM_MODEL)");
  generate->add_flag("--quiet,-q", generate_arguments.quiet, "No progress output");
  auto* push = cli.add_subcommand(
      "push",
      "Upload a backlog file to Azure DevOps, resumable without duplicates (PAT from "
      "AZURE_DEVOPS_PAT; exit codes: 0 all created, 1 stopped, 2 bad input, 3 some items failed, "
      "130 interrupted)");
  app::PushArguments push_arguments;
  push->add_option("BACKLOG", push_arguments.backlog_file,
                   "JSON backlog written by backlog generate")
      ->required()
      ->check(CLI::ExistingFile);
  push->add_option(
      "--org", push_arguments.organization_url,
      "Organization URL, e.g. https://dev.azure.com/contoso (or AZURE_DEVOPS_ORG_URL)");
  push->add_option("--project", push_arguments.project,
                   "Azure DevOps project (or AZURE_DEVOPS_PROJECT)");
  push->add_option("--area", push_arguments.area_path, "Area path for every item");
  push->add_option("--iteration", push_arguments.iteration_path, "Iteration path for every item");
  push->add_flag("--create-missing-paths", push_arguments.create_missing_paths,
                 "Create the area or iteration path when it does not exist");
  push->add_option("--state", push_arguments.state_file,
                   "Where the push keeps its progress (default: BACKLOG.push-state)");
  push->add_flag("--quiet,-q", push_arguments.quiet, "No progress output");
  auto* version = cli.add_subcommand("version", "Print the version, commit and build time");
  bool version_json = false;
  version->add_flag("--json", version_json, "Print JSON");

  // CLI11 would only say "a subcommand is required" for a mistyped one: name it instead.
  for (int i = 1; i < argc; ++i) {
    const std::string_view word(argv[i]);
    if (word.starts_with("-")) {
      if (word == "--env-file") ++i;
      continue;
    }
    const auto known =
        cli.get_subcommands([&](const CLI::App* sub) { return sub->get_name() == word; });
    if (known.empty()) {
      std::cerr << "backlog: unknown command '" << word << "'; run backlog --help\n";
      return app::kExitBadConfig;
    }
    break;
  }

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = cli.exit(error);
    return code == 0 ? 0 : app::kExitBadConfig;
  }

  if (serve->parsed()) return app::RunServe(context);
  if (migrate->parsed()) return app::RunMigrate(context);
  if (backup->parsed()) return app::RunBackup(context, backup_file);
  if (copy->parsed()) return app::RunDbCopy(context, copy_from, copy_to);
  if (user_create->parsed()) return app::RunUserCreate(context, new_user);
  if (auth_purge->parsed()) return app::RunAuthPurge(context);
  if (generate->parsed()) return app::RunGenerate(context, generate_arguments);
  if (push->parsed()) return app::RunPush(context, push_arguments);
  if (version->parsed()) return app::RunVersion(version_json);
  return app::kExitBadConfig;
}
