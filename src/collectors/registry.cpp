#include "collectors/registry.h"

#include <algorithm>
#include <cstdlib>

#include "aws/athena.h"
#include "aws/s3.h"
#include "collectors/prometheus.h"
#include "collectors/s3_source.h"
#include "collectors/ssm.h"
#include "collectors/ssm_athena.h"

namespace vs::collectors {
namespace {

using CheckFn = Status (*)(const config::Collector&, const config::Config&);
using ScopeFn = std::string (*)(const config::Collector&, const config::Config&);
using CollectFn = Result<model::Collection> (*)(const config::Collector&, const config::Config&,
                                                const CollectEnv&);

Status Invalid(const config::Collector& c, const std::string& why) {
  std::string who = c.name.empty() || c.name == c.kind ? c.kind : c.kind + " (" + c.name + ")";
  return Fail(ErrorCode::kInvalidInput, "collector " + who + ": " + why);
}

// ---- ssm: a Resource Data Sync as a directory, on S3, or through Athena.

Status CheckSsm(const config::Collector& c, const config::Config&) {
  if (c.athena && !c.from.empty()) return Invalid(c, "from and athena exclude each other");
  if (!c.athena && c.from.empty())
    return Invalid(c, "needs from (a directory or s3://bucket/prefix) or athena");
  return Ok();
}

std::string AthenaDatabase(const config::Collector& c) {
  return c.athena_options.database.empty() ? SsmAthenaOptions{}.database
                                           : c.athena_options.database;
}

std::string ScopeSsm(const config::Collector& c, const config::Config&) {
  return c.athena ? "athena:" + AthenaDatabase(c) : c.from;
}

Result<model::Collection> CollectSsmAthenaEntry(const config::Collector& c) {
  Result<aws::AthenaConfig> cfg = DefaultAthenaConfig();
  if (!cfg) return Fail(cfg.error());
  aws::AthenaClient client(*cfg);
  SsmAthenaOptions o;
  o.database = AthenaDatabase(c);
  o.workgroup = c.athena_options.workgroup;
  o.catalog = c.athena_options.catalog;
  o.output_location = c.athena_options.output;
  if (!o.output_location.empty() && o.output_location.back() != '/') o.output_location += '/';
  o.accounts = c.accounts;
  o.regions = c.regions;
  return CollectSsmAthena(client, o);
}

Result<model::Collection> CollectSsmEntry(const config::Collector& c, const config::Config&,
                                          const CollectEnv&) {
  if (c.athena) return CollectSsmAthenaEntry(c);
  SsmOptions opts;
  opts.accounts = c.accounts;
  opts.regions = c.regions;
  if (c.from.rfind("s3://", 0) == 0) {
    Result<aws::S3Location> loc = aws::ParseS3Uri(c.from);
    if (!loc) return Fail(loc.error());
    Result<aws::S3Config> s3 = DefaultS3Config();
    if (!s3) return Fail(s3.error());
    S3ObjectSource source(*s3, loc->bucket);
    opts.prefix = loc->prefix;
    if (!opts.prefix.empty() && opts.prefix.back() != '/') opts.prefix += '/';
    return CollectSsm(source, opts);
  }
  DirectoryObjectSource dir(c.from);
  return CollectSsm(dir, opts);
}

// ---- github: an organisation's Dependabot alerts.

std::string GithubOrg(const config::Collector& c, const config::Config& cfg) {
  return c.org.empty() ? cfg.github.org : c.org;
}

Status CheckGithub(const config::Collector& c, const config::Config& cfg) {
  if (GithubOrg(c, cfg).empty()) return Invalid(c, "needs an org (here or in [github])");
  return Ok();
}

std::string ScopeGithub(const config::Collector& c, const config::Config& cfg) {
  return "github:" + GithubOrg(c, cfg);
}

Result<model::Collection> CollectGithubEntry(const config::Collector& c, const config::Config& cfg,
                                             const CollectEnv& env) {
  GithubOptions o = GithubOptionsFor(c, cfg);
  if (o.token.empty())
    return Fail(ErrorCode::kAuth, "no GitHub token: set GITHUB_TOKEN or [github] token");
  o.cache = env.github_cache;
  return CollectGithub(o);
}

// ---- prometheus: trivy metrics from a Prometheus server or an exporter.

Status CheckPrometheus(const config::Collector& c, const config::Config&) {
  if (c.url.empty() == c.exporter.empty())
    return Invalid(c, "needs exactly one of url (Prometheus) or exporter (metrics endpoint)");
  if (!c.query.empty() && c.url.empty()) return Invalid(c, "query needs url");
  return Ok();
}

std::string ScopePrometheus(const config::Collector& c, const config::Config&) {
  return "prometheus:" + (c.url.empty() ? c.exporter : c.url);
}

Result<model::Collection> CollectPrometheusEntry(const config::Collector& c, const config::Config&,
                                                 const CollectEnv&) {
  PrometheusOptions o;
  o.url = c.url;
  o.exporter = c.exporter;
  o.query = c.query;
  return CollectPrometheus(o);
}

struct Entry {
  std::string_view kind;
  CheckFn check;
  ScopeFn scope;
  CollectFn collect;
};

// Sorted by kind. Adding a collector: its file, and one row here.
constexpr Entry kCollectors[] = {
    {"github", CheckGithub, ScopeGithub, CollectGithubEntry},
    {"prometheus", CheckPrometheus, ScopePrometheus, CollectPrometheusEntry},
    {"ssm", CheckSsm, ScopeSsm, CollectSsmEntry},
};

const Entry* Find(std::string_view kind) {
  for (const Entry& e : kCollectors)
    if (e.kind == kind) return &e;
  return nullptr;
}

}  // namespace

std::vector<std::string_view> CollectorKinds() {
  std::vector<std::string_view> out;
  for (const Entry& e : kCollectors) out.push_back(e.kind);
  return out;
}

Status CheckCollector(const config::Collector& c, const config::Config& cfg) {
  const Entry* e = Find(c.kind);
  if (e == nullptr) {
    std::string known;
    for (const Entry& k : kCollectors) known += (known.empty() ? "" : ", ") + std::string(k.kind);
    return Fail(ErrorCode::kInvalidInput,
                "collector kind \"" + c.kind + "\" is unknown (known: " + known + ")");
  }
  return e->check(c, cfg);
}

std::string CollectorScope(const config::Collector& c, const config::Config& cfg) {
  const Entry* e = Find(c.kind);
  return e == nullptr ? c.kind : e->scope(c, cfg);
}

GithubOptions GithubOptionsFor(const config::Collector& c, const config::Config& cfg) {
  GithubOptions o;
  o.org = GithubOrg(c, cfg);
  const char* token = std::getenv("GITHUB_TOKEN");
  o.token = token != nullptr && *token != '\0' ? token : cfg.github.token;
  std::string api = c.api_url.empty() ? cfg.github.api_url : c.api_url;
  if (!api.empty()) o.api_url = api;
  while (!o.api_url.empty() && o.api_url.back() == '/') o.api_url.pop_back();
  return o;
}

Result<model::Collection> Collect(const config::Collector& c, const config::Config& cfg,
                                  const CollectEnv& env) {
  if (Status s = CheckCollector(c, cfg); !s) return Fail(s.error());
  return Find(c.kind)->collect(c, cfg, env);
}

}  // namespace vs::collectors
