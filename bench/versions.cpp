// Comparisons per second of our deb and rpm comparators against the libraries that define the
// orders: libdpkg (dpkg_version_compare, with and without parseversion) and librpm (rpmvercmp,
// rpmverParse + rpmverCmp). One fixed, deterministic set of realistic pairs per scheme. After
// the runs it prints one "ratio" line per comparison (ours / reference, items per second).
#include <cstdio>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>
#include <dpkg/dpkg-db.h>
#include <dpkg/dpkg.h>
#include <dpkg/error.h>
#include <dpkg/version.h>
#include <rpm/rpmver.h>
#include <unistd.h>

#include "version/deb.h"
#include "version/rpm.h"

namespace {

constexpr size_t kPairs = 10000;
constexpr uint64_t kSeed = 20261126;

struct Pair {
  std::string a;
  std::string b;
};

// A pair as the benchmarks see it: views into one arena, each followed by a NUL.
struct VersionPair {
  std::string_view a;
  std::string_view b;
};

// All versions of a set in one contiguous buffer, so every contender reads the same compact
// memory (libdpkg's pre-parsed versions sit in its obstack the same way). With scattered
// std::strings the run measures cache misses more than comparisons.
class PairSet {
 public:
  explicit PairSet(const std::vector<Pair>& pairs) {
    size_t total = 0;
    for (const Pair& p : pairs) total += p.a.size() + p.b.size() + 2;
    arena_.reserve(total);
    std::vector<std::pair<size_t, size_t>> at;
    for (const Pair& p : pairs) {
      at.push_back({arena_.size(), arena_.size() + p.a.size() + 1});
      arena_.append(p.a).push_back('\0');
      arena_.append(p.b).push_back('\0');
    }
    for (size_t i = 0; i < pairs.size(); ++i) {
      pairs_.push_back({std::string_view(arena_.data() + at[i].first, pairs[i].a.size()),
                        std::string_view(arena_.data() + at[i].second, pairs[i].b.size())});
    }
  }
  const std::vector<VersionPair>& pairs() const { return pairs_; }

