// RubyGems Gem::Version (RubyGems 3.3.15): table, validation, order properties and a
// differential test against Ruby via tests/version/reference/gem.rb.
#include "version/gem.h"

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

const Scheme& Gem() { return testing::SchemeFor("gem"); }

std::string ReferenceCommand() { return std::string("ruby ") + VS_REFERENCE_DIR + "/gem.rb"; }

// --- Grammar ------------------------------------------------------------------------------

// Versions from rubygems.org and GitHub/OSV RubyGems advisories.
const std::vector<std::string> kRealVersions = {
    "7.0.4.1",         "7.0.4",       "6.1.7.1",    "5.2.8.1",       "7.0.0.rc1",   "7.1.0.beta1",
    "1.13.10",         "1.13.9",      "1.14.0.rc1", "2.2.6.2",       "3.0.0.beta1", "1.6.0-java",
    "2.0.0.pre",       "1.0.0.pre.1", "4.2.11.1",   "0.9.2",         "3.2.0.alpha", "6.0.0.rc2",
    "1.10.0.pre.rc.1", "2.7.4",       "1.0.0-beta", "1.0.0-alpha.1", "1.0.0-rc.1",  "0.0.1",
    "5.0.0.racecar1",  "1.5.0.a",     "3.3.15",
};
const std::vector<std::string> kLetters = {
    "pre", "rc",   "a",       "b", "alpha", "beta", "dev", "RC", "Pre", "A",    "Z", "z",
    "x",   "java", "racecar", "B", "aa",    "ab",   "p",   "pr", "prf", "prea",  // Neighbours of
                                                                                 // the "pre" from
                                                                                 // '-'.
};
// Strings RubyGems rejects; a few go into the pairs.
const std::vector<std::string> kInvalid = {
    "a",        "1a",   ".1",     "1.",        "1..2",         "1.0-", "1-.a", "1 0",
    "1.0 beta", "1_0",  "v1.0",   "1.0+build", "1.0.\xc3\xa9", "1,0",  "-1",   "1.0.0-beta+exp",
    "1.0.",     "=1.0", "~> 1.0",
};
const std::vector<std::string> kZeros = {".0", ".0.0", ".00", ".0.0.0"};
const std::vector<std::string> kSpaces = {" ", "  ", "\v", "\f", " \f "};

std::string Letters(Rng& rng) { return Pick(rng, kLetters); }

// One '.'-separated part after the first: digits, letters, or a mix ("rc1", "0a", "b2c").
std::string Part(Rng& rng) {
  switch (Uniform(rng, 0, 6)) {
    case 0: return Letters(rng);
    case 1: return Letters(rng) + testing::Number(rng);
    case 2: return testing::Number(rng) + Letters(rng);
    case 3: return Letters(rng) + std::to_string(Uniform(rng, 0, 12)) + Letters(rng);
    default: return testing::Number(rng);
  }
}

std::string GenGem(Rng& rng) {
  if (Chance(rng, 0.15)) return Pick(rng, kRealVersions);
  if (Chance(rng, 0.01)) return Pick(rng, kInvalid);
  if (Chance(rng, 0.005)) return Chance(rng, 0.5) ? "" : " ";
  std::string v = testing::Number(rng);
  for (size_t n = Uniform(rng, 0, 4); n > 0; --n) v += "." + Part(rng);
  if (Chance(rng, 0.2)) v += Pick(rng, kZeros);
  if (Chance(rng, 0.25)) {  // Prerelease tail: '-' and '.' parts, which may contain '-'.
    v += "-" + Part(rng);
    for (size_t n = Uniform(rng, 0, 2); n > 0; --n) v += (Chance(rng, 0.6) ? "." : "-") + Part(rng);
  }
  if (Chance(rng, 0.05)) v = Pick(rng, kSpaces) + v;
  if (Chance(rng, 0.05)) v += Pick(rng, kSpaces);
  return v;
}

