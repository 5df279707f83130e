#include "cli/import.h"

#include <cstdio>
#include <memory>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "io/documents.h"

namespace vs::cli {
namespace {

int Run(const GlobalOptions& global, const std::vector<std::string>& paths,
        const ImportOptions& opts) {
  Result<config::Config> cfg = LoadConfigFor(global);
  if (!cfg) return Error(cfg.error().message);
  Result<std::unique_ptr<store::Store>> store = store::OpenStore(DatabaseFor(global, *cfg));
  if (!store) return Error(store.error().message);
  int rc = 0;
  std::optional<match::Engine> engine;
  for (const std::string& path : paths) {
    Status walk = io::ForEachDocument(path, [&](std::string_view name, std::string_view bytes) {
      Result<model::Collection> c = CollectionFromDocument(name, bytes, opts);
      if (!c) return Status(Fail(c.error()));
      if (ApplyCollection(**store, *cfg, *c, engine) != 0) rc = 2;
      return Ok();
    });
    if (!walk) rc = Error(walk.error().message);
  }
  return rc;
}

}  // namespace

void AddImport(CLI::App& app, GlobalOptions& global) {
  auto paths = std::make_shared<std::vector<std::string>>();
  auto opts = std::make_shared<ImportOptions>();
  CLI::App* cmd = app.add_subcommand(
      "import",
      "Import reports (Trivy JSON, Vuls JSON, SARIF, Dependabot alerts) and inventories "
      "(CycloneDX, SPDX, lockfiles) into the store; format detected from content");
  cmd->add_option("FILE", *paths, "Files, directories or archives")->required();
  cmd->add_option("--asset", opts->asset, "Asset name for an inventory (default: file name)");
  cmd->add_option("--kind", opts->kind, "Asset kind for an inventory: host, repository, image");
  cmd->add_option("--team", opts->team, "Owning team for the imported assets");
  cmd->add_option("--os", opts->os,
                  "OS of a package list: ID:VERSION (rocky:9) or an OSV ecosystem");
  cmd->callback([paths, opts, &global] {
    int rc = Run(global, *paths, *opts);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace vs::cli
