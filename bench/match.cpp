// Matcher throughput. Loads every OSV set under DATA_DIR into a store and the index (the
// "full real index" when DATA_DIR is the full data set), generates HOSTS inventories of 500
// packages each whose names all hit the index (versions drawn around the advisories' own
// event versions), and matches them on 1 and on 2 threads. The reference floor in the same
// run is the cost of just finding each package's index entry (a hash lookup, no ranges).
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
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include <unistd.h>

#include "advisory/import.h"
#include "bench/common.h"
#include "match/engine.h"
#include "store/store.h"
#include "version/registry.h"

namespace fs = std::filesystem;
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

  auto run = [&](unsigned threads, bool lookup_only) {
    std::atomic<size_t> next{0}, findings{0};
    double t0 = Now();
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < threads; ++t) {
      workers.emplace_back([&] {
        std::vector<vs::match::Match> out;
        size_t local = 0;
        for (size_t h; (h = next.fetch_add(1)) < hosts;) {
          const auto& host = pool[h % pool.size()];
          if (lookup_only) {
            for (const auto& p : host)
              local += engine->index.HasEcosystem(vs::match::EcosystemKey(p.ecosystem)) ? 1 : 0;
          } else {
            out.clear();
            engine->index.MatchPackages(host, out);
            local += out.size();
          }
        }
        findings += local;
      });
    }
    for (auto& w : workers) w.join();
    double secs = Now() - t0;
    return std::pair<double, size_t>{secs, findings.load()};
  };

  double records = static_cast<double>(hosts) * kPackagesPerHost;
  auto [floor_s, ignored] = run(1, true);
  auto [one_s, f1] = run(1, false);
  auto [two_s, f2] = run(2, false);
  std::printf("inventory: %zu hosts x %zu packages = %.0f package records\n", hosts,
              kPackagesPerHost, records);
  std::printf("floor (ecosystem lookup only, 1 thread): %.2f s, %.2f M records/s\n", floor_s,
              records / floor_s / 1e6);
  std::printf("match, 1 thread:  %.2f s, %.2f M records/s/core, %zu findings\n", one_s,
              records / one_s / 1e6, f1);
  std::printf("match, 2 threads: %.2f s, %.2f M records/s total\n", two_s, records / two_s / 1e6);
  std::printf(
      "ratio match: ours/floor = %.2fx; per-core rate vs goal 5 M/s = %.2fx; full re-match on 2 "
      "cores: %.1f s (goal < 10 s)\n",
      floor_s / one_s, records / one_s / 5e6, two_s);
  std::printf("resident: %.0f MiB\n", vs::bench::ResidentMiB());
  store->reset();
  fs::remove_all(tmp);
  return 0;
}