std::string ReplaceNumber(Rng& rng, const std::string& v) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < v.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(v[i])) &&
        (i == 0 || !std::isdigit(static_cast<unsigned char>(v[i - 1])))) {
      starts.push_back(i);
    }
  }
  if (starts.empty()) return v;
  size_t s = Pick(rng, starts);
  size_t e = s;
  while (e < v.size() && std::isdigit(static_cast<unsigned char>(v[e]))) ++e;
  std::string num = v.substr(s, e - s);
  std::string repl;
  switch (Uniform(rng, 0, 3)) {
    case 0: repl = num.size() < 9 ? std::to_string(std::stoll(num) + 1) : num + "1"; break;
    case 1: repl = "0"; break;
    case 2: repl = "0" + num; break;
    default: repl = testing::Number(rng); break;
  }
  return v.substr(0, s) + repl + v.substr(e);
}

std::string MutateGem(Rng& rng, const std::string& base) {
  std::string v = base;
  switch (Uniform(rng, 0, 11)) {
    case 0:
    case 1: return ReplaceNumber(rng, v);
    case 2:  // Trailing zeros, dropped by canonical_segments.
      return v + Pick(rng, kZeros);
    case 3:  // Prerelease markers in every spelling.
      return v + Pick(rng, std::vector<std::string>{".pre", ".rc1", "a", "-beta", ".b1", ".a",
                                                    "-rc.1", ".pre.1", "-1", ".A", "-pre"});
    case 4: {  // Insert a zero segment before the letters.
      size_t i = v.find_first_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-");
      if (i == std::string::npos || i == 0) return v + ".0.1";
      return v.substr(0, i) + (v[i - 1] == '.' ? "0." : ".0.") + v.substr(i);
    }
    case 5: {  // Change case.
      for (char& c : v) {
        if (Chance(rng, 0.5)) c = char(std::toupper(static_cast<unsigned char>(c)));
      }
      return v;
    }
    case 6: {  // Truncate at the last separator.
      size_t i = v.find_last_of(".-");
      return i == std::string::npos || i == 0 ? v : v.substr(0, i);
    }
    case 7: {  // Swap a '.' and a '-', or spell a '-' out as ".pre.".
      size_t i = v.find_last_of(".-");
      if (i == std::string::npos) return v + "-1";
      if (v[i] == '-' && Chance(rng, 0.5)) return v.replace(i, 1, ".pre.");
      v[i] = v[i] == '.' ? '-' : '.';
      return v;
    }
    case 8: return Pick(rng, kSpaces) + v + (Chance(rng, 0.5) ? Pick(rng, kSpaces) : "");
    case 9: return v + "." + Part(rng);
    case 10: return Chance(rng, 0.15) ? Pick(rng, kInvalid) : v + "." + Letters(rng);
    default: return GenGem(rng);
  }
}

// --- Tests --------------------------------------------------------------------------------

