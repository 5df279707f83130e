#include "cli/import.h"

#include <cstdio>
#include <memory>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "io/documents.h"
#include "parsers/registry.h"

namespace vs::cli {
namespace {

// The finding source each report format's findings are stored under.
std::string FindingSourceFor(std::string_view key) {
  if (key == "trivy_json") return "trivy";
  if (key == "vuls_json") return "vuls";
  if (key == "sarif") return "sarif";
  if (key == "dependabot_alerts") return "dependabot";
  if (key == "prometheus_text") return "trivy";
  return std::string(key);
}

int Run(const GlobalOptions& global, const std::vector<std::string>& paths,
        const ImportOptions& opts) {
  Result<config::Config> cfg = LoadConfigFor(global);
  if (!cfg) return Error(cfg.error().message);
  Result<std::unique_ptr<store::Store>> store = store::OpenStore(DatabaseFor(global, *cfg));
  if (!store) return Error(store.error().message);
  int rc = 0;
  for (const std::string& path : paths) {
    Status walk = io::ForEachDocument(path, [&](std::string_view name, std::string_view bytes) {
      Result<model::Collection> c = CollectionFromDocument(name, bytes, opts);
      if (!c) return Status(Fail(c.error()));
      if (ApplyCollection(**store, *cfg, *c) != 0) rc = 2;
      return Ok();
    });
    if (!walk) rc = Error(walk.error().message);
  }
  return rc;
}

}  // namespace

Result<model::Collection> CollectionFromDocument(std::string_view name, std::string_view bytes,
                                                 const ImportOptions& opts) {
  std::string_view base = name.substr(std::min(name.size(), name.find_last_of("/!") + 1));
  Result<const parsers::Parser*> parser = parsers::DetectFormat(bytes.substr(0, 64 * 1024), base);
  if (!parser) return Fail(parser.error().WithContext(std::string(name)));
  const parsers::Parser& p = **parser;
  if (p.kind == parsers::Kind::kAdvisory || p.kind == parsers::Kind::kIntel) {
    return Fail(ErrorCode::kInvalidInput, std::string(name) + ": is a feed (" +
                                              std::string(p.key) +
                                              "), not a report: use `vulnscope db import`");
  }
  Result<model::Batch> batch = p.parse(bytes);
  if (!batch) return Fail(batch.error().WithContext(std::string(name)));
  for (const model::Warning& w : batch->warnings)
    std::fprintf(stderr, "vulnscope: %.*s: %s: %s\n", static_cast<int>(name.size()), name.data(),
                 w.record.c_str(), w.reason.c_str());
  model::Collection c;
  c.source = "import";
  c.stats["format"] = p.key;
  c.stats["file"] = std::string(name);
  if (p.kind == parsers::Kind::kReport) {
    c.finding_source = FindingSourceFor(p.key);
    c.assets = std::move(batch->reports);
  } else {
    model::AssetReport rep;
    std::optional<model::AssetKind> kind = model::ParseAssetKind(opts.kind);
    if (!kind) return Fail(ErrorCode::kInvalidInput, "unknown asset kind " + opts.kind);
    rep.asset.kind = *kind;
    rep.asset.name = opts.asset.empty() ? std::string(base) : opts.asset;
    rep.asset.key = rep.asset.name;
    rep.asset.os = batch->os;
    if (!opts.os.empty()) {
      Result<model::OsInfo> os = ParseOsOption(opts.os);
      if (!os) return Fail(os.error());
      rep.asset.os = *os;
      batch->os = *os;
    }
    if (*kind == model::AssetKind::kRepository) rep.asset.repo = rep.asset.name;
    if (*kind == model::AssetKind::kImage) rep.asset.image = rep.asset.name;
    rep.has_inventory = true;
    for (model::Package& pkg : batch->packages) {
      if (pkg.ecosystem.empty() && batch->os) pkg.ecosystem = batch->os->ecosystem;
      rep.packages.push_back(std::move(pkg));
    }
    c.assets.push_back(std::move(rep));
  }
  for (model::AssetReport& r : c.assets)
    if (!opts.team.empty() && r.asset.team.empty()) r.asset.team = opts.team;
  c.asset_scopes.assign(c.assets.size(), "");
  if (c.assets.empty())
    return Fail(ErrorCode::kInvalidInput, std::string(name) + ": no asset in this " +
                                              std::string(p.key) + " document");
  return c;
}

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
  cmd->add_option("--os", opts->os, "OS of a package list: ID:VERSION (rocky:9) or an OSV ecosystem");
  cmd->callback([paths, opts, &global] {
    int rc = Run(global, *paths, *opts);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace vs::cli
