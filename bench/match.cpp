// Matcher throughput. Loads every OSV set under DATA_DIR into a store and the index (the
// "full real index" when DATA_DIR is the full data set), generates HOSTS inventories of 500
// packages each whose names all hit the index (versions drawn around the advisories' own
// event versions), and matches them with MatchHosts through a MatchCache that starts empty, on
// 1 and on 2 threads, then on 1 and on 2 threads with the filled cache. References in the same run:
// the floor (just resolving each record's ecosystem) and matching without the cache (every record
// evaluated on its own) on a sample of hosts. Exits 1 if the cached and direct results differ.
//
// Host packages are 80% at the newest version the advisories mention and 20% at a random event
// version, so a realistic share of them is vulnerable.
//
//   bench_match [DATA_DIR] [HOSTS]     (default: the repository's test data, 50000 hosts)
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include <unistd.h>

#include "advisory/import.h"
#include "bench/common.h"
#include "match/engine.h"
#include "store/store.h"
#include "version/registry.h"

namespace fs = std::filesystem;
using vs::bench::CpuNow;
using vs::bench::Now;

namespace {

constexpr size_t kPackagesPerHost = 500;

// Candidate packages: every (ecosystem, name) of a matchable affected entry, with versions
// taken from its events and listed versions (so that some are affected and some are not).
std::vector<vs::model::Package> Candidates(vs::store::Store& store) {
  std::vector<vs::model::Package> out;
  std::unordered_set<std::string> seen;
  (void)store.ForEachAdvisory([&](vs::model::Advisory&& a) {
    for (const auto& af : a.affected) {
      if (vs::match::EcosystemKey(af.ecosystem).empty()) continue;
      std::vector<std::string> versions = af.versions;
      for (const auto& r : af.ranges)
        for (const auto& e : r.events)
          if (e.version != "0" && e.version != "*") versions.push_back(e.version);
      for (const std::string& v : versions) {
        std::string key = af.ecosystem + '\0' + af.package + '\0' + v;
        if (!seen.insert(key).second) continue;
        vs::model::Package p;
        p.ecosystem = af.ecosystem;
        p.name = af.package;
        p.version = v;
        out.push_back(std::move(p));
      }
    }
  });
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = argc > 1 ? argv[1] : std::string(VS_SOURCE_DIR) + "/tests/testdata/e2e";
  size_t hosts = argc > 2 ? std::stoul(argv[2]) : 50000;
  char tmpl[] = "/tmp/vs-bench-match-XXXXXX";
  std::string tmp = mkdtemp(tmpl);
  auto store = vs::store::OpenStore(tmp + "/bench.db");
  if (!store) return 2;
  size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    std::string p = e.path().string();
    if (!e.is_regular_file() || p.size() < 9 || p.substr(p.size() - 9) != ".jsonl.gz") continue;
    vs::store::SourceInfo info;
    info.name = p;
    if (vs::advisory::ImportPath(**store, p, info)) ++n;
  }
  std::vector<vs::model::Package> candidates = Candidates(**store);
  auto engine = vs::match::LoadEngine(**store);
  if (!engine || candidates.empty()) {
    std::fprintf(stderr, "no advisories under %s\n", dir.c_str());
    return 2;
  }
  std::printf(
      "index: %zu OSV sets, %zu advisories, %zu keys; %zu candidate (package, version) pairs\n", n,
      engine->index.stats().advisories, engine->index.stats().keys, candidates.size());

  // A pool of distinct host inventories, reused round-robin: generating 25 M package records
  // would measure the allocator, not the matcher.
  std::mt19937_64 rng(42);
  size_t pool_size = std::min<size_t>(hosts, 2000);
  // Realistic hosts are mostly patched: 80% of packages carry the newest version any advisory
  // mentions for that package (usually the last fix), 20% a random event version.
  std::map<std::string, const vs::model::Package*> newest;
  for (const auto& c : candidates) {
    auto eco = vs::version::ResolveEcosystem(c.ecosystem);
    if (!eco) continue;
    const vs::model::Package*& slot = newest[c.ecosystem + '\0' + c.name];
    if (slot == nullptr || eco.value().scheme->compare(slot->version, c.version).value_or(1) < 0)
      slot = &c;
  }
  std::vector<std::vector<vs::model::Package>> pool(pool_size);
  for (auto& host : pool) {
    host.reserve(kPackagesPerHost);
    for (size_t i = 0; i < kPackagesPerHost; ++i) {
      const auto& c = candidates[rng() % candidates.size()];
      auto it = newest.find(c.ecosystem + '\0' + c.name);
      host.push_back(rng() % 5 != 0 && it != newest.end() ? *it->second : c);
    }
  }

  double records = static_cast<double>(hosts) * kPackagesPerHost;
  std::vector<const std::vector<vs::model::Package>*> inventory(hosts);
  for (size_t h = 0; h < hosts; ++h) inventory[h] = &pool[h % pool.size()];
  std::printf("inventory: %zu hosts x %zu packages = %.0f package records (%zu distinct hosts)\n",
              hosts, kPackagesPerHost, records, pool.size());