// RubyGems test/rubygems/test_gem_version.rb (test_spaceship, test_semver, test_canonical_segments,
// ...) and versions from advisories. Every row is also checked against Ruby in
// TableAgreesWithRuby.
const std::vector<Case> kTable = {
    {"1.0", "1.0.0", 0},
    {"1.0", "1.0.a", 1},
    {"1.8.2", "0.0.0", 1},
    {"1.8.2", "1.8.2.a", 1},
    {"1.8.2.b", "1.8.2.a", 1},
    {"1.8.2.a", "1.8.2", -1},
    {"1.8.2.a10", "1.8.2.a9", 1},
    {"", "0", 0},  // An empty version is "0".
    {"   ", "0.0", 0},
    {"0.beta.1", "0.0.beta.1", 0},
    {"0.0.beta", "0.0.beta.1", -1},
    {"0.0.beta", "0.beta.1", -1},
    {"5.a", "5.0.0.rc2", -1},
    {"5.x", "5.0.0.rc2", 1},
    {"1.9.3", "1.9.3", 0},
    {"1.0.0-alpha", "1.0.0-alpha.1", -1},  // test_semver
    {"1.0.0-alpha.1", "1.0.0-beta.2", -1},
    {"1.0.0-beta.2", "1.0.0-beta.11", -1},
    {"1.0.0-beta.11", "1.0.0-rc.1", -1},
    {"1.0.0-rc1", "1.0.0", -1},
    {"1.0.0-1", "1", -1},
    // Prerelease spellings: any letter makes a string segment, which sorts before numbers.
    {"1.0.0.pre", "1.0.0.rc1", -1},
    {"1.0.0.pre", "1.0.0", -1},
    {"1.0a", "1.0.a", 0},
    {"1.0.b1", "1.0.b.1", 0},
    {"1.0.0-beta", "1.0.0.beta", 1},  // '-' becomes ".pre.": [1, "pre", "beta"] vs [1, "beta"].
    {"1.0.0-beta", "1.0.0.pre.beta", 0},
    {"1.0-pre", "1.0.pre.pre", 0},
    {"1--", "1.pre.pre", 0},
    {"1.0.0.RC1", "1.0.0.rc1", -1},  // Byte order: "RC" < "rc".
    {"1.0.0.Z", "1.0.0.a", -1},
    {"1.a", "1", -1},
    {"1.a", "1.0.0.1", -1},
    // Trailing zeros are dropped from the numeric prefix and from the rest separately.
    {"1.0.0.a.0", "1.a", 0},
    {"1.0.a.0.0", "1.0.0.a", 0},
    {"1.a.0.b", "1.a.b", 1},
    {"1.a.0.1", "1.a.1", -1},
    {"1.0.0.1.a", "1.0.a", 1},
    // Numbers: leading zeros ignored, any length.
    {"01", "1", 0},
    {"1.01", "1.1", 0},
    {"1.0010", "1.10", 0},
    {"1.12345678901234567890", "1.12345678901234567891", -1},
    {"99999999999999999999999", "100000000000000000000000", -1},
    // Surrounding whitespace is stripped.
    {" 1.0 ", "1.0", 0},
    {"\v1\f", "1", 0},
    {"\t1.2\n", "1.2", 0},
    // Advisories (GitHub Security Advisories for rails, nokogiri, rack).
    {"7.0.4.1", "7.0.4", 1},  // CVE-2023-22795 (actionpack) fix
    {"6.1.7.1", "6.1.7", 1},
    {"5.2.8.1", "5.2.8", 1},
    {"7.0.0.rc1", "7.0.0", -1},
    {"7.1.0.beta1", "7.0.4.1", 1},
    {"1.13.9", "1.13.6", 1},  // nokogiri, GHSA-2qc6-mcvw-92cw fixed in 1.13.9
    {"1.13.10", "1.13.9", 1},
    {"1.14.0.rc1", "1.14.0", -1},
    {"1.14.0.rc1", "1.13.10", 1},
    {"2.2.6.2", "2.2.6.10", -1},  // rack
    {"3.0.0.beta1", "2.2.6.2", 1},
    {"1.6.0-java", "1.6.0", -1},
    {"1.10.0.pre.rc.1", "1.10.0.rc.1", -1},
};

TEST(GemCompare, TableFromRubyGemsTestsAndAdvisories) {
  EXPECT_EQ(testing::CheckTable(Gem(), kTable), "");
}

TEST(GemCompare, TableAgreesWithRuby) {
  std::vector<testing::Pair> pairs;
  for (const Case& c : kTable) {
    std::string a = c.a, b = c.b;
    // The reference reads tab-separated lines; those rows are checked by the table alone.
    if (a.find_first_of("\t\n") != std::string::npos ||
        b.find_first_of("\t\n") != std::string::npos) {
      continue;
    }
    pairs.push_back({a, b});
  }
  Result<std::vector<std::string>> ref = testing::RunReference(ReferenceCommand(), pairs);
  ASSERT_TRUE(ref) << ref.error().message;
  testing::DiffReport report = testing::Differential(Gem(), pairs, *ref);
  EXPECT_EQ(report.disagreements, 0u) << report.sample;
  EXPECT_EQ(report.valid_pairs, pairs.size());
}

