#include "cli/commands.h"

#include <cstdio>
#include <cstdlib>
#include <exception>

#include <CLI/CLI.hpp>

#include "cli/collect.h"
#include "cli/compare_versions.h"
#include "cli/db.h"
#include "cli/demo.h"
#include "cli/import.h"
#include "cli/match.h"
#include "cli/scan.h"
#include "cli/search.h"
#include "cli/serve.h"
#include "cli/suppress.h"

namespace vs::cli {
namespace {

using AddFn = void (*)(CLI::App&, GlobalOptions&);

// The subcommands, sorted by name. Adding a subcommand: one file and one line here.
constexpr AddFn kCommands[] = {
    AddAssets, AddCollect, AddCompareVersions, AddDb,    AddDemo,     AddGithub, AddImport,
    AddMatch,  AddScan,    AddSearch,          AddServe, AddSuppress, AddToken,  AddUser,
};

}  // namespace

int Run(int argc, char** argv) {
  CLI::App app{
      "vulnscope: which vulnerability is in which product, and which can be exploited today"};
  app.set_version_flag("--version", std::string("vulnscope ") + VS_VERSION_STRING);
  app.require_subcommand(1);

  GlobalOptions global;
  const char* env_db = std::getenv("VULNSCOPE_DB");
  global.db = env_db != nullptr && *env_db != '\0' ? env_db : "./vulnscope.db";
  app.add_option("--db", global.db, "Store: a SQLite file or postgresql://… (env VULNSCOPE_DB)");
  app.add_option("--config", global.config, "Configuration file (vulnscope.toml)");

  for (AddFn add : kCommands) add(app, global);

  // The one place exceptions are turned into exit codes (style.md §3).
  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code();
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vulnscope: %s\n", e.what());
    return 2;
  }
  return 0;
}

}  // namespace vs::cli
