// The table of collectors: a [[collectors]] entry of vulnscope.toml (or the flags of
// `vulnscope collect KIND`, turned into the same entry) → one model::Collection. The CLI and
// the scheduler of `vulnscope serve` both run collectors through here. The key is the config
// `kind`, the CLI subcommand and the source name of the collection ("ssm").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "collectors/github.h"
#include "config/config.h"
#include "core/result.h"
#include "model/asset.h"

namespace vs::collectors {

// State a caller may keep between runs of one collector.
struct CollectEnv {
  GithubEtagCache* github_cache = nullptr;  // github: conditional requests across runs.
};

// The registered kinds, sorted.
std::vector<std::string_view> CollectorKinds();

// Checks that `c` names a registered kind and has the options that kind needs (ssm: `from` or
// `athena`, not both; github: an org here or in [github]; prometheus: exactly one of url and
// exporter). Errors: kInvalidInput naming the collector.
Status CheckCollector(const config::Collector& c, const config::Config& cfg);

// The scope a failed run of `c` is recorded under (store::Store::RecordFailedRun), e.g.
// "s3://bucket/sync", "athena:ssminventory", "github:example", "prometheus:http://…".
std::string CollectorScope(const config::Collector& c, const config::Config& cfg);

// GitHub options for a `github` entry: its org and API URL, else [github]'s; the token from
// GITHUB_TOKEN, else [github] token (may be empty: callers say what is missing).
GithubOptions GithubOptionsFor(const config::Collector& c, const config::Config& cfg);

// Runs the collector (network or file I/O) and returns its collection; nothing is stored.
// GitHub's token is GITHUB_TOKEN, else [github] token. Errors: CheckCollector's, kAuth for a
// missing GitHub token, and the collector's own (collectors/<kind>.h).
Result<model::Collection> Collect(const config::Collector& c, const config::Config& cfg,
                                  const CollectEnv& env = {});

}  // namespace vs::collectors
