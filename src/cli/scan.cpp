#include "cli/scan.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/context.h"
#include "collectors/local.h"
#include "match/engine.h"
#include "parsers/os_release.h"
#include "report/report.h"
#include "store/store.h"
#include "version/registry.h"

namespace vs::cli {
namespace {

struct ScanArgs {
  std::string target;
  std::string rootfs;
  std::string format = "table";
  std::string fail_on;
  bool fail_on_given = false;  // `--fail-on ''` is an error, not "no gate".
  std::string os;
  std::string output;
  bool ignore_unfixed = false;
};

int Run(const GlobalOptions& global, const ScanArgs& args) {
  if (args.target.empty() == args.rootfs.empty()) {
    std::fprintf(stderr, "vulnscope: scan needs exactly one of TARGET or --rootfs DIR\n");
    return 2;
  }
  Result<const report::Writer*> writer = report::FindWriter(args.format);
  if (!writer) {
    std::fprintf(stderr, "vulnscope: %s\n", writer.error().message.c_str());
    return 2;
  }
  std::optional<model::Severity> fail_on;
  if (args.fail_on_given) {
    fail_on = model::ParseSeverity(args.fail_on);
    if (!fail_on || *fail_on < model::Severity::kLow) {
      std::fprintf(stderr, "vulnscope: --fail-on %s: expected low, medium, high or critical\n",
                   args.fail_on.c_str());
      return 2;
    }
  }
  Result<collectors::Inventory> inv = args.rootfs.empty() ? collectors::CollectTarget(args.target)
                                                          : collectors::CollectRootfs(args.rootfs);
  if (!inv) {
    std::fprintf(stderr, "vulnscope: %s\n", inv.error().message.c_str());
    return 2;
  }
  if (!args.os.empty()) {
    Result<model::OsInfo> os = ParseOsOption(args.os);
    if (!os) {
      std::fprintf(stderr, "vulnscope: %s\n", os.error().message.c_str());
      return 2;
    }
    collectors::ApplyOs(*inv, *os);
  }
  std::error_code ec;
  if (global.db.rfind("postgres", 0) != 0 && !std::filesystem::exists(global.db, ec)) {
    std::fprintf(
        stderr,
        "vulnscope: no advisory database at %s: run `vulnscope db import` or `db update` first\n",
        global.db.c_str());
    return 2;
  }
  Result<std::unique_ptr<store::Store>> store = store::OpenStore(global.db);
  if (!store) {
    std::fprintf(stderr, "vulnscope: %s\n", store.error().message.c_str());
    return 2;
  }
  Result<match::Engine> engine = match::LoadEngine(**store);
  if (!engine) {
    std::fprintf(stderr, "vulnscope: %s\n", engine.error().message.c_str());
    return 2;
  }
  report::ScanReport rep;
  rep.target = args.rootfs.empty() ? args.target : args.rootfs;
  rep.os = inv->os;
  rep.packages = inv->packages.size();
  rep.warnings = std::move(inv->warnings);
  std::string substituted;  // The compatible ecosystem matched in place of the OS's own.
  if (inv->os) {
    std::string note;
    std::string eco = match::ChooseOsEcosystem(*engine, *inv->os, &note);
    if (eco != inv->os->ecosystem) {
      substituted = eco;
      for (model::Package& p : inv->packages)
        if (p.ecosystem == inv->os->ecosystem) p.ecosystem = eco;
      rep.warnings.push_back({inv->os->ecosystem, note});
    }
  } else {
    size_t unknown = 0;
    for (const model::Package& p : inv->packages) unknown += p.ecosystem.empty() ? 1 : 0;
    if (unknown > 0) {
      rep.warnings.push_back(
          {rep.target,
           std::to_string(unknown) +
               " OS packages without a known OS were not matched; pass --os (e.g. --os rocky:9)"});
    }
  }
  std::vector<size_t> invalid;
  rep.findings = match::FindVulnerabilities(*engine, inv->packages, &invalid);
  // Report packages under the OS they belong to, whichever advisories matched them.
  if (!substituted.empty()) {
    for (model::Finding& f : rep.findings)
      if (f.package.ecosystem == substituted) f.package.ecosystem = inv->os->ecosystem;
  }
  for (size_t i : invalid) {
    const model::Package& p = inv->packages[i];
    rep.warnings.push_back(
        {p.name + " " + p.version, "version not valid in " + p.ecosystem + "; not matched"});
  }
  if (args.ignore_unfixed) {
    std::erase_if(rep.findings, [](const model::Finding& f) { return f.fixed_version.empty(); });
  }
  std::string text = (*writer)->write(rep);
  if (args.output.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
  } else {
    std::ofstream out(args.output, std::ios::binary);
    out << text;
    if (!out) {
      std::fprintf(stderr, "vulnscope: cannot write %s\n", args.output.c_str());
      return 2;
    }
  }
  if (args.format == "table" && !rep.warnings.empty()) {
    size_t shown = 0;
    for (const model::Warning& w : rep.warnings) {
      if (++shown > 20) {
        std::fprintf(stderr, "… %zu more warnings (see --format json)\n", rep.warnings.size() - 20);
        break;
      }
      std::fprintf(stderr, "warning: %s: %s\n", w.record.c_str(), w.reason.c_str());
    }
  }
  if (fail_on) {
    for (const model::Finding& f : rep.findings)
      if (f.severity >= *fail_on) return 1;
  }
  return 0;
}

}  // namespace

void AddScan(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<ScanArgs>();
  CLI::App* cmd =
      app.add_subcommand("scan", "Scan a manifest, lockfile, SBOM, source tree or root filesystem");
  cmd->add_option("target", args->target, "File or directory to scan");
  cmd->add_option("--rootfs", args->rootfs, "Root filesystem to scan for OS packages");
  cmd->add_option("--format", args->format, "table, json or sarif")
      ->check(CLI::IsMember({"table", "json", "sarif"}));
  CLI::Option* fail_on = cmd->add_option(
      "--fail-on", args->fail_on,
      "Exit 1 when a finding at or above this severity (low, medium, high, critical) exists");
  cmd->add_flag("--ignore-unfixed", args->ignore_unfixed,
                "Leave out findings with no fixed version");
  cmd->add_option("--os", args->os, "OS of the packages: ID:VERSION (rocky:9) or an OSV ecosystem");
  cmd->add_option("-o,--output", args->output, "Write the report to a file");
  cmd->callback([&global, args, fail_on] {
    args->fail_on_given = fail_on->count() > 0;
    int rc = Run(global, *args);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace vs::cli