 private:
  std::string arena_;
  std::vector<VersionPair> pairs_;
};

using Rng = std::mt19937_64;

size_t Uniform(Rng& rng, size_t lo, size_t hi) {
  return std::uniform_int_distribution<size_t>(lo, hi)(rng);
}
bool Chance(Rng& rng, double p) { return std::bernoulli_distribution(p)(rng); }
template <typename T>
const T& Pick(Rng& rng, const std::vector<T>& v) {
  return v[Uniform(rng, 0, v.size() - 1)];
}
std::string Num(Rng& rng, size_t lo, size_t hi) { return std::to_string(Uniform(rng, lo, hi)); }

// ---- Debian-shaped versions, as in DSAs, DLAs and USNs ----

std::string DebUpstream(Rng& rng) {
  std::string s = Num(rng, 0, 12) + "." + Num(rng, 0, 40);
  if (Chance(rng, 0.7)) s.append(".").append(Num(rng, 0, 120));
  switch (Uniform(rng, 0, 9)) {
    case 0: s += "+dfsg"; break;
    case 1: s += "~rc" + Num(rng, 1, 4); break;
    case 2: s += Pick(rng, std::vector<std::string>{"a", "f", "k", "w"}); break;  // 1.1.1f
    case 3: s += "+ds" + Num(rng, 1, 2); break;
    case 4: s = Num(rng, 20180101, 20241231) + "." + Num(rng, 0, 3); break;
    default: break;
  }
  return s;
}

std::string DebRevision(Rng& rng) {
  switch (Uniform(rng, 0, 7)) {
    case 0: return Num(rng, 1, 12);
    case 1: return Num(rng, 1, 12) + "+deb" + Num(rng, 10, 12) + "u" + Num(rng, 1, 12);
    case 2:
      return "0ubuntu0." + Pick(rng, std::vector<std::string>{"20.04", "22.04", "24.04"}) + "." +
             Num(rng, 1, 9);
    case 3: return Num(rng, 1, 5) + "ubuntu" + Num(rng, 1, 9) + "." + Num(rng, 1, 25);
    case 4: return Num(rng, 1, 5) + "~deb" + Num(rng, 10, 12) + "u" + Num(rng, 1, 4);
    case 5: return Num(rng, 1, 9) + "+b" + Num(rng, 1, 3);
    case 6: return Num(rng, 1, 40) + "ubuntu" + Num(rng, 1, 3) + "." + Num(rng, 1, 30);
    default: return Num(rng, 1, 9) + "." + Num(rng, 1, 5);
  }
}

std::string DebVersion(Rng& rng) {
  std::string s;
  if (Chance(rng, 0.15)) s.append(Num(rng, 1, 3)).append(":");
  s += DebUpstream(rng);
  if (Chance(rng, 0.9)) s.append("-").append(DebRevision(rng));
  return s;
}

// The installed version against an advisory's fixed version: usually the same package, so the
// pair shares a prefix and differs late (revision or security suffix), as in a real scan.
std::string DebNearby(Rng& rng, const std::string& v) {
  std::string s = v;
  size_t hyphen = s.rfind('-');
  switch (Uniform(rng, 0, 4)) {
    case 0: return s;
    case 1:
      return hyphen == std::string::npos ? s + "-1" : s.substr(0, hyphen + 1) + DebRevision(rng);
    case 2: return s + "+deb12u" + Num(rng, 1, 9);
    case 3: return s + "~" + Pick(rng, std::vector<std::string>{"bpo11+1", "deb11u1", "rc1"});
    default:
      return hyphen == std::string::npos ? s + ".1" : s.substr(0, hyphen) + ".1" + s.substr(hyphen);
  }
}

// ---- RPM-shaped EVRs, as in RHSA/ALSA/RLSA, SUSE-SU, ALAS and Fedora updates ----

std::string RpmVersion(Rng& rng) {
  std::string s = Num(rng, 0, 12) + "." + Num(rng, 0, 40);
  if (Chance(rng, 0.7)) s.append(".").append(Num(rng, 0, 120));
  switch (Uniform(rng, 0, 9)) {
    case 0: s += "^git" + Num(rng, 1, 9) + "." + Num(rng, 100000, 999999); break;  // 1.0^git1
    case 1: s += "~rc" + Num(rng, 1, 4); break;
    case 2: s += Pick(rng, std::vector<std::string>{"a", "k", "l", "m"}); break;  // 1.0.2k
    default: break;
  }
  return s;
}

std::string RpmRelease(Rng& rng) {
  switch (Uniform(rng, 0, 5)) {
    case 0: return Num(rng, 1, 90) + ".el" + Num(rng, 7, 9) + "_" + Num(rng, 0, 4);
    case 1:
      return Num(rng, 1, 500) + "." + Num(rng, 1, 30) + "." + Num(rng, 1, 3) + ".el9_" +
             Num(rng, 0, 4);
    case 2:
      return "150" + Num(rng, 300, 600) + "." + Num(rng, 1, 9) + "." + Num(rng, 1, 70) + "." +
             Num(rng, 1, 3);
    case 3:
      return Num(rng, 1, 40) + ".amzn2" + Pick(rng, std::vector<std::string>{"", "023"}) + ".0." +
             Num(rng, 1, 12);
    case 4: return Num(rng, 1, 9) + ".fc" + Num(rng, 38, 41);
    default: return Num(rng, 1, 20) + ".mga" + Num(rng, 8, 9);
  }
}

std::string RpmEvr(Rng& rng) {
  std::string s;
  if (Chance(rng, 0.3)) s.append(Num(rng, 0, 2)).append(":");
  s += RpmVersion(rng);
  if (Chance(rng, 0.95)) s.append("-").append(RpmRelease(rng));
  return s;
}

std::string RpmNearby(Rng& rng, const std::string& v) {
  std::string s = v;
  size_t hyphen = s.rfind('-');
  switch (Uniform(rng, 0, 3)) {
    case 0: return s;
    case 1:
      return hyphen == std::string::npos ? s + "-1" : s.substr(0, hyphen + 1) + RpmRelease(rng);
    case 2: return s + "." + Num(rng, 1, 9);
    default:
      return hyphen == std::string::npos ? s + "~rc1"
                                         : s.substr(0, hyphen) + "^git1" + s.substr(hyphen);
  }
}

template <typename Gen, typename Near>
std::vector<Pair> MakePairs(uint64_t seed, Gen gen, Near near) {
  Rng rng(seed);
  std::vector<Pair> pairs;
  pairs.reserve(kPairs);
  while (pairs.size() < kPairs) {
    std::string a = gen(rng);
    std::string b = Chance(rng, 0.7) ? near(rng, a) : gen(rng);
    if (Chance(rng, 0.5)) std::swap(a, b);
    pairs.push_back({std::move(a), std::move(b)});
  }
  return pairs;
}

const std::vector<VersionPair>& DebPairs() {
  static const PairSet set(MakePairs(kSeed, DebVersion, DebNearby));
  return set.pairs();
}
const std::vector<VersionPair>& RpmPairs() {
  static const PairSet set(MakePairs(kSeed + 1, RpmEvr, RpmNearby));
  return set.pairs();
}

// The version part of an EVR (between the epoch's ':' and the release's '-'), for rpmvercmp.
std::string VersionPart(std::string_view evr) {
  size_t start = evr.find(':');
  start = start == std::string_view::npos ? 0 : start + 1;
  size_t end = evr.rfind('-');
  if (end == std::string_view::npos || end < start) end = evr.size();
  return std::string(evr.substr(start, end - start));
}
const std::vector<VersionPair>& RpmVersionPairs() {
  static const PairSet set([] {
    std::vector<Pair> out;
    for (const VersionPair& p : RpmPairs()) out.push_back({VersionPart(p.a), VersionPart(p.b)});
    return out;
  }());
  return set.pairs();
}

// ---- deb ----

void BM_DebOurs(benchmark::State& state) {
  const std::vector<VersionPair>& pairs = DebPairs();
  for (const VersionPair& p : pairs) {
    if (!vs::version::CompareDeb(p.a, p.b)) return state.SkipWithError("invalid generated pair");
  }
  for (auto _ : state) {
    for (const VersionPair& p : pairs) benchmark::DoNotOptimize(vs::version::CompareDeb(p.a, p.b));
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(pairs.size()));
}
BENCHMARK(BM_DebOurs);

// Validation alone (both sides), to see what share of a comparison is parsing.
void BM_DebOursValidateOnly(benchmark::State& state) {
  const std::vector<VersionPair>& pairs = DebPairs();
  for (auto _ : state) {
    for (const VersionPair& p : pairs) {
      benchmark::DoNotOptimize(vs::version::ValidateDeb(p.a));
      benchmark::DoNotOptimize(vs::version::ValidateDeb(p.b));
    }
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(pairs.size()));
}
BENCHMARK(BM_DebOursValidateOnly);

// `v` is NUL-terminated (it lives in a PairSet arena).
bool DpkgParse(std::string_view v, struct dpkg_version* out) {
  struct dpkg_error err = DPKG_ERROR_INIT;
  dpkg_version_blank(out);
  bool ok = parseversion(out, v.data(), &err) == 0 || err.type != DPKG_MSG_ERROR;
  dpkg_error_destroy(&err);
  return ok;
}

// Parsing happens outside the timed loop, so this is dpkg_version_compare() alone.
void BM_DebLibdpkgPreParsed(benchmark::State& state) {
  const std::vector<VersionPair>& pairs = DebPairs();
  std::vector<std::pair<struct dpkg_version, struct dpkg_version>> parsed(pairs.size());
  for (size_t i = 0; i < pairs.size(); ++i) {
    if (!DpkgParse(pairs[i].a, &parsed[i].first) || !DpkgParse(pairs[i].b, &parsed[i].second)) {
      state.SkipWithError("libdpkg rejected a generated version");
      return;
    }
  }
  for (auto _ : state) {
    for (const auto& [a, b] : parsed) benchmark::DoNotOptimize(dpkg_version_compare(&a, &b));
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(pairs.size()));
  nffreeall();
}
BENCHMARK(BM_DebLibdpkgPreParsed);

// What a caller holding strings pays with libdpkg: parseversion() twice, then compare.
void BM_DebLibdpkgParseAndCompare(benchmark::State& state) {
  const std::vector<VersionPair>& pairs = DebPairs();
  for (auto _ : state) {
    for (const VersionPair& p : pairs) {
      struct dpkg_version a, b;
      DpkgParse(p.a, &a);
      DpkgParse(p.b, &b);
      benchmark::DoNotOptimize(dpkg_version_compare(&a, &b));
    }
    nffreeall();  // parseversion() copies into dpkg's obstack; part of its cost.
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(pairs.size()));
}
BENCHMARK(BM_DebLibdpkgParseAndCompare);

// ---- rpm ----

void BM_RpmOursEvr(benchmark::State& state) {
  const std::vector<VersionPair>& pairs = RpmPairs();
  for (const VersionPair& p : pairs) {
    if (!vs::version::CompareRpm(p.a, p.b)) return state.SkipWithError("invalid generated pair");
  }
  for (auto _ : state) {
    for (const VersionPair& p : pairs) benchmark::DoNotOptimize(vs::version::CompareRpm(p.a, p.b));
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(pairs.size()));
}
BENCHMARK(BM_RpmOursEvr);

void BM_RpmOursValidateOnly(benchmark::State& state) {
  const std::vector<VersionPair>& pairs = RpmPairs();
  for (auto _ : state) {
    for (const VersionPair& p : pairs) {
      benchmark::DoNotOptimize(vs::version::ValidateRpm(p.a));
      benchmark::DoNotOptimize(vs::version::ValidateRpm(p.b));
    }
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(pairs.size()));
}
BENCHMARK(BM_RpmOursValidateOnly);

void BM_RpmOursVersionPart(benchmark::State& state) {
  const std::vector<VersionPair>& pairs = RpmVersionPairs();
  for (auto _ : state) {
    for (const VersionPair& p : pairs) benchmark::DoNotOptimize(vs::version::CompareRpm(p.a, p.b));
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(pairs.size()));
}
BENCHMARK(BM_RpmOursVersionPart);

void BM_RpmRpmvercmpVersionPart(benchmark::State& state) {
  const std::vector<VersionPair>& pairs = RpmVersionPairs();
  for (auto _ : state) {
    for (const VersionPair& p : pairs) benchmark::DoNotOptimize(rpmvercmp(p.a.data(), p.b.data()));
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(pairs.size()));
}
BENCHMARK(BM_RpmRpmvercmpVersionPart);

void BM_RpmLibrpmParseAndCompare(benchmark::State& state) {
  const std::vector<VersionPair>& pairs = RpmPairs();
  for (auto _ : state) {
    for (const VersionPair& p : pairs) {
      rpmver a = rpmverParse(p.a.data());
      rpmver b = rpmverParse(p.b.data());
      benchmark::DoNotOptimize(rpmverCmp(a, b));
      rpmverFree(a);
      rpmverFree(b);
    }
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(pairs.size()));
}
BENCHMARK(BM_RpmLibrpmParseAndCompare);

// Console output as usual, plus items/s per benchmark function (the mean when repeated).
class RateReporter : public benchmark::ConsoleReporter {
 public:
  explicit RateReporter(OutputOptions options) : ConsoleReporter(options) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs) {
      if (r.error_occurred) continue;
      const bool mean = r.run_type == Run::RT_Aggregate && r.aggregate_name == "mean";
      if (r.run_type == Run::RT_Aggregate && !mean) continue;
      auto it = r.counters.find("items_per_second");
      if (it == r.counters.end()) continue;
      const std::string& name = r.run_name.function_name;
      if (mean) {
        rates_[name] = it->second.value;
        has_mean_[name] = true;
      } else if (!has_mean_[name]) {
        rates_[name] = it->second.value;  // The last repetition, until a mean arrives.
      }
    }
    ConsoleReporter::ReportRuns(runs);
  }

  double Rate(const std::string& name) const {
    auto it = rates_.find(name);
    return it == rates_.end() ? 0.0 : it->second;
  }

 private:
  std::map<std::string, double> rates_;
  std::map<std::string, bool> has_mean_;
};

