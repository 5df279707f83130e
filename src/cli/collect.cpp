#include "cli/collect.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "collectors/github.h"
#include "collectors/prometheus.h"
#include "collectors/registry.h"
#include "collectors/ssm_athena.h"

namespace vs::cli {
namespace {

struct SsmArgs {
  std::string from;
  std::vector<std::string> accounts;
  std::vector<std::string> regions;
  bool athena = false;  // Query the sync's Glue tables instead of reading the objects.
  std::string database = "ssminventory";
  std::string workgroup;
  std::string output;  // s3:// location for Athena's result files.
};

// Opens the store and config, runs the collector `entry` describes (collectors/registry.cpp,
// the same code the scheduler of `serve` runs) and applies the result; a collector error is
// recorded as a failed run.
int CollectAndApply(const GlobalOptions& global, const config::Collector& entry) {
  Result<config::Config> cfg = LoadConfigFor(global);
  if (!cfg) return Error(cfg.error().message);
  if (Status s = collectors::CheckCollector(entry, *cfg); !s)
    return Error("collect " + entry.kind + ": " + s.error().message);
  Result<std::unique_ptr<store::Store>> store = store::OpenStore(DatabaseFor(global, *cfg));
  if (!store) return Error(store.error().message);
  Result<model::Collection> c = collectors::Collect(entry, *cfg);
  if (!c) {
    const std::string& source = entry.kind;
    (void)(*store)->RecordFailedRun(source, collectors::CollectorScope(entry, *cfg),
                                    c.error().message);
    // Some collectors already name themselves ("github: GET …"); say it once.
    const std::string& msg = c.error().message;
    std::string prefix = msg.rfind(source + ":", 0) == 0 ? "" : source + ": ";
    return Error(prefix + msg + " (nothing stored was changed)");
  }
  std::optional<match::Engine> engine;
  return ApplyCollection(**store, *cfg, *c, engine);
}

int RunSsm(const GlobalOptions& global, const SsmArgs& args) {
  config::Collector c;
  c.kind = "ssm";
  c.from = args.from;
  c.accounts = args.accounts;
  c.regions = args.regions;
  c.athena = args.athena;
  c.athena_options.database = args.database;
  c.athena_options.workgroup = args.workgroup;
  c.athena_options.output = args.output;
  return CollectAndApply(global, c);
}

}  // namespace

void AddCollect(CLI::App& app, GlobalOptions& global) {
  CLI::App* cmd = app.add_subcommand("collect", "Collect inventories and findings from a source");
  cmd->require_subcommand(1);

  auto ssm = std::make_shared<SsmArgs>();
  CLI::App* s = cmd->add_subcommand(
      "ssm",
      "AWS SSM Inventory from a Resource Data Sync (a directory copy or s3://bucket/prefix)");
  s->add_option("--from", ssm->from, "Directory or s3://bucket/prefix of the sync");
  s->add_option("--account", ssm->accounts, "Only these account ids (repeat)");
  s->add_option("--region", ssm->regions, "Only these regions (repeat)");
  s->add_flag("--athena", ssm->athena,
              "Query the sync's Glue tables with Athena (endpoint: AWS_ENDPOINT_URL_ATHENA)");
  s->add_option("--database", ssm->database, "Athena: Glue database of the sync tables")
      ->capture_default_str();
  s->add_option("--workgroup", ssm->workgroup, "Athena: workgroup (default: primary)");
  s->add_option("--output", ssm->output, "Athena: s3://bucket/prefix/ for query results");
  s->callback([ssm, &global] {
    int rc = RunSsm(global, *ssm);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });

  struct GithubArgs {
    std::string org, api_url;
  };
  auto gh = std::make_shared<GithubArgs>();
  CLI::App* g = cmd->add_subcommand(
      "github", "GitHub Dependabot alerts of an organisation (token: GITHUB_TOKEN or config)");
  g->add_option("--org", gh->org, "Organisation (default: [github] org)");
  g->add_option("--api-url", gh->api_url,
                "API base: https://api.github.com (default) or https://HOST/api/v3");
  g->callback([gh, &global] {
    config::Collector c;
    c.kind = "github";
    c.org = gh->org;
    c.api_url = gh->api_url;
    int rc = CollectAndApply(global, c);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });

  auto prom = std::make_shared<collectors::PrometheusOptions>();
  CLI::App* p = cmd->add_subcommand(
      "prometheus",
      "Container images and their vulnerabilities from trivy metrics (kube-trivy-exporter, "
      "trivy-operator): a Prometheus server (--url) or an exporter endpoint (--exporter)");
  auto* url = p->add_option("--url", prom->url, "Prometheus base URL");
  auto* exp = p->add_option("--exporter", prom->exporter, "Exposition endpoint to scrape");
  url->excludes(exp);
  p->add_option("--query", prom->query, "PromQL selecting the vulnerability series (--url)");
  p->callback([prom, &global] {
    config::Collector c;
    c.kind = "prometheus";
    c.url = prom->url;
    c.exporter = prom->exporter;
    c.query = prom->query;
    int rc = CollectAndApply(global, c);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

void AddGithub(CLI::App& app, GlobalOptions& global) {
  CLI::App* cmd = app.add_subcommand("github", "GitHub organisation settings");
  cmd->require_subcommand(1);
  struct Args {
    std::string org, api_url;
    bool apply = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* e = cmd->add_subcommand(
      "enable-alerts",
      "List repositories whose Dependabot vulnerability alerts are off; --apply turns them on");
  e->add_option("--org", args->org, "Organisation (default: [github] org)");
  e->add_option("--api-url", args->api_url, "API base URL");
  e->add_flag("--apply", args->apply, "Turn the alerts on (default: dry run)");
  e->callback([args, &global] {
    Result<config::Config> cfg = LoadConfigFor(global);
    if (!cfg) throw CLI::RuntimeError(Error(cfg.error().message));
    config::Collector entry;
    entry.kind = "github";
    entry.org = args->org;
    entry.api_url = args->api_url;
    collectors::GithubOptions o = collectors::GithubOptionsFor(entry, *cfg);
    if (o.org.empty()) throw CLI::RuntimeError(Error("--org is required"));
    if (o.token.empty())
      throw CLI::RuntimeError(Error("no GitHub token: set GITHUB_TOKEN or [github] token"));
    Result<collectors::EnableAlertsResult> r = collectors::EnableAlerts(o, args->apply);
    if (!r) throw CLI::RuntimeError(Error(r.error().message));
    for (const std::string& repo : r->off) {
      bool enabled = std::find(r->enabled.begin(), r->enabled.end(), repo) != r->enabled.end();
      std::printf("%s\t%s\n", repo.c_str(),
                  enabled ? "enabled" : (args->apply ? "off (not changed)" : "off"));
    }
    for (const std::string& err : r->errors) std::fprintf(stderr, "vulnscope: %s\n", err.c_str());
    std::fprintf(stderr,
                 "%zu repositories checked, %zu with alerts off, %zu enabled, %zu archived "
                 "skipped%s\n",
                 r->checked.size(), r->off.size(), r->enabled.size(), r->skipped.size(),
                 args->apply ? "" : " (dry run: pass --apply to enable)");
    if (!r->errors.empty()) throw CLI::RuntimeError(2);
  });
}

}  // namespace vs::cli
