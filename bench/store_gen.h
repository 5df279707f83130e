// A deterministic generator of a realistic asset/finding store for the search benchmark:
// 50,000 assets (EC2 instances and de-duplicated ASGs with members, hosts, repositories,
// images in Kubernetes namespaces) over ~100 accounts and ~30 teams, and N findings with the
// skew real fleets show (a few CVEs on most assets, heavy-tailed findings per asset, ~2% KEV,
// ~10% ExploitDB, most open). Rows are written straight into the schema the migrations
// created (one SQLite transaction with prepared statements, or PostgreSQL COPY FROM STDIN):
// the store's ApplyCollection is far too slow for 10 M rows and is not what is measured.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"

namespace vs::bench {

struct GenOptions {
  int64_t assets = 50000;
  int64_t findings = 10'000'000;
  uint64_t seed = 20240501;
  int64_t anchor = 0;  // "Now" of the data in epoch seconds; 0: the current time.
};

// Filter values that exist in the generated data (so every benchmark query selects rows),
// and what was written.
struct GenSample {
  std::string big_cve;   // The vulnerability with the most findings.
  std::string lang_cve;  // Log4Shell: the biggest one of repositories and images.
  std::string rare_cve;  // One on a handful of findings.
  std::string alias;     // A non-primary alias (GHSA of a CVE, or the CVE of a GHSA).
  std::string account;   // The second-largest account.
  std::string instance;  // A member instance of a de-duplicated ASG.
  std::string repo;      // owner/name of a repository.
  std::string image;     // Repository part of an image reference.
  std::string namespace_;
  std::string team;
  int64_t assets = 0;
  int64_t findings = 0;
  int64_t aliases = 0;
  int64_t members = 0;
  int64_t namespaces = 0;
  int64_t open = 0;
  int64_t kev = 0;
  int64_t exploitdb = 0;
  double load_seconds = 0;   // Rows written.
  double index_seconds = 0;  // Secondary indexes rebuilt and statistics gathered.
};

// Creates the schema at `url` (a SQLite path or a postgresql:// URL) through
// store::OpenStore, then bulk-loads the data; the store must hold no findings yet. The sample
// is also kept in the table bench_sample, so ReadSample finds it when the store is reused.
Result<GenSample> GenerateStore(const std::string& url, const GenOptions& options);

// The sample of a store GenerateStore filled earlier. kNotFound when there is none.
Result<GenSample> ReadSample(const std::string& url);

}  // namespace vs::bench