void PrintRatio(const RateReporter& r, const char* scheme, const char* ours, const char* theirs,
                const char* label) {
  const double a = r.Rate(ours);
  const double b = r.Rate(theirs);
  if (a <= 0 || b <= 0) return;  // Filtered out or failed.
  char line[200];
  std::snprintf(line, sizeof line, "ratio %s: %s = %.2fx (%.1fM vs %.1fM comparisons/s)\n", scheme,
                label, a / b, a / 1e6, b / 1e6);
  std::cout << line;
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  // Colour only on a terminal, so logs and pipes get plain text.
  RateReporter reporter(isatty(STDOUT_FILENO) ? benchmark::ConsoleReporter::OO_ColorTabular
                                              : benchmark::ConsoleReporter::OO_Tabular);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  PrintRatio(reporter, "deb", "BM_DebOurs", "BM_DebLibdpkgPreParsed", "ours/libdpkg(pre-parsed)");
  PrintRatio(reporter, "deb", "BM_DebOurs", "BM_DebLibdpkgParseAndCompare",
             "ours/libdpkg(parseversion+compare)");
  PrintRatio(reporter, "rpm", "BM_RpmOursVersionPart", "BM_RpmRpmvercmpVersionPart",
             "ours/rpmvercmp(version part, same strings)");
  PrintRatio(reporter, "rpm", "BM_RpmOursEvr", "BM_RpmRpmvercmpVersionPart",
             "ours(full EVR)/rpmvercmp(version part only)");
  PrintRatio(reporter, "rpm", "BM_RpmOursEvr", "BM_RpmLibrpmParseAndCompare",
             "ours/rpmverParse+rpmverCmp");
  benchmark::Shutdown();
  return 0;
}
