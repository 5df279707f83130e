#include "cli/search.h"

#include <cstdio>
#include <memory>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "report/findings.h"

namespace vs::cli {
namespace {

struct SearchArgs {
  store::FindingQuery q;
  std::string format = "table";
  std::string fix;  // "yes" / "no".
  double epss = -1;
  bool all_pages = false;
};

int RunSearch(const GlobalOptions& global, SearchArgs& args) {
  if (args.format != "table" && args.format != "json" && args.format != "csv")
    return Error("--format must be table, json or csv");
  if (!args.fix.empty()) {
    if (args.fix != "yes" && args.fix != "no") return Error("--fix must be yes or no");
    args.q.fix_available = args.fix == "yes";
  }
  if (args.epss >= 0) args.q.epss_min = args.epss;
  if (args.q.limit <= 0) return Error("--limit must be positive");
  Result<config::Config> cfg = LoadConfigFor(global);
  if (!cfg) return Error(cfg.error().message);
  Result<std::unique_ptr<store::Store>> store = store::OpenStore(DatabaseFor(global, *cfg));
  if (!store) return Error(store.error().message);
  std::vector<store::FindingRow> rows;
  int wanted = args.q.limit;
  store::FindingQuery q = args.q;
  q.limit = std::min(wanted, 10000);
  for (;;) {
    Result<store::FindingPage> page = (*store)->SearchFindings(q);
    if (!page) return Error(page.error().message);
    for (auto& r : page->rows) rows.push_back(std::move(r));
    if (page->next.empty() || static_cast<int>(rows.size()) >= wanted) break;
    q.after = page->next;
    q.limit = std::min(wanted - static_cast<int>(rows.size()), 10000);
  }
  std::string out = args.format == "json"  ? report::FindingsJson(rows)
                    : args.format == "csv" ? report::FindingsCsv(rows)
                                           : report::FindingsTable(rows);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

int RunAssets(const GlobalOptions& global, const std::string& format, store::AssetQuery& q) {
  if (format != "table" && format != "json") return Error("--format must be table or json");
  Result<config::Config> cfg = LoadConfigFor(global);
  if (!cfg) return Error(cfg.error().message);
  Result<std::unique_ptr<store::Store>> store = store::OpenStore(DatabaseFor(global, *cfg));
  if (!store) return Error(store.error().message);
  Result<std::vector<store::AssetRow>> rows = (*store)->ListAssets(q);
  if (!rows) return Error(rows.error().message);
  std::string out = format == "json" ? report::AssetsJson(*rows) : report::AssetsTable(*rows);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace

void AddSearch(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<SearchArgs>();
  CLI::App* cmd = app.add_subcommand("search", "Search stored findings");
  store::FindingQuery& q = args->q;
  cmd->add_option("--cve,--vulnerability", q.vulnerability, "CVE id or any alias");
  cmd->add_option("--exploit", q.exploit, "any, exploitdb, kev, poc, metasploit or none");
  cmd->add_option("--severity", q.severities,
                  "critical, high, medium, low, none, unknown (repeat)");
  cmd->add_option("--repo", q.repo, "Repository (owner/name, substring)");
  cmd->add_option("--account", q.account, "AWS account id");
  cmd->add_option("--instance", q.instance, "EC2 instance id (also ASG members)");
  cmd->add_option("--image", q.image, "Container image reference or digest (substring)");
  cmd->add_option("--namespace", q.namespace_, "Kubernetes namespace");
  cmd->add_option("--team", q.team, "Owning team; (unowned) for assets without one");
  cmd->add_option("--package", q.package, "Package name");
  cmd->add_option("--ecosystem", q.ecosystem, "Ecosystem (npm, PyPI, Debian, …)");
  cmd->add_option("--source", q.source, "vulnscope, dependabot, trivy, vuls, sarif");
  cmd->add_option("--status", q.statuses, "open (default), resolved, suppressed or all (repeat)");
  cmd->add_option("--kind", q.kind, "Asset kind: ec2, host, repository, image, webapp");
  cmd->add_option("--asset", q.asset, "Asset id, key or name");
  cmd->add_option("--fix", args->fix, "yes: a fixed version exists; no: no fix yet");
  cmd->add_option("--epss", args->epss, "EPSS probability at least this (0..1)");
  cmd->add_option("--since", q.since, "First seen on or after (RFC 3339 or YYYY-MM-DD)");
  cmd->add_option("--sort", q.sort, "severity, first_seen, last_seen, epss, cvss, package");
  cmd->add_flag("--asc", q.ascending, "Ascending order");
  cmd->add_option("--format", args->format, "table, json or csv");
  cmd->add_option("--limit", q.limit, "At most this many findings (default 100)");
  cmd->callback([args, &global] {
    int rc = RunSearch(global, *args);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

void AddAssets(CLI::App& app, GlobalOptions& global) {
  auto format = std::make_shared<std::string>("table");
  auto q = std::make_shared<store::AssetQuery>();
  CLI::App* cmd = app.add_subcommand("assets", "List assets with package and open-finding counts");
  cmd->add_option("--format", *format, "table or json");
  cmd->add_option("--kind", q->kind, "ec2, host, repository, image, webapp");
  cmd->add_option("--team", q->team, "Owning team");
  cmd->add_option("--search", q->search, "Substring of name or key, or an instance id");
  cmd->add_flag("--all", q->include_retired, "Include retired assets");
  cmd->callback([format, q, &global] {
    int rc = RunAssets(global, *format, *q);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace vs::cli
