// Go has no reference implementation on this machine, so these are table tests drawn from
// golang.org/x/mod/semver/semver_test.go, the Go Modules Reference ("Versions",
// "Pseudo-versions", "+incompatible") with x/mod/module/pseudo.go, and real OSV Go advisories,
// plus validation and order-property tests.
#include "version/go.h"

#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/version/testing.h"

namespace vs::version {
namespace {

using testing::Case;
using testing::Chance;
using testing::CheckOrderProperties;
using testing::CheckTable;
using testing::Number;
using testing::Pick;
using testing::Rng;
using testing::SchemeFor;
using testing::TestSeed;
using testing::Uniform;

const Scheme& Go() { return SchemeFor("go"); }

// Builds every pair of a chain of groups: versions in one group are equal, groups ascend.
std::vector<Case> ChainCases(const std::vector<std::vector<const char*>>& groups) {
  std::vector<Case> cases;
  for (size_t i = 0; i < groups.size(); ++i) {
    for (size_t j = i; j < groups.size(); ++j) {
      for (const char* a : groups[i])
        for (const char* b : groups[j]) cases.push_back({a, b, i == j ? 0 : -1});
    }
  }
  return cases;
}

TEST(GoCompare, SemverTestOrdering) {
  // The valid rows of x/mod semver_test.go `tests`, which TestCompare checks pairwise: listed in
  // ascending order, rows with the same canonical form are equal.
  const std::vector<Case> cases = ChainCases({
      {"v1.0.0-alpha"},
      {"v1.0.0-alpha.1"},
      {"v1.0.0-alpha.beta"},
      {"v1.0.0-beta"},
      {"v1.0.0-beta.2"},
      {"v1.0.0-beta.11"},
      {"v1.0.0-rc.1"},
      {"v1", "v1.0", "v1.0.0"},
      {"v1.2", "v1.2.0"},
      {"v1.2.3-456"},
      {"v1.2.3-456.789"},
      {"v1.2.3-456-789"},
      {"v1.2.3-456a"},
      {"v1.2.3-pre", "v1.2.3-pre+meta"},
      {"v1.2.3-pre.1"},
      {"v1.2.3-zzz"},
      {"v1.2.3", "v1.2.3+meta", "v1.2.3+meta-pre", "v1.2.3+meta-pre.sha.256a"},
  });
  EXPECT_EQ(CheckTable(Go(), cases), "");
}

TEST(GoCompare, NumbersCompareNumerically) {
  // x/mod compareInt orders by length, then digits, so there is no upper bound. (One stored
  // copy of semver.go/semver_test.go compares lexically and expects v1.19 < v1.2; upstream
  // x/mod and SemVer say v1.19 > v1.2.)
  const std::vector<Case> cases = {
      {"v1", "v1", 0},
      {"v2", "v1", 1},
      {"v1", "v2", -1},
      {"v1.19", "v1.2", 1},
      {"v1.2.10", "v1.2.9", 1},
      {"v10.0.0", "v9.99.99", 1},
      {"v1.99999999999999999999.0", "v1.100000000000000000000.0", -1},
      {"v123456789012345678901234567890.0.0", "v123456789012345678901234567890.0.0", 0},
      {"v1.0.0-99999999999999999999", "v1.0.0-100000000000000000000", -1},
      {"v1.0.0-10", "v1.0.0-9", 1},
      {"v1.0.0-a10", "v1.0.0-a9", -1},  // Alphanumeric identifiers compare bytewise.
      {"v1.0.0-B", "v1.0.0-a", -1},     // ... and case-sensitively.
  };
  EXPECT_EQ(CheckTable(Go(), cases), "");
}

TEST(GoCompare, PseudoVersionsOrderAsPrereleases) {
  // Go Modules Reference "Pseudo-versions" and x/mod/module/pseudo.go: form (1)
  // vX.0.0-yyyymmddhhmmss-abcdef123456 sorts below every tagged vX version, including v0.0.0;
  // form (2) vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdef123456 sorts above vX.Y.Z and below any
  // prerelease of vX.Y.(Z+1) thanks to the leading 0; form (4) vX.Y.Z-pre.0.yyyymmddhhmmss-…
  // sorts above vX.Y.Z-pre. Timestamps order pseudo-versions of one base chronologically.
  const std::vector<Case> cases = ChainCases({
      {"v0.0.0-20191109021931-daa7c04131f5", "0.0.0-20191109021931-daa7c04131f5"},
      {"v0.0.0-20200101000000-abcdef123456"},
      {"v0.0.0", "0.0.0"},
      {"v0.1.0"},
      {"v1.2.3"},
      {"v1.2.4-0.20191109021931-daa7c04131f5"},
      {"v1.2.4-0.20201109021931-000000000000"},
      {"v1.2.4-1"},
      {"v1.2.4-alpha"},
      {"v1.2.4-pre"},
      {"v1.2.4-pre.0.20191109021931-daa7c04131f5"},
      {"v1.2.4-pre.1"},
      {"v1.2.4-rc1"},
      {"v1.2.4"},
  });
  EXPECT_EQ(CheckTable(Go(), cases), "");
}

TEST(GoCompare, IncompatibleIsBuildMetadata) {
  // Go Modules Reference "Compatibility with non-module repositories": +incompatible marks a
  // v2+ version without go.mod; as SemVer build metadata it is ignored for ordering.
  const std::vector<Case> cases = {
      {"v2.0.0+incompatible", "v2.0.0", 0},
      {"2.0.0+incompatible", "v2.0.0", 0},
      {"v2.3.5-0.20200101000000-abcdef123456+incompatible", "v2.3.4+incompatible", 1},
      {"v2.3.5-0.20200101000000-abcdef123456+incompatible", "v2.3.5+incompatible", -1},
      {"20.10.24+incompatible", "20.10.9+incompatible", 1},  // github.com/docker/docker.
      {"v1.0.0+a", "v1.0.0+b", 0},
  };
  EXPECT_EQ(CheckTable(Go(), cases), "");
}

TEST(GoCompare, OsvVersionsWithoutV) {
  // OSV Go advisories write versions without the 'v' (vuln.go.dev); the Go toolchain ones use
  // "-0" to mean "the first prerelease" (e.g. introduced "1.21.0-0").
  const std::vector<Case> cases = {
      {"1.20.5", "v1.20.5", 0},
      {"1.20.5", "1.20.10", -1},
      {"1.21.0-0", "1.21.0-rc.1", -1},
      {"1.21.0-0", "1.20.99", 1},
      {"1.21.0-rc.2", "1.21.0", -1},
      {"0.0.0-20220906165146-f3363e06e74c", "0.7.0", -1},  // golang.org/x/net GO-2022-0969.
      {"0.0.0-20220906165146-f3363e06e74c", "v0.0.0-20220722155237-a158d28d115b", 1},
      {"0.17.0", "0.7.0", 1},
      {"1", "1.0.0", 0},
      {"1.2", "v1.2.0", 0},
  };
  EXPECT_EQ(CheckTable(Go(), cases), "");
}

struct Invalid {
  const char* version;
  const char* reason;
};

TEST(GoValidate, RejectsWithReason) {
  // Invalid rows of x/mod semver_test.go plus the grammar's corners.
  const Invalid cases[] = {
      {"bad", "expected a major version number"},
      {"v1-alpha.beta.gamma", "prerelease or build needs MAJOR.MINOR.PATCH"},
      {"v1-pre", "prerelease or build needs MAJOR.MINOR.PATCH"},
      {"v1+meta", "prerelease or build needs MAJOR.MINOR.PATCH"},
      {"v1-pre+meta", "prerelease or build needs MAJOR.MINOR.PATCH"},
      {"v1.2-pre", "prerelease or build needs MAJOR.MINOR.PATCH"},
      {"v1.2+meta", "prerelease or build needs MAJOR.MINOR.PATCH"},
      {"v1.2-pre+meta", "prerelease or build needs MAJOR.MINOR.PATCH"},
      {"", "empty version"},
      {"v", "expected a major version number"},
      {"vv1.0.0", "expected a major version number"},
      {"V1.0.0", "expected a major version number"},
      {"v01.0.0", "leading zero in major version"},
      {"v1.02.0", "leading zero in minor version"},
      {"v1.0.00", "leading zero in patch version"},
      {"v1.", "expected a minor version number"},
      {"v1.0.", "expected a patch version number"},
      {"v1..0", "expected a minor version number"},
      {"v1.0.0.0", "unexpected text after the patch version"},
      {"v1.0.0-01", "numeric prerelease identifier with a leading zero"},
      {"v1.0.0-alpha.01", "numeric prerelease identifier with a leading zero"},
      {"v1.0.0-", "empty prerelease identifier"},
      {"v1.0.0-a..b", "empty prerelease identifier"},
      {"v1.0.0-a.", "empty prerelease identifier"},
      {"v1.0.0-+meta", "empty prerelease identifier"},
      {"v1.0.0+", "empty build metadata identifier"},
      {"v1.0.0+a..b", "empty build metadata identifier"},
      {"v1.0.0-a_b", "invalid character in prerelease"},
      {"v1.0.0+a_b", "invalid character in build metadata"},
      {"v1.0.0+a+b", "invalid character in build metadata"},
      {"v1.0.0 ", "unexpected text after the patch version"},
      {" v1.0.0", "expected a major version number"},
      {"v1.0x", "expected '.' after the minor version"},
      {"v1x", "expected '.' after the major version"},
      {"1.0.0-\xce\xb1", "invalid character in prerelease"},
  };
  for (const Invalid& c : cases) {
    Status s = ValidateGo(c.version);
    ASSERT_FALSE(s) << '"' << c.version << "\" should be invalid";
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(s.error().message.find(c.reason), std::string::npos)
        << c.version << ": " << s.error().message;
  }
}

TEST(GoValidate, AcceptsShorthandsAndMissingV) {
  // x/mod accepts "v1" and "v1.2" (shorthands for v1.0.0 and v1.2.0); we also accept every
  // form without the 'v' because OSV writes Go versions that way.
  for (const char* v :
       {"v1", "v1.2", "1", "1.2", "0", "v0.0.0", "1.0.0-0", "v1.0.0-0a", "v1.0.0+007", "v1.0.0-a-b",
        "v1.0.0--", "v1.2.3-pre.0.20191109021931-daa7c04131f5", "v2.0.0+incompatible",
        "v1.0.0-x.7.z.92+exp.sha.5114f85"}) {
    EXPECT_TRUE(ValidateGo(v)) << v << ": " << ValidateGo(v).error().message;
  }
}

TEST(GoCompare, InvalidSideIsNamed) {
  Result<int> left = CompareGo("v1.2-pre", "v1.2.0");
  ASSERT_FALSE(left);
  EXPECT_EQ(left.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(left.error().message.rfind("left: ", 0), 0u) << left.error().message;
  Result<int> right = CompareGo("v1.2.0", "v01.2.0");
  ASSERT_FALSE(right);
  EXPECT_EQ(right.error().message.rfind("right: ", 0), 0u) << right.error().message;
}

// Grammar for the property test, written from x/mod's grammar and the pseudo-version forms.
std::string Timestamp(Rng& rng) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04zu%02zu%02zu%02zu%02zu%02zu", Uniform(rng, 2018, 2025),
                Uniform(rng, 1, 12), Uniform(rng, 1, 28), Uniform(rng, 0, 23), Uniform(rng, 0, 59),
                Uniform(rng, 0, 59));
  return buf;
}

std::string Hash(Rng& rng) {
  static const char kHex[] = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < 12; ++i) s += kHex[Uniform(rng, 0, 15)];
  return s;
}

