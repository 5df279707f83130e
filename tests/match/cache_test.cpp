#include "match/cache.h"

#include <atomic>
#include <filesystem>
#include <set>
#include <string>
#include <tuple>

#include <gtest/gtest.h>
#include <unistd.h>

#include "advisory/import.h"
#include "match/engine.h"
#include "store/store.h"
#include "version/registry.h"

namespace vs::match {
namespace {

namespace fs = std::filesystem;
using model::EventKind;

model::Advisory Adv(std::string id, std::vector<std::string> aliases, std::string ecosystem,
                    std::string package, std::vector<model::RangeEvent> events) {
  model::Advisory a;
  a.id = std::move(id);
  a.aliases = std::move(aliases);
  model::Affected af;
  af.ecosystem = std::move(ecosystem);
  af.package = std::move(package);
  af.ranges.push_back({model::RangeType::kEcosystem, "", std::move(events)});
  a.affected.push_back(std::move(af));
  return a;
}

model::Package Pkg(std::string ecosystem, std::string name, std::string version,
                   std::string source = "", std::string source_version = "") {
  model::Package p;
  p.ecosystem = std::move(ecosystem);
  p.name = std::move(name);
  p.version = std::move(version);
  p.source_name = std::move(source);
  p.source_version = std::move(source_version);
  return p;
}

std::vector<std::string> Ids(const std::vector<Match>& ms) {
  std::vector<std::string> out;
  for (const Match& m : ms)
    out.push_back(m.vulnerability_id + "@" + std::to_string(m.package_index));
  return out;
}

// A small index: a distro advisory fixing two CVEs filed under a source package, and a
// language advisory.
Index SmallIndex() {
  Index index;
  index.Add(Adv("ALSA-2023:1", {"CVE-2023-1", "CVE-2023-2"}, "AlmaLinux:9", "openssl",
                {{EventKind::kIntroduced, "0"}, {EventKind::kFixed, "1:3.0.7-17.el9_2"}}));
  index.Add(Adv("DSA-1", {"CVE-2024-9"}, "Debian:12", "glibc",
                {{EventKind::kIntroduced, "0"}, {EventKind::kFixed, "2.36-9+deb12u4"}}));
  index.Add(Adv("GHSA-x", {"CVE-2021-1"}, "npm", "lodash",
                {{EventKind::kIntroduced, "0"}, {EventKind::kFixed, "4.17.21"}}));
  index.Finish();
  return index;
}

TEST(MatchCache, SourceNameAndVersionArePartOfTheKey) {
  Index index = SmallIndex();
  MatchCache cache(index);
  // Same binary name and version; only the source package differs.
  const PackageMatches& with_source =
      cache.Get(Pkg("AlmaLinux:9", "openssl-libs", "1:3.0.7-16.el9_2", "openssl"));
  const PackageMatches& without = cache.Get(Pkg("AlmaLinux:9", "openssl-libs", "1:3.0.7-16.el9_2"));
  EXPECT_EQ(with_source.matches.size(), 2u);
  EXPECT_TRUE(without.matches.empty());
  // binNMU: only the source version differs, and it decides.
  EXPECT_EQ(cache.Get(Pkg("Debian:12", "libc6", "2.36-9+deb12u4+b1", "glibc", "2.36-9+deb12u3"))
                .matches.size(),
            1u);
  EXPECT_TRUE(cache.Get(Pkg("Debian:12", "libc6", "2.36-9+deb12u4+b1", "glibc", "2.36-9+deb12u4"))
                  .matches.empty());
  EXPECT_EQ(cache.size(), 4u);
}

TEST(MatchCache, OtherFieldsShareOneEntry) {
  Index index = SmallIndex();
  MatchCache cache(index);
  model::Package a = Pkg("npm", "lodash", "4.17.15");
  model::Package b = a;
  b.arch = "noarch";
  b.purl = "pkg:npm/lodash@4.17.15";
  b.location = "other/package-lock.json";
  const PackageMatches& ra = cache.Get(a);
  const PackageMatches& rb = cache.Get(b);
  EXPECT_EQ(&ra, &rb);
  EXPECT_EQ(cache.size(), 1u);
  ASSERT_EQ(ra.matches.size(), 1u);
  EXPECT_EQ(index.Expand(ra, 0, 7).package_index, 7u);
  EXPECT_EQ(index.Expand(ra, 0, 7).fixed_version, "4.17.21");
}

TEST(MatchCache, FieldBoundariesMatter) {
  Index index = SmallIndex();
  MatchCache cache(index);
  // The parts concatenate to the same bytes; they are different packages.
  const PackageMatches& a = cache.Get(Pkg("npm", "lodash", "4.17.15"));
  const PackageMatches& b = cache.Get(Pkg("npm", "lodash4", ".17.15"));
  EXPECT_NE(&a, &b);
  EXPECT_EQ(a.matches.size(), 1u);
  EXPECT_TRUE(b.invalid);
  EXPECT_EQ(cache.size(), 2u);
}

TEST(MatchCache, InvalidVersionsAreReportedEveryTime) {
  Index index = SmallIndex();
  MatchCache cache(index);
  std::vector<model::Package> pkgs = {Pkg("npm", "lodash", "not-a-version"),
                                      Pkg("npm", "lodash", "4.0.0"), Pkg("GIT", "x", "abc"),
                                      Pkg("npm", "lodash", "not-a-version")};
  for (int round = 0; round < 2; ++round) {
    std::vector<Match> direct, cached;
    std::vector<size_t> invalid_direct, invalid_cached;
    index.MatchPackages(pkgs, direct, &invalid_direct);
    cache.MatchPackages(pkgs, cached, &invalid_cached);
    EXPECT_EQ(invalid_cached, (std::vector<size_t>{0, 3}));
    EXPECT_EQ(invalid_cached, invalid_direct);
    EXPECT_EQ(Ids(cached), (std::vector<std::string>{"CVE-2021-1@1"}));
    EXPECT_EQ(Ids(cached), Ids(direct));
  }
  EXPECT_EQ(cache.size(), 3u);  // The repeated invalid package is one entry.
}

TEST(MatchHosts, EveryHostVisitedOnceWithItsOwnResults) {
  Index index = SmallIndex();
  MatchCache cache(index);
  // 300 hosts drawing from 6 distinct packages in host-dependent order, matched on 2 threads.
  std::vector<model::Package> kinds = {
      Pkg("npm", "lodash", "4.17.15"),
      Pkg("npm", "lodash", "4.17.21"),
      Pkg("npm", "Lodash", "3.0.0"),
      Pkg("Debian:12", "libc6", "2.36-9", "glibc"),
      Pkg("AlmaLinux:9", "openssl", "1:3.0.7-1.el9"),
      Pkg("npm", "lodash", "bad"),
  };
  std::vector<std::vector<model::Package>> pool(300);
  for (size_t h = 0; h < pool.size(); ++h)
    for (size_t i = 0; i < 10; ++i) pool[h].push_back(kinds[(h * 7 + i * 3) % kinds.size()]);
  std::vector<const std::vector<model::Package>*> hosts;
  for (const auto& p : pool) hosts.push_back(&p);
  std::vector<std::atomic<int>> visits(hosts.size());
  std::atomic<size_t> mismatches{0};
  MatchHosts(hosts, cache, 2, [&](size_t h, std::span<const PackageMatches* const> rs) {
    ++visits[h];
    if (rs.size() != pool[h].size()) {
      ++mismatches;
      return;
    }
    for (size_t i = 0; i < rs.size(); ++i) {
      PackageMatches direct = index.MatchPackage(pool[h][i]);
      bool same =
          direct.invalid == rs[i]->invalid && direct.matches.size() == rs[i]->matches.size();
      for (size_t k = 0; same && k < direct.matches.size(); ++k) {
        Match x = index.Expand(direct, k, i), y = index.Expand(*rs[i], k, i);
        same = x.vulnerability_id == y.vulnerability_id && x.aliases == y.aliases &&
               x.fixed_version == y.fixed_version;
      }
      if (!same) ++mismatches;
    }
  });
  for (const auto& v : visits) EXPECT_EQ(v.load(), 1);
  EXPECT_EQ(mismatches.load(), 0u);
  EXPECT_EQ(cache.size(), kinds.size());
}

TEST(MatchCache, LongKeysAndOddBytesAreComparedExactly) {
  Index index = SmallIndex();
  MatchCache cache(index);
  std::string long_name(300, 'a');  // A part over 255 bytes.
  std::string other_long = long_name;
  other_long.back() = 'b';
  std::string nul("lo\0dash", 7);
  std::vector<model::Package> pkgs = {
      Pkg("npm", long_name, "4.17.15"),
      Pkg("npm", other_long, "4.17.15"),
      // Over 120 bytes in all, every part short.
      Pkg("AlmaLinux:9", std::string(100, 'x'), "1:3.0.7-16.el9_2", "openssl"),
      Pkg("AlmaLinux:9", std::string(100, 'x'), "1:3.0.7-16.el9_2", "openssm"),
      Pkg("npm", nul, "4.17.15"),
      Pkg("npm", "lo", "4.17.15"),
      Pkg("npm", "", ""),
      Pkg("", "", ""),
  };
  std::set<const PackageMatches*> distinct;
  for (const auto& p : pkgs) distinct.insert(&cache.Get(p));
  EXPECT_EQ(distinct.size(), pkgs.size());
  EXPECT_EQ(cache.size(), pkgs.size());
  // Looked up again, one by one and as a batch: the same entries.
  std::vector<const PackageMatches*> batch(pkgs.size());
  cache.GetMany(pkgs, batch);
  for (size_t i = 0; i < pkgs.size(); ++i) {
    EXPECT_EQ(&cache.Get(pkgs[i]), batch[i]) << i;
    PackageMatches direct = index.MatchPackage(pkgs[i]);
    EXPECT_EQ(direct.invalid, batch[i]->invalid) << i;
    EXPECT_EQ(direct.matches.size(), batch[i]->matches.size()) << i;
  }
  EXPECT_EQ(cache.Get(pkgs[2]).matches.size(), 2u);  // Source openssl: both CVEs.
  EXPECT_TRUE(cache.Get(pkgs[3]).matches.empty());
  EXPECT_EQ(cache.size(), pkgs.size());
}

TEST(MatchCache, GetManyOnShortAndRepetitiveBatches) {
  Index index = SmallIndex();
  MatchCache cache(index);
  cache.GetMany({}, {});
  std::vector<model::Package> one = {Pkg("npm", "lodash", "4.17.15")};
  std::vector<const PackageMatches*> r1(1);
  cache.GetMany(one, r1);
  EXPECT_EQ(r1[0], &cache.Get(one[0]));
  // New packages repeated within one batch, shorter and longer than the lookup pipeline.
  for (size_t n : {2, 3, 17, 40, 100}) {
    std::vector<model::Package> pkgs;
    for (size_t i = 0; i < n; ++i)
      pkgs.push_back(Pkg("npm", "lodash", "4.17." + std::to_string(1000 * n + i % 5)));
    std::vector<const PackageMatches*> out(n);
    cache.GetMany(pkgs, out);
    for (size_t i = 0; i < n; ++i) EXPECT_EQ(out[i], out[i % 5]) << n << " " << i;
  }
  EXPECT_EQ(cache.size(), 1u + 2 + 3 + 5 + 5 + 5);
}

// Entries stay where they are while the table grows under concurrent lookups and inserts.
TEST(MatchHosts, ManyDistinctPackagesOnSeveralThreads) {
  Index index = SmallIndex();
  MatchCache cache(index);
  constexpr size_t kDistinct = 20000;
  std::vector<model::Package> kinds;
  for (size_t i = 0; i < kDistinct; ++i) {
    switch (i % 3) {
      case 0:
        kinds.push_back(
            Pkg("npm", "lodash", "4." + std::to_string(i / 100) + "." + std::to_string(i % 100)));
        break;
      case 1:
        kinds.push_back(
            Pkg("AlmaLinux:9", "openssl-libs", "1:3.0." + std::to_string(i) + "-1.el9", "openssl"));
        break;
      default:
        kinds.push_back(Pkg("Debian:12", "pkg" + std::to_string(i), "1.0-" + std::to_string(i)));
    }
  }
  std::vector<std::vector<model::Package>> pool(400);
  for (size_t h = 0; h < pool.size(); ++h)
    for (size_t i = 0; i < 200; ++i) pool[h].push_back(kinds[(h * 7919 + i * 104729) % kDistinct]);
  std::vector<const std::vector<model::Package>*> hosts;
  for (const auto& p : pool) hosts.push_back(&p);
  // Pass 1 fills the cache on 4 threads; pass 2 (warm) must hand out the same entries.
  std::vector<std::vector<const PackageMatches*>> first(hosts.size());
  MatchHosts(hosts, cache, 4, [&](size_t h, std::span<const PackageMatches* const> rs) {
    first[h].assign(rs.begin(), rs.end());
  });
  size_t filled = cache.size();
  std::atomic<size_t> moved{0}, wrong{0};
  MatchHosts(hosts, cache, 4, [&](size_t h, std::span<const PackageMatches* const> rs) {
    for (size_t i = 0; i < rs.size(); ++i) {
      if (rs[i] != first[h][i]) ++moved;
      PackageMatches direct = index.MatchPackage(pool[h][i]);
      if (direct.invalid != rs[i]->invalid || direct.matches.size() != rs[i]->matches.size())
        ++wrong;
    }
  });
  EXPECT_EQ(moved.load(), 0u);
  EXPECT_EQ(wrong.load(), 0u);
  EXPECT_EQ(cache.size(), filled);
  std::set<const PackageMatches*> distinct;
  for (const auto& host : first) distinct.insert(host.begin(), host.end());
  EXPECT_EQ(distinct.size(), filled);
  EXPECT_GT(filled, kDistinct / 2);
}

// Real data: the e2e advisory subsets and exploit intelligence. Every package an advisory
// names, at every version its events and lists mention (plus source-package and binNMU-style
// variants for distro packages, and unparseable versions), gives the same findings with and
// without the cache, and again once every package is cached.
TEST(MatchCache, SameFindingsAsDirectMatchingOnRealData) {
  char tmpl[] = "/tmp/vs-cache-test-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  std::string tmp = tmpl;
  std::string dir = std::string(VS_SOURCE_DIR) + "/tests/testdata/e2e/";
  {
    auto store = store::OpenStore(tmp + "/t.db");
    ASSERT_TRUE(store) << store.error().message;
    for (const char* f :
         {"almalinux9-subset.jsonl.gz", "ghsa-curated.jsonl.gz", "go-vulndb-subset.jsonl.gz",
          "pypa-subset.jsonl.gz", "kev-subset.json", "exploitdb-map-subset.json"}) {
      store::SourceInfo info;
      info.name = f;
      auto r = advisory::ImportPath(**store, dir + f, info);
      ASSERT_TRUE(r) << f << ": " << r.error().message;
    }
    auto engine = LoadEngine(**store);
    ASSERT_TRUE(engine);
    std::vector<model::Package> pkgs;
    std::set<std::tuple<std::string, std::string, std::string>> seen;
    (void)(*store)->ForEachAdvisory([&](model::Advisory&& a) {
      for (const auto& af : a.affected) {
        std::vector<std::string> versions = af.versions;
        for (const auto& r : af.ranges)
          for (const auto& e : r.events) versions.push_back(e.version);
        versions.push_back("not a version");
        for (const std::string& v : versions) {
          if (!seen.emplace(af.ecosystem, af.package, v).second) continue;
          pkgs.push_back(Pkg(af.ecosystem, af.package, v));
          auto eco = version::ResolveEcosystem(af.ecosystem);
          if (eco && eco->is_os) {
            pkgs.push_back(Pkg(af.ecosystem, af.package + "-libs", v, af.package));
            pkgs.push_back(Pkg(af.ecosystem, af.package + "-libs", v + ".1", af.package, v));
          }
        }
      }
    });
    ASSERT_GT(pkgs.size(), 1000u);
    std::vector<size_t> invalid_direct, invalid_cold, invalid_warm;
    std::vector<model::Finding> direct = FindVulnerabilities(*engine, pkgs, &invalid_direct);
    MatchCache cache(engine->index);
    std::vector<model::Finding> cold = FindVulnerabilities(*engine, cache, pkgs, &invalid_cold);
    size_t cached = cache.size();
    std::vector<model::Finding> warm = FindVulnerabilities(*engine, cache, pkgs, &invalid_warm);
    EXPECT_GT(direct.size(), 1000u);
    EXPECT_FALSE(invalid_direct.empty());
    // FindVulnerabilities' sort leaves findings that differ only in ecosystem or source
    // package in no particular order, so compare as sets.
    auto key = [](const model::Finding& f) {
      return std::tie(f.package.ecosystem, f.package.name, f.package.version, f.package.source_name,
                      f.package.source_version, f.vulnerability_id);
    };
    auto by_key = [&](const model::Finding& a, const model::Finding& b) { return key(a) < key(b); };
    std::sort(direct.begin(), direct.end(), by_key);
    std::sort(cold.begin(), cold.end(), by_key);
    std::sort(warm.begin(), warm.end(), by_key);
    EXPECT_TRUE(direct == cold);
    EXPECT_TRUE(direct == warm);
    EXPECT_EQ(invalid_cold, invalid_direct);
    EXPECT_EQ(invalid_warm, invalid_direct);
    EXPECT_EQ(cache.size(), cached);  // The second pass evaluated nothing new.
    EXPECT_EQ(cached, pkgs.size());   // Every generated package is distinct.
    size_t exploited = 0;
    for (const auto& f : direct) exploited += f.exploit.Any() ? 1 : 0;
    EXPECT_GT(exploited, 0u);
  }
  fs::remove_all(tmp);
}

}  // namespace
}  // namespace vs::match
