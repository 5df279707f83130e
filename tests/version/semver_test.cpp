// SemVer 2.0.0 ordering as node-semver's semver.compare() implements it: table, validation,
// order properties and a differential run against the pinned npm package.
#include "version/semver.h"

#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/version/testing.h"

namespace vs::version {
namespace {

using testing::Case;
using testing::Chance;
using testing::Pick;
using testing::Rng;
using testing::Uniform;

const Scheme& Semver() { return testing::SchemeFor("semver"); }

// Each version is strictly smaller than the next.
std::vector<Case> Ascending(const std::vector<const char*>& sorted) {
  std::vector<Case> cases;
  for (size_t i = 1; i < sorted.size(); ++i) {
    cases.push_back({sorted[i - 1], sorted[i], -1});
    cases.push_back({sorted[0], sorted[i], -1});
  }
  return cases;
}

TEST(SemverCompare, SpecPrecedenceExamples) {
  // semver.org 2.0.0 §11.2 and §11.4.
  EXPECT_EQ(testing::CheckTable(Semver(), Ascending({"1.0.0", "2.0.0", "2.1.0", "2.1.1"})), "");
  EXPECT_EQ(
      testing::CheckTable(
          Semver(), Ascending({"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                               "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0"})),
      "");
}

TEST(SemverCompare, IdentifierRules) {
  std::string diff = testing::CheckTable(
      Semver(), {
                    // §10: build metadata is ignored (its own examples).
                    {"1.0.0-alpha+001", "1.0.0-alpha", 0},
                    {"1.0.0+20130313144700", "1.0.0", 0},
                    {"1.0.0-beta+exp.sha.5114f85", "1.0.0-beta+other", 0},
                    {"1.0.0+21AF26D3----117B344092BD", "1.0.0", 0},
                    // §11.4.1-3: numeric < alphanumeric; "0a" and "-" are alphanumeric.
                    {"1.0.0-0", "1.0.0-0a", -1},
                    {"1.0.0-999", "1.0.0--", -1},
                    {"1.0.0-9", "1.0.0-10", -1},
                    // Alphanumeric identifiers compare in ASCII order: upper case and '-' first.
                    {"1.0.0-Alpha", "1.0.0-alpha", -1},
                    {"1.0.0--", "1.0.0-0-", -1},
                    {"1.0.0-a", "1.0.0-a-b", -1},
                    {"1.0.0-a-b", "1.0.0-a.b", 1},
                    {"1.0.0-rc.1", "1.0.0-rc1", -1},
                    // Numbers compare numerically in every part.
                    {"1.10.0", "1.9.0", 1},
                    {"10.0.0", "9.99.99", 1},
                    {"0.0.0-0", "0.0.0", -1},
                    // node-semver's strict parser also takes one 'v' and surrounding whitespace,
                    // including JavaScript-only whitespace such as U+FEFF.
                    {"v1.2.3", "1.2.3", 0},
                    {" 1.2.3\t", "1.2.3", 0},
                    {"\xEF\xBB\xBF"
                     "1.2.3\xC2\xA0",
                     "v1.2.3", 0},
                });
  EXPECT_EQ(diff, "");
}

TEST(SemverCompare, NumbersAroundTwoToTheFiftyThree) {
  std::string diff = testing::CheckTable(
      Semver(), {
                    // MAJOR, MINOR and PATCH stop at Number.MAX_SAFE_INTEGER = 2^53 - 1.
                    {"9007199254740991.0.0", "9007199254740990.0.0", 1},
                    {"0.0.9007199254740991", "0.1.0", -1},
                    // Pre-release numbers stay exact below 2^53.
                    {"1.0.0-9007199254740991", "1.0.0-9007199254740990", 1},
                    {"1.0.0-9007199254740992", "1.0.0-9007199254740991", 1},
                    {"1.0.0-99999999999999999999", "1.0.0-9007199254740992", 1},
                    {"1.0.0-99999999999999999999", "1.0.0-a", -1},
                    {"1.0.0-9007199254740994", "1.0.0-9007199254740992", 1},
                    // Quirk: above 2^53 node-semver compares numeric identifiers as doubles, so
                    // different ones can be equal, and then later identifiers are never looked at.
                    {"1.0.0-9007199254740993", "1.0.0-9007199254740992", 0},
                    {"1.0.0-9007199254740993.a", "1.0.0-9007199254740992.b", 0},
                    {"1.0.0-18446744073709551615", "1.0.0-18446744073709551616", 0},
                    // ... but an identical identifier is skipped as usual.
                    {"1.0.0-9007199254740993.a", "1.0.0-9007199254740993.b", -1},
                });
  EXPECT_EQ(diff, "");
}

TEST(SemverCompare, AdvisoryVersions) {
  std::string diff = testing::CheckTable(
      Semver(), {
                    // lodash GHSA-35jh-r3h4-6jhm (CVE-2021-23337): fixed in 4.17.21.
                    {"4.17.20", "4.17.21", -1},
                    {"4.17.9", "4.17.21", -1},
                    // semver GHSA-c2qf-rxjj-qqgw (CVE-2022-25883): fixed in 7.5.2, 6.3.1 and 5.7.2.
                    {"7.5.1", "7.5.2", -1},
                    {"6.3.0", "6.3.1", -1},
                    {"7.0.0-rc.1", "7.0.0", -1},
                    // Next.js GHSA-f82v-jwr5-mffw (CVE-2025-29927): fixed in 14.2.25 and 15.2.3;
                    // canary builds are pre-releases of the next patch.
                    {"15.2.3-canary.0", "15.2.3", -1},
                    {"15.2.2", "15.2.3-canary.0", -1},
                    {"15.2.3-canary.10", "15.2.3-canary.9", 1},
                    {"14.2.25", "15.0.0-rc.0", -1},
                    // crates.io: openssl-src carries the bundled OpenSSL release as build metadata.
                    {"300.1.3+3.1.2", "300.1.3+3.1.4", 0},
                    {"111.25.0+1.1.1t", "300.0.12+3.0.8", -1},
                });
  EXPECT_EQ(diff, "");
}

TEST(SemverValidate, AcceptsStrictSemverWithNodeSemverExtras) {
  for (const char* v : {"0.0.0", "1.2.3", "v1.2.3", "1.2.3-0", "1.2.3-0a.b-c.--", "1.2.3+001",
                        "1.2.3-rc.1+build.5", "9007199254740991.9007199254740991.0",
                        "1.2.3-99999999999999999999999", " \v1.2.3\xE3\x80\x80"}) {
    EXPECT_TRUE(ValidateSemver(v)) << v;
  }
  // MAX_LENGTH counts UTF-16 units of the untrimmed string: U+3000 is three bytes, one unit.
  std::string at_limit = "1.0.0-" + std::string(250, 'a');
  EXPECT_TRUE(ValidateSemver(at_limit));
  EXPECT_TRUE(ValidateSemver("1.0.0-" + std::string(249, 'a') + "\xE3\x80\x80"));
}

TEST(SemverValidate, RejectsWithReason) {
  struct Bad {
    std::string v;
    const char* reason;
  };
  const std::vector<Bad> bad = {
      {"", "empty version"},
      {"  ", "empty version"},
      {"1", "expected three numbers"},
      {"1.0", "expected three numbers"},
      {"1.0.0.0", "unexpected character"},
      {"1..0", "expected the minor number"},
      {"01.0.0", "leading zero in the major number"},
      {"1.01.0", "leading zero in the minor number"},
      {"1.0.00", "leading zero in the patch number"},
      {"1.0.0-", "empty pre-release identifier"},
      {"1.0.0-a..b", "empty pre-release identifier"},
      {"1.0.0-a.", "empty pre-release identifier"},
      {"1.0.0-01", "leading zero in a numeric pre-release identifier"},
      {"1.0.0-rc.00", "leading zero in a numeric pre-release identifier"},
      {"1.0.0+", "empty build identifier"},
      {"1.0.0+a..b", "empty build identifier"},
      {"1.0.0-alpha_beta", "unexpected character"},
      {"1.0.0+build+2", "unexpected character"},
      {"1.0.0 -alpha", "unexpected character"},
      // Only strict FULLPLAIN's `v?`: "=", "V" and "v v" are loose-mode forms.
      {"=1.0.0", "expected the major number"},
      {"V1.0.0", "expected the major number"},
      {"vv1.0.0", "expected the major number"},
      {"v 1.0.0", "expected the major number"},
      {"9007199254740992.0.0", "major number above 2^53-1"},
      {"0.99999999999999999999.0", "minor number above 2^53-1"},
      {"0.0.9007199254740992", "patch number above 2^53-1"},
      {"1.0.0-\xC3\xA9", "empty pre-release identifier"},
      // \x1c and U+0085 are not JavaScript whitespace (Python's \s would strip them).
      {"\x1c"
       "1.0.0",
       "expected the major number"},
      {"1.0.0\xC2\x85", "unexpected character"},
      {"1.0.0-" + std::string(251, 'a'), "longer than 256 characters"},
      {" " + std::string("1.0.0-") + std::string(250, 'a'), "longer than 256 characters"},
  };
  for (const Bad& b : bad) {
    Status s = ValidateSemver(b.v);
    ASSERT_FALSE(s) << b.v;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidInput) << b.v;
    EXPECT_NE(s.error().message.find(b.reason), std::string::npos)
        << b.v << ": " << s.error().message;
    Result<int> r = CompareSemver(b.v, "1.0.0");
    ASSERT_FALSE(r) << b.v;
    EXPECT_EQ(r.error().message.rfind("left: ", 0), 0u) << r.error().message;
  }
}

// ---- Grammar for generated tests -------------------------------------------------------------

// Above 2^53 node-semver compares numeric pre-release identifiers as doubles; distinct
// identifiers that round to the same double compare equal and break transitivity (see
// NumbersAroundTwoToTheFiftyThree). The differential grammar provokes exactly that; the
// order-property grammar keeps such identifiers apart so that the laws hold.
struct Grammar {
  bool double_collisions;

  std::string NearMaxSafe(Rng& rng) const {
    static const std::vector<std::string> kColliding = {
        "9007199254740990",     "9007199254740991",      "9007199254740992",
        "9007199254740993",     "9007199254740994",      "9007199254740995",
        "18014398509481984",    "18014398509481985",     "18014398509481986",
        "99999999999999999999", "100000000000000000000", "100000000000000000001",
        "18446744073709551615", "18446744073709551616"};
    // Each rounds to a different double.
    static const std::vector<std::string> kDistinct = {
        "9007199254740990",  "9007199254740991",      "9007199254740992",    "9007199254740994",
        "18014398509481984", "100000000000000000000", "18446744073709551616"};
    return Pick(rng, double_collisions ? kColliding : kDistinct);
  }

  std::string MainNumber(Rng& rng) const {
    size_t pick = Uniform(rng, 0, 99);
    if (pick == 0) return "0" + std::to_string(Uniform(rng, 0, 9));  // leading zero: invalid
    if (pick <= 2) return NearMaxSafe(rng);
    if (pick <= 3) return testing::Number(rng);
    if (pick <= 12) return std::to_string(Uniform(rng, 10, 99999));
    return std::to_string(Uniform(rng, 0, 12));
  }

  std::string PreId(Rng& rng) const {
    static const std::vector<std::string> kWords = {"alpha", "beta", "rc",       "Alpha", "RC",
                                                    "a",     "b",    "x",        "pre",   "canary",
                                                    "next",  "dev",  "SNAPSHOT", "z"};
    static const std::vector<std::string> kMixed = {"0a",     "1a",     "a1",  "a-1", "x-y",
                                                    "-",      "--",     "-1",  "0-",  "00a",
                                                    "alpha1", "beta-2", "rc1", "1-0", "0x10"};
    switch (Uniform(rng, 0, 21)) {
      case 0: return Chance(rng, 0.5) ? "0" + std::to_string(Uniform(rng, 0, 20)) : "";  // invalid
      case 1:
      case 2:
      case 3: return NearMaxSafe(rng);
      case 4: return testing::Number(rng);
      case 5:
      case 6:
      case 7: return Pick(rng, kMixed);
      case 8:
      case 9:
      case 10:
      case 11:
      case 12:
      case 13: return Pick(rng, kWords);
      default: return std::to_string(Uniform(rng, 0, 12));
    }
  }

  std::string BuildId(Rng& rng) const {
    static const std::vector<std::string> kBuild = {
        "build", "001", "exp", "sha", "5114f85", "20130313144700", "a-b", "-", "Z", "1"};
    return Chance(rng, 0.03) ? std::string() : Pick(rng, kBuild);
  }

  std::string Version(Rng& rng) const {
    static const std::vector<std::string> kGarbage = {"",
                                                      " ",
                                                      "1",
                                                      "1.0",
                                                      "1.0.0.0",
                                                      "01.0.0",
                                                      "1.0.0-",
                                                      "1.0.0-a..b",
                                                      "1.0.0+",
                                                      "=1.0.0",
                                                      "V1.0.0",
                                                      "vv1.0.0",
                                                      "1.0.0 -alpha",
                                                      "1.0.0-alpha_beta",
                                                      "latest",
                                                      "*",
                                                      "^1.0.0",
                                                      "~1.0.0",
                                                      ">=1.0.0",
                                                      "1.x.0",
                                                      "1.0.0beta",
                                                      "1.0.0-+",
                                                      "-1.0.0",
                                                      "1.-1.0",
                                                      "1.0.0-rc.1+",
                                                      "v",
                                                      "1.0.0\xC2\x85",
                                                      "\x1c"
                                                      "1.0.0"};
    static const std::vector<std::string> kSpaces = {" ",
                                                     "  ",
                                                     "\v",
                                                     "\f",
                                                     "\xC2\xA0",
                                                     "\xE3\x80\x80",
                                                     "\xEF\xBB\xBF",
                                                     "\xE2\x80\xA8",
                                                     "\xE2\x80\x8A",
                                                     "\x1c" /* not JS whitespace */,
                                                     "\xC2\x85" /* not JS whitespace */};
    if (Chance(rng, 0.04)) return Pick(rng, kGarbage);
    std::string v;
    if (Chance(rng, 0.05)) v += Pick(rng, kSpaces);
    if (Chance(rng, 0.12)) v += "v";
    if (Chance(rng, 0.01)) v += Pick(rng, std::vector<std::string>{"V", "=", "v", " "});
    v += MainNumber(rng) + "." + MainNumber(rng) + "." + MainNumber(rng);
    bool has_pre = Chance(rng, 0.55);
    if (has_pre) {
      v += "-" + PreId(rng);
      for (size_t n = Uniform(rng, 0, 3); n > 0; --n) v += "." + PreId(rng);
    }
    if (Chance(rng, 0.02)) {
      // Lengths around node-semver's MAX_LENGTH of 256 UTF-16 units.
      size_t target = Uniform(rng, 250, 262);
      size_t used = v.size() + 1;
      if (used < target) v += (has_pre ? "." : "-") + std::string(target - used, 'z');
    }
    if (Chance(rng, 0.25)) {
      v += "+" + BuildId(rng);
      for (size_t n = Uniform(rng, 0, 2); n > 0; --n) v += "." + BuildId(rng);
    }
    if (Chance(rng, 0.05)) v += Pick(rng, kSpaces);
    return v;
  }

  std::string Mutate(Rng& rng, const std::string& base) const {
    std::string v = base;
    switch (Uniform(rng, 0, 10)) {
      case 0:
      case 1: {  // Change one number.
        std::vector<std::pair<size_t, size_t>> runs;
        for (size_t i = 0; i < v.size();) {
          size_t j = i;
          while (j < v.size() && std::isdigit(static_cast<unsigned char>(v[j]))) ++j;
          if (j > i) runs.push_back({i, j - i});
          i = j > i ? j : i + 1;
        }
        if (runs.empty()) return v + ".1";
        auto [at, len] = runs[Uniform(rng, 0, runs.size() - 1)];
        std::string run = v.substr(at, len);
        std::string repl;
        if (len >= 16 || Chance(rng, 0.15)) {
          repl = NearMaxSafe(rng);
        } else if (Chance(rng, 0.7)) {
          repl = std::to_string(std::stoull(run) + 1);
        } else {
          repl = Chance(rng, 0.7) ? "0" : "0" + run;
        }
        return v.replace(at, len, repl);
      }
      case 2:
      case 3: {  // Add or drop a pre-release identifier.
        size_t plus = v.find('+');
        std::string head = v.substr(0, plus);
        std::string tail = plus == std::string::npos ? "" : v.substr(plus);
        if (Chance(rng, 0.4)) {
          size_t cut = head.find_last_of(".-");
          if (cut != std::string::npos && head.find('-') != std::string::npos) {
            return head.substr(0, cut) + tail;
          }
        }
        return head + (head.find('-') == std::string::npos ? "-" : ".") + PreId(rng) + tail;
      }
      case 4:  // Add, change or drop build metadata.
        if (size_t plus = v.find('+'); plus != std::string::npos && Chance(rng, 0.5)) {
          return v.substr(0, plus);
        }
        return v.substr(0, v.find('+')) + "+" + BuildId(rng);
      case 5: {  // Flip the case of one letter.
        std::vector<size_t> letters;
        for (size_t i = 0; i < v.size(); ++i)
          if (std::isalpha(static_cast<unsigned char>(v[i]))) letters.push_back(i);
        if (letters.empty()) return v;
        size_t i = letters[Uniform(rng, 0, letters.size() - 1)];
        v[i] = char(v[i] ^ 0x20);
        return v;
      }
      case 6:  // 'v' prefix or whitespace.
        if (Chance(rng, 0.5)) return v.starts_with("v") ? v.substr(1) : "v" + v;
        return Chance(rng, 0.5) ? " " + v : v + "\xC2\xA0";
      case 7: {  // Insert a stray character or truncate.
        if (Chance(rng, 0.5)) return v.substr(0, Uniform(rng, 0, v.size()));
        std::string stray(1, "-.+0aAv= _"[Uniform(rng, 0, 9)]);
        return v.insert(Uniform(rng, 0, v.size()), stray);
      }
      case 8: {  // Swap the first two pre-release identifiers.
        size_t dash = v.find('-');
        size_t dot = v.find('.', dash == std::string::npos ? v.size() : dash);
        size_t end = v.find_first_of(".+", dot == std::string::npos ? v.size() : dot + 1);
        if (dash == std::string::npos || dot == std::string::npos) return v;
        if (end == std::string::npos) end = v.size();
        return v.substr(0, dash + 1) + v.substr(dot + 1, end - dot - 1) + "." +
               v.substr(dash + 1, dot - dash - 1) + v.substr(end);
      }
      case 9:  // Make a huge numeric identifier the next pre-release identifier.
        return v.substr(0, v.find('+')) + (v.find('-') == std::string::npos ? "-" : ".") +
               NearMaxSafe(rng);
      default:  // Replace the pre-release entirely.
        return v.substr(0, v.find_first_of("-+")) + "-" + PreId(rng) + "." + PreId(rng);
    }
  }
};

TEST(SemverCompare, OrderPropertiesHoldOnGeneratedVersions) {
  Grammar g{.double_collisions = false};
  std::string violations = testing::CheckOrderProperties(
      Semver(), 20000, testing::TestSeed(), [&](Rng& rng) { return g.Version(rng); },
      [&](Rng& rng, const std::string& base) { return g.Mutate(rng, base); });
  EXPECT_EQ(violations, "");
}

TEST(SemverCompare, AgreesWithNodeSemver) {
  // The script loads tests/harness/node_modules/semver relative to its own location.
  const std::string command = std::string("node '") + VS_REFERENCE_DIR + "/semver.mjs'";
  Grammar g{.double_collisions = true};
  std::vector<testing::Pair> pairs = testing::GeneratePairs(
      25000, testing::TestSeed(), [&](Rng& rng) { return g.Version(rng); },
      [&](Rng& rng, const std::string& base) { return g.Mutate(rng, base); });
  Result<std::vector<std::string>> reference = testing::RunReference(command, pairs);
  ASSERT_TRUE(reference) << reference.error().message;
  testing::DiffReport report = testing::Differential(Semver(), pairs, *reference);
  EXPECT_EQ(report.compared, pairs.size());
  EXPECT_EQ(report.disagreements, 0u) << report.sample;
  EXPECT_GT(report.valid_pairs, pairs.size() / 2) << "too few pairs valid on both sides";
  std::printf("semver: %zu pairs, %zu valid on both sides, %zu disagreements\n", report.compared,
              report.valid_pairs, report.disagreements);
}

}  // namespace
}  // namespace vs::version