// A number without leading zeros (mostly), as x/mod requires.
std::string GoNumber(Rng& rng) {
  std::string n = Number(rng);
  if (Chance(rng, 0.97)) {
    size_t z = n.find_first_not_of('0');
    n = z == std::string::npos ? "0" : n.substr(z);
  }
  return n;
}

std::string PreIdent(Rng& rng) {
  static const std::vector<std::string> kIdents = {"alpha", "beta", "rc", "pre", "RC",  "0",
                                                   "1",     "2",    "11", "0a",  "x-y", "-"};
  return Chance(rng, 0.3) ? GoNumber(rng) : Pick(rng, kIdents);
}

std::string GenGo(Rng& rng) {
  static const std::vector<std::string> kGarbage = {
      "", "v", "bad", "v1.2-pre", "v01.0.0", "v1.0.0-01", "v1.0.0-", "1.0.0.0", "V1.0.0", "v1..0"};
  if (Chance(rng, 0.03)) return Pick(rng, kGarbage);
  std::string v = Chance(rng, 0.5) ? "v" : "";
  v += GoNumber(rng);
  if (Chance(rng, 0.05)) return v;  // "v1" shorthand.
  v += "." + GoNumber(rng);
  if (Chance(rng, 0.05)) return v;  // "v1.2" shorthand.
  v += "." + GoNumber(rng);
  switch (Uniform(rng, 0, 5)) {
    case 0: v += "-" + Timestamp(rng) + "-" + Hash(rng); break;    // Pseudo form (1).
    case 1: v += "-0." + Timestamp(rng) + "-" + Hash(rng); break;  // Form (2).
    case 2: v += "-" + PreIdent(rng) + ".0." + Timestamp(rng) + "-" + Hash(rng); break;  // (4)
    case 3: {
      v += "-" + PreIdent(rng);
      for (size_t i = Uniform(rng, 0, 2); i > 0; --i) v += "." + PreIdent(rng);
      break;
    }
    default: break;
  }
  if (Chance(rng, 0.2)) v += Chance(rng, 0.5) ? "+incompatible" : "+build." + Number(rng);
  return v;
}

