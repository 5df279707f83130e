#include "cli/collect.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "aws/s3.h"
#include "collectors/github.h"
#include "collectors/prometheus.h"
#include "collectors/s3_source.h"
#include "collectors/ssm.h"

namespace vs::cli {
namespace {

struct SsmArgs {
  std::string from;
  std::vector<std::string> accounts;
  std::vector<std::string> regions;
};

// Opens the store and config, runs `collect`, applies the result; a collector error is
// recorded as a failed run for `source`.
template <typename Fn>
int CollectAndApply(const GlobalOptions& global, const std::string& source,
                    const std::string& scope, Fn collect) {
  Result<config::Config> cfg = LoadConfigFor(global);
  if (!cfg) return Error(cfg.error().message);
  Result<std::unique_ptr<store::Store>> store = store::OpenStore(DatabaseFor(global, *cfg));
  if (!store) return Error(store.error().message);
  Result<model::Collection> c = collect(*cfg);
  if (!c) {
    (void)(*store)->RecordFailedRun(source, scope, c.error().message);
    // Some collectors already name themselves ("github: GET …"); say it once.
    const std::string& msg = c.error().message;
    std::string prefix = msg.rfind(source + ":", 0) == 0 ? "" : source + ": ";
    return Error(prefix + msg + " (nothing stored was changed)");
  }
  return ApplyCollection(**store, *cfg, *c);
}

int RunSsm(const GlobalOptions& global, const SsmArgs& args) {
  collectors::SsmOptions opts;
  opts.accounts = args.accounts;
  opts.regions = args.regions;
  return CollectAndApply(global, "ssm", args.from, [&](const config::Config&) {
    if (args.from.rfind("s3://", 0) == 0) {
      Result<aws::S3Location> loc = aws::ParseS3Uri(args.from);
      if (!loc) return Result<model::Collection>(Fail(loc.error()));
      Result<aws::S3Config> s3 = collectors::DefaultS3Config();
      if (!s3) return Result<model::Collection>(Fail(s3.error()));
      collectors::S3ObjectSource source(*s3, loc->bucket);
      collectors::SsmOptions with_prefix = opts;
      with_prefix.prefix = loc->prefix;
      if (!with_prefix.prefix.empty() && with_prefix.prefix.back() != '/') with_prefix.prefix += '/';
      return collectors::CollectSsm(source, with_prefix);
    }
    collectors::DirectoryObjectSource dir(args.from);
    return collectors::CollectSsm(dir, opts);
  });
}

std::string GithubToken(const config::Config& cfg) {
  const char* env = std::getenv("GITHUB_TOKEN");
  if (env != nullptr && *env != '\0') return env;
  return cfg.github.token;
}

collectors::GithubOptions GithubOptionsFor(const config::Config& cfg, const std::string& org,
                                           const std::string& api_url) {
  collectors::GithubOptions o;
  o.org = org.empty() ? cfg.github.org : org;
  o.token = GithubToken(cfg);
  if (!api_url.empty())
    o.api_url = api_url;
  else if (!cfg.github.api_url.empty())
    o.api_url = cfg.github.api_url;
  while (!o.api_url.empty() && o.api_url.back() == '/') o.api_url.pop_back();
  return o;
}

}  // namespace

void AddCollect(CLI::App& app, GlobalOptions& global) {
  CLI::App* cmd = app.add_subcommand("collect", "Collect inventories and findings from a source");
  cmd->require_subcommand(1);

  auto ssm = std::make_shared<SsmArgs>();
  CLI::App* s = cmd->add_subcommand(
      "ssm", "AWS SSM Inventory from a Resource Data Sync (a directory copy or s3://bucket/prefix)");
  s->add_option("--from", ssm->from, "Directory or s3://bucket/prefix of the sync")->required();
  s->add_option("--account", ssm->accounts, "Only these account ids (repeat)");
  s->add_option("--region", ssm->regions, "Only these regions (repeat)");
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
    int rc = CollectAndApply(global, "github", "github:" + gh->org, [&](const config::Config& cfg) {
      collectors::GithubOptions o = GithubOptionsFor(cfg, gh->org, gh->api_url);
      if (o.org.empty())
        return Result<model::Collection>(Fail(ErrorCode::kInvalidInput, "--org is required"));
      if (o.token.empty())
        return Result<model::Collection>(
            Fail(ErrorCode::kAuth, "no GitHub token: set GITHUB_TOKEN or [github] token"));
      return collectors::CollectGithub(o);
    });
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
    if (prom->url.empty() == prom->exporter.empty())
      throw CLI::RuntimeError(Error("collect prometheus needs exactly one of --url or --exporter"));
    std::string scope = "prometheus:" + (prom->url.empty() ? prom->exporter : prom->url);
    int rc = CollectAndApply(global, "prometheus", scope, [&](const config::Config&) {
      return collectors::CollectPrometheus(*prom);
    });
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
    collectors::GithubOptions o = GithubOptionsFor(*cfg, args->org, args->api_url);
    if (o.org.empty()) throw CLI::RuntimeError(Error("--org is required"));
    if (o.token.empty())
      throw CLI::RuntimeError(Error("no GitHub token: set GITHUB_TOKEN or [github] token"));
    Result<collectors::EnableAlertsResult> r = collectors::EnableAlerts(o, args->apply);
    if (!r) throw CLI::RuntimeError(Error(r.error().message));
    for (const std::string& repo : r->off) {
      bool enabled =
          std::find(r->enabled.begin(), r->enabled.end(), repo) != r->enabled.end();
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