  // Reference floor: resolving each record's ecosystem, nothing else. Every phase reports
  // wall time and process CPU time: the machine is shared, and records per CPU-second is the
  // per-core rate whatever share of a core the scheduler gives us.
  double t0 = Now(), c0 = CpuNow();
  size_t known = 0;
  for (const auto* host : inventory)
    for (const auto& p : *host)
      known += engine->index.HasEcosystem(vs::match::EcosystemKey(p.ecosystem)) ? 1 : 0;
  double floor_s = Now() - t0, floor_cpu = CpuNow() - c0;
  std::printf(
      "floor (ecosystem lookup only, 1 thread): %.2f s (%.2f CPU-s), %.2f M records/CPU-s"
      " (%zu known)\n",
      floor_s, floor_cpu, records / floor_cpu / 1e6, known);

  // Without the cache: every record evaluated on its own (Index::MatchPackages), on a sample.
  size_t sample = std::min<size_t>(pool.size(), 100);
  std::vector<vs::match::Match> out;
  size_t sample_findings = 0;
  t0 = Now();
  c0 = CpuNow();
  for (size_t h = 0; h < sample; ++h) {
    out.clear();
    engine->index.MatchPackages(pool[h], out);
    sample_findings += out.size();
  }
  double nocache_s = Now() - t0, nocache_cpu = CpuNow() - c0;
  double sample_records = static_cast<double>(sample) * kPackagesPerHost;
  std::printf(
      "no cache, 1 thread: %.0f records in %.2f s (%.2f CPU-s), %.3f M records/CPU-s, "
      "%.2f findings/record\n",
      sample_records, nocache_s, nocache_cpu, sample_records / nocache_cpu / 1e6,
      sample_findings / sample_records);

  // The fleet path: MatchHosts through a MatchCache that starts empty (cold) in each run, so
  // every distinct package is evaluated once per run and its result fanned out to every host.
  struct Run {
    double wall, cpu;
    size_t findings;
  };
  auto run = [&](unsigned threads, vs::match::MatchCache& cache) {
    std::atomic<size_t> findings{0};
    double start = Now(), cpu = CpuNow();
    vs::match::MatchHosts(inventory, cache, threads,
                          [&](size_t, std::span<const vs::match::PackageMatches* const> rs) {
                            size_t n = 0;
                            for (const auto* r : rs) n += r->matches.size();
                            findings.fetch_add(n, std::memory_order_relaxed);
                          });
    return Run{Now() - start, CpuNow() - cpu, findings.load()};
  };
  vs::match::MatchCache cache1(engine->index);
  Run one = run(1, cache1);
  size_t distinct = cache1.size();
  vs::match::MatchCache cache2(engine->index);
  Run two = run(2, cache2);
  Run warm1 = run(1, cache2);
  Run warm = run(2, cache2);
  auto print = [&](const char* what, const Run& r) {
    std::printf("%s: %.2f s (%.2f CPU-s), %.2f M records/s, %.2f M records/CPU-s, %zu findings\n",
                what, r.wall, r.cpu, records / r.wall / 1e6, records / r.cpu / 1e6, r.findings);
  };
  print("match, cold cache, 1 thread ", one);
  print("match, cold cache, 2 threads", two);
  print("match, warm cache, 1 thread ", warm1);
  print("match, warm cache, 2 threads", warm);
  std::printf("distinct packages evaluated: %zu (%.1f%% of the records)\n", distinct,
              100.0 * static_cast<double>(distinct) / records);
  size_t f1 = one.findings, f2 = two.findings, f3 = warm.findings, f4 = warm1.findings;
  // The cache must not change results: the sampled hosts' matches, record by record, and the
  // total over the inventory (the pool repeats, so it is a multiple of the pool's count).
  for (size_t h = 0; h < sample; ++h) {
    std::vector<vs::match::Match> direct, cached;
    engine->index.MatchPackages(pool[h], direct);
    cache2.MatchPackages(pool[h], cached);
    bool same = direct.size() == cached.size();
    for (size_t i = 0; same && i < direct.size(); ++i) {
      const auto& x = direct[i];
      const auto& y = cached[i];
      same = x.package_index == y.package_index && x.vulnerability_id == y.vulnerability_id &&
             x.aliases == y.aliases && x.advisory_ids == y.advisory_ids &&
             x.severity == y.severity && x.cvss_score == y.cvss_score &&
             x.fixed_version == y.fixed_version && x.summary == y.summary;
    }
    if (!same) {
      std::fprintf(stderr, "MISMATCH: cached and direct matches differ on host %zu\n", h);
      return 1;
    }
  }
  if (f1 != f2 || f2 != f3 || f3 != f4) {
    std::fprintf(stderr, "MISMATCH: finding totals differ between runs\n");
    return 1;
  }
  std::printf(
      "ratio match: cold cache vs no cache (per CPU-s) = %.0fx; ours/floor = %.2fx; per-core "
      "rate vs goal 5 M/s = %.2fx; full re-match on 2 threads: %.1f s cold, %.1f s warm (goal < "
      "10 s)\n",
      (records / one.cpu) / (sample_records / nocache_cpu), floor_cpu / one.cpu,
      records / one.cpu / 5e6, two.wall, warm.wall);
  std::printf("resident: %.0f MiB\n", vs::bench::ResidentMiB());
  store->reset();
  fs::remove_all(tmp);
  return 0;
}