std::string MutateGo(Rng& rng, const std::string& base) {
  std::string v = base;
  const size_t build = v.find('+');
  std::string tail = build == std::string::npos ? "" : v.substr(build);
  std::string body = build == std::string::npos ? v : v.substr(0, build);
  const size_t dash = body.find('-');
  switch (Uniform(rng, 0, 7)) {
    case 0:  // Toggle the 'v'.
      return !v.empty() && v[0] == 'v' ? v.substr(1) : "v" + v;
    case 1: {  // Replace one number of MAJOR.MINOR.PATCH.
      std::string core = body.substr(0, dash);
      size_t dot = core.find('.', Uniform(rng, 0, core.size()));
      size_t start = dot == std::string::npos ? (core[0] == 'v' ? 1 : 0) : dot + 1;
      size_t end = core.find('.', start);
      core.replace(start, end == std::string::npos ? std::string::npos : end - start,
                   GoNumber(rng));
      return core + (dash == std::string::npos ? "" : body.substr(dash)) + tail;
    }
    case 2:                                             // Add a prerelease identifier.
      if (body.find('.') == body.rfind('.')) return v;  // Shorthand: leave it.
      return body + (dash == std::string::npos ? "-" : ".") + PreIdent(rng) + tail;
    case 3:  // Drop the prerelease.
      return body.substr(0, dash) + tail;
    case 4:  // Add, change or drop build metadata (never changes the order).
      if (body.find('.') == body.rfind('.')) return body;
      return body + (Chance(rng, 0.5) ? "+incompatible" : "");
    case 5:  // Turn into a pseudo-version of the next patch.
      if (body.find('.') == body.rfind('.')) return v;
      return body.substr(0, dash) + "-0." + Timestamp(rng) + "-" + Hash(rng) + tail;
    case 6:  // Shorthand.
      return body.substr(0, body.find('.'));
    default: return v + (Chance(rng, 0.5) ? ".1" : "-1");
  }
}

TEST(GoCompare, OrderPropertiesHold) {
  EXPECT_EQ(CheckOrderProperties(Go(), 25000, TestSeed(), GenGo, MutateGo), "");
}

TEST(GoCompare, GrammarMostlyValid) {
  Rng rng(TestSeed());
  size_t valid = 0;
  const size_t n = 4000;
  for (size_t i = 0; i < n; ++i) {
    std::string v = i % 2 ? GenGo(rng) : MutateGo(rng, GenGo(rng));
    if (ValidateGo(v)) ++valid;
  }
  EXPECT_GT(valid, n * 7 / 10);
}

}  // namespace
}  // namespace vs::version