TEST(GemValidate, RejectsMalformedVersions) {
  struct Bad {
    std::string v;
    const char* reason;
  };
  const std::vector<Bad> bad = {
      {"a", "start with a digit"},
      {"v1.0", "start with a digit"},
      {".1", "start with a digit"},
      {"-1", "start with a digit"},
      {"=1.0", "start with a digit"},
      {"1a", "letters may only follow"},
      {"1.", "'.' must be followed"},
      {"1..2", "'.' must be followed"},
      {"1.0.", "'.' must be followed"},
      {"1.0-", "'-' or '.' must be followed"},
      {"1-.a", "'-' or '.' must be followed"},
      {"1.0-a.", "'-' or '.' must be followed"},
      {"1 0", "whitespace"},
      {"1.0 beta", "whitespace"},
      {"1_0", "unexpected character '_'"},
      {"1.0+build", "unexpected character '+'"},
      {"1.0.0-beta+exp", "unexpected character '+'"},
      {"1,0", "unexpected character ','"},
      {"1.0.\xc3\xa9", "'.' must be followed"},
      {std::string("1.0\0", 4), "unexpected character"},
  };
  for (const Bad& b : bad) {
    Status s = ValidateGem(b.v);
    ASSERT_FALSE(s) << "accepted \"" << b.v << "\"";
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(s.error().message.find(b.reason), std::string::npos) << s.error().message;
    Result<int> r = CompareGem("1.0", b.v);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message.rfind("right: ", 0), 0u) << r.error().message;
    Result<int> l = CompareGem(b.v, "1.0");
    ASSERT_FALSE(l);
    EXPECT_EQ(l.error().message.rfind("left: ", 0), 0u) << l.error().message;
  }
}

TEST(GemValidate, AcceptsWhatRubyGemsAccepts) {
  for (const char* v : {"", " ", "\t\n", "0", "1--", "1.0-a-b", "1.0-a.b-c", "0001", "1.0.0.0.0.0",
                        "1.0a", "1.a1b2", "1-1", " 1.0 ", "1.0.0-beta.11"}) {
    EXPECT_TRUE(ValidateGem(v)) << "\"" << v << "\"";
  }
}

TEST(GemCompare, ManySegmentsCompareWithoutLimits) {
  std::string a = "1";
  for (int i = 0; i < 500; ++i) a += i % 5 == 0 ? ".a" : ".0";
  std::string b = a + ".1";
  EXPECT_EQ(*CompareGem(a, b), -1);
  EXPECT_EQ(*CompareGem(b, a), 1);
  EXPECT_EQ(*CompareGem(a + ".0.0", a), 0);
  std::string huge = "1." + std::string(300, '9');
  EXPECT_EQ(*CompareGem(huge, huge + "9"), -1);
}

TEST(GemCompare, OrderProperties) {
  EXPECT_EQ(testing::CheckOrderProperties(Gem(), 20000, testing::TestSeed(), GenGem, MutateGem),
            "");
}

TEST(GemCompare, AgreesWithRubyGems3315) {
  std::vector<testing::Pair> pairs =
      testing::GeneratePairs(25000, testing::TestSeed(), GenGem, MutateGem);
  Result<std::vector<std::string>> ref = testing::RunReference(ReferenceCommand(), pairs);
  ASSERT_TRUE(ref) << ref.error().message;
  testing::DiffReport report = testing::Differential(Gem(), pairs, *ref);
  size_t less = 0, equal = 0, greater = 0;
  for (const std::string& r : *ref) {
    less += r == "-1";
    equal += r == "0";
    greater += r == "1";
  }
  std::printf("gem differential: %zu pairs, %zu valid (%zu <, %zu =, %zu >), %zu disagreements\n",
              report.compared, report.valid_pairs, less, equal, greater, report.disagreements);
  EXPECT_EQ(report.compared, pairs.size());
  EXPECT_EQ(report.disagreements, 0u) << report.sample;
  EXPECT_GT(report.valid_pairs, pairs.size() * 8 / 10);
  EXPECT_LT(report.valid_pairs, pairs.size());  // Some malformed strings were exercised.
}

}  // namespace
}  // namespace vs::version
