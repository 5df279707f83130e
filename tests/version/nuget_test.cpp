// NuGet.Versioning has no implementation on this machine, so these are table tests drawn from
// NuGet.Client test/NuGet.Core.Tests/NuGet.Versioning.Test (NuGetVersionTest.cs,
// VersionComparerTests.cs, VersionParsingTests.cs), the NuGet docs "Package versioning" and
// real NuGet advisories, plus validation and order-property tests.
#include "version/nuget.h"

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

const Scheme& Nuget() { return SchemeFor("nuget"); }

TEST(NugetCompare, NuGetVersionTestVectors) {
  const std::vector<Case> cases = {
      // NuGetVersionTest.SemVerLessThanAndGreaterThanOperatorsWorks.
      {"1.0", "1.0.1", -1},
      {"1.23", "1.231", -1},
      {"1.4.5.6", "1.45.6", -1},
      {"1.4.5.6", "1.4.5.60", -1},
      {"1.01", "1.10", -1},
      {"1.01-alpha", "1.10-beta", -1},
      {"1.01.0-RC-1", "1.10.0-rc-2", -1},
      {"1.01-RC-1", "1.01", -1},
      {"1.01", "1.2-preview", -1},
      // NuGetVersionTest.SemVerEqualsOperatorWorks.
      {"1.0", "1.0.0.0", 0},
      {"1.23.01", "1.23.1", 0},
      {"1.45.6", "1.45.6.0", 0},
      {"1.45.6-Alpha", "1.45.6-Alpha", 0},
      {"1.6.2-BeTa", "1.6.02-beta", 0},
      {"22.3.07     ", "22.3.07", 0},
      {"1.0", "1.0.0.0+beta", 0},
      {"1.0.0.0+beta.2", "1.0.0.0+beta.1", 0},
      // VersionParsingTests.VersionLength: all are 2.0.0.
      {"2", "2.0.0", 0},
      {"2.0", "2.0.0.0", 0},
      // NuGetVersionTest.TryParseHandlesValidVersionPatterns.
      {"   19.   19", "19.19.0.0", 0},
      {"19   .19   .19   .19   ", "19.19.19.19", 0},
      {"01.1.1.1", "1.1.1.1", 0},
      {"2147483647.1.1.1", "2147483646.9.9.9", 1},
  };
  EXPECT_EQ(CheckTable(Nuget(), cases), "");
}

TEST(NugetCompare, VersionComparerTestVectors) {
  // VersionComparerTests.VersionComparisonDefaultEqual / ...DefaultLess.
  const std::vector<Case> cases = {
      {"1.0.0", "1.0.0", 0},
      {"1.0.0-BETA", "1.0.0-beta", 0},
      {"1.0.0-BETA+AA", "1.0.0-beta+aa", 0},
      {"1.0.0-BETA.X.y.5.77.0+AA", "1.0.0-beta.x.y.5.77.0+aa", 0},
      {"0.0.0", "1.0.0", -1},
      {"1.0.0", "1.1.0", -1},
      {"1.0.0", "1.0.1", -1},
      {"1.999.9999", "2.1.1", -1},
      {"1.0.0-BETA", "1.0.0-beta2", -1},
      {"1.0.0-beta+AA", "1.0.0+aa", -1},
      {"1.0.0-BETA", "1.0.0-beta.1+AA", -1},
      {"1.0.0-BETA.X.y.5.77.0+AA", "1.0.0-beta.x.y.5.79.0+aa", -1},
      {"1.0.0-BETA.X.y.5.79.0+AA", "1.0.0-beta.x.y.5.790.0+abc", -1},
  };
  EXPECT_EQ(CheckTable(Nuget(), cases), "");
}

TEST(NugetCompare, SemVer2PrereleaseChain) {
  // SemVer 2.0.0 §11 example, which NuGet follows (SemVer201SpecTests), case-insensitively.
  const char* chain[] = {"1.0.0-alpha",  "1.0.0-alpha.1", "1.0.0-ALPHA.beta", "1.0.0-beta",
                         "1.0.0-beta.2", "1.0.0-Beta.11", "1.0.0-rc.1",       "1.0.0"};
  std::vector<Case> cases;
  for (size_t i = 0; i < std::size(chain); ++i)
    for (size_t j = i + 1; j < std::size(chain); ++j) cases.push_back({chain[i], chain[j], -1});
  EXPECT_EQ(CheckTable(Nuget(), cases), "");
}

TEST(NugetCompare, FourthPartAndMissingParts) {
  // NuGet docs "Package versioning": 1.0 == 1.0.0 == 1.0.0.0; the fourth (revision) part orders
  // after patch (VersionComparer.CompareLegacyVersion).
  const std::vector<Case> cases = {
      {"1", "1.0.0.0", 0},
      {"1.0.0.1", "1.0.0", 1},
      {"1.0.0.1-beta", "1.0.0", 1},
      {"1.0.0.1", "1.0.1", -1},
      {"1.2.3.4-Beta.10", "1.2.3.4-beta.9", 1},
      {"1.3.42.10133", "1.3.42.200930-RC-2", -1},
      {"4.0.0.0", "4.0", 0},
  };
  EXPECT_EQ(CheckTable(Nuget(), cases), "");
}

TEST(NugetCompare, ReleaseLabelQuirks) {
  // VersionComparer.CompareRelease decides "numeric" with int.TryParse: "-1" (a valid label,
  // [0-9A-Za-z-]) is the number -1 and "-0" equals "0"; "2147483648" overflows int and so
  // compares as text, after every number. Text compares with OrdinalIgnoreCase.
  const std::vector<Case> cases = {
      {"1.0.0--1", "1.0.0-0", -1},
      {"1.0.0--0", "1.0.0-0", 0},
      {"1.0.0--2147483648", "1.0.0--1", -1},
      {"1.0.0-2147483647", "1.0.0-2147483648", -1},
      {"1.0.0-2147483648", "1.0.0-alpha", -1},
      {"1.0.0-99999999999", "1.0.0-2147483648", 1},  // Both text: '9' > '2'.
      {"1.0.0-0A", "1.0.0-0", 1},
      {"1.0.0-A-B", "1.0.0-a-b", 0},
      {"1.0.0-a-b", "1.0.0-a", 1},
      {"1.0.0--", "1.0.0-0", 1},
      {"1.0.0-rc.1", "1.0.0-RC.1", 0},
      {"1.0.0-preview", "1.0.0-PreView.1", -1},
  };
  EXPECT_EQ(CheckTable(Nuget(), cases), "");
}

TEST(NugetCompare, RealAdvisoryVersions) {
  // Versions from GitHub advisories for NuGet packages (Newtonsoft.Json GHSA-5crp-9r3c-p9vr,
  // System.Text.Encodings.Web GHSA-ghhp-997w-qr28, Microsoft.AspNetCore.* preview trains).
  const std::vector<Case> cases = {
      {"12.0.3", "13.0.1", -1},
      {"4.5.0", "4.5.1", -1},
      {"5.0.0", "5.0.1", -1},
      {"6.0.0-preview.7.21377.19", "6.0.0", -1},
      {"6.0.0-preview.7.21377.19", "6.0.0-rc.1.21451.13", -1},
      {"6.0.0-rc.1.21451.13", "6.0.0-rc.2.21480.5", -1},
      {"8.0.0-preview.10", "8.0.0-preview.9", 1},
      {"2.1.1", "2.1.10", -1},
      {"2.0.8", "2.0.10", -1},
  };
  EXPECT_EQ(CheckTable(Nuget(), cases), "");
}

struct Invalid {
  const char* version;
  const char* reason;
};

TEST(NugetValidate, RejectsWithReason) {
  // NuGetVersionTest.ParseThrowsIfStringIsNotAValidSemVer and ParseThrowsIfStringIsNullOrEmpty,
  // plus the brief's examples.
  const Invalid cases[] = {
      {"", "empty version"},
      {"         ", "empty version"},
      {"1beta", "numeric part is not a number \"1beta\""},
      {"$version$", "numeric part is not a number"},
      {"1.2Av^c", "numeric part is not a number"},
      {"1.2..", "empty numeric part"},
      {"1.2.3.4.5", "more than four numeric parts"},
      {"1.2.3.Beta", "numeric part is not a number"},
      {"1.2.3.4This version is full of awesomeness!!", "numeric part is not a number"},
      {"So.is.this", "numeric part is not a number"},
      {"1.34.2Alpha", "numeric part is not a number"},
      {"1.34.2Release Candidate", "numeric part is not a number"},
      {"1.4.7-", "'-' must be followed by a release label"},
      {"1.4.7-*", "invalid character in release label"},
      {"1.4.7+*", "invalid character in build metadata"},
      {"1.4.7-AA.01^", "invalid character in release label"},
      {"1.4.7-AA.0A^", "invalid character in release label"},
      {"1.4.7-A^A", "invalid character in release label"},
      {"1.4.7+AA.01^", "invalid character in build metadata"},
      {"1.2147483648", "exceeds 2147483647"},
      {"1.1.2147483648", "exceeds 2147483647"},
      {"1.1.1.2147483648", "exceeds 2147483647"},
      {"1.1.1.1.2147483648", "more than four numeric parts"},
      {"10000000000000000000", "exceeds 2147483647"},
      {"1..2", "empty numeric part"},
      {"....", "empty numeric part"},
      {"..1", "empty numeric part"},
      {"-1.1.1.1", "empty numeric part"},
      {"1.-1.1.1", "empty numeric part"},
      {"1.", "empty numeric part"},
      {"1.1.1.1.", "more than four numeric parts"},
      {"1     1.1.1.1", "numeric part is not a number"},
      {" .1.1.1", "empty numeric part"},
      {"1. .1.1", "empty numeric part"},
      {"1.1.1. ", "empty numeric part"},
      {"1 .", "empty numeric part"},
      {"2147483648.2.3.4", "exceeds 2147483647"},
      {"   1 9", "numeric part is not a number"},
      {"19   .1 9   ", "numeric part is not a number"},
      // Brief / SemVer corners.
      {"1.0-", "'-' must be followed by a release label"},
      {"1.0+", "'+' must be followed by build metadata"},
      {"1.0-a+", "'+' must be followed by build metadata"},
      {"1.0-a..b", "empty release label"},
      {"1.0-a.", "empty release label"},
      {"1.0-+meta", "empty release label"},
      {"1.0+a..b", "empty build metadata part"},
      {"1.0-a+b+c", "invalid character in build metadata"},
      {"1.0.0-01", "numeric release label has a leading zero \"01\""},
      {"1.0.0-beta.00", "numeric release label has a leading zero"},
      {"a.b", "numeric part is not a number"},
      {"v1.0.0", "a leading 'v' is not allowed"},
      {"1.0.0-be ta", "invalid character in release label"},
      {"1.0.0-\xc3\xa9", "invalid character in release label"},
  };
  for (const Invalid& c : cases) {
    Status s = ValidateNuget(c.version);
    ASSERT_FALSE(s) << '"' << c.version << "\" should be invalid";
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(s.error().message.find(c.reason), std::string::npos)
        << c.version << ": " << s.error().message;
  }
}

TEST(NugetValidate, AcceptsLooseForms) {
  // NuGetVersion.TryParse is loose: one to four parts, leading zeros, surrounding white space,
  // leading-zero metadata ("1.2.3+0"), hyphenated labels ("1.3.2-CTP-2-Refresh-Alpha").
  for (const char* v :
       {"1", "2.0", "1.0.0.0", "  1.022-Beta", "23.2.3-Alpha  ", "1.3.42.10133-PreRelease",
        "1.2.3-X.yZ.3.234.243.3242342+METADATA", "1.2.3-X.y3+0", "1.2.3+0", "1.2.3-0",
        "1.0.0009.01-1.1+A", "1.3.2-CTP-2-Refresh-Alpha", "1.0.0--1", "1.0.0-0A", "1.0.0+007.01",
        "1.1.1.2147483647", "0000000001.0", "1.0 -beta"}) {
    EXPECT_TRUE(ValidateNuget(v)) << v << ": " << ValidateNuget(v).error().message;
  }
}

TEST(NugetCompare, InvalidSideIsNamed) {
  Result<int> left = CompareNuget("1.0-", "1.0");
  ASSERT_FALSE(left);
  EXPECT_EQ(left.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(left.error().message.rfind("left: ", 0), 0u) << left.error().message;
  Result<int> right = CompareNuget("1.0", "1.2.3.4.5");
  ASSERT_FALSE(right);
  EXPECT_EQ(right.error().message.rfind("right: ", 0), 0u) << right.error().message;
}

// Grammar for the property test, written from NuGetVersion.TryParse's rules.
std::string Label(Rng& rng) {
  static const std::vector<std::string> kLabels = {
      "alpha", "Alpha", "ALPHA", "beta", "Beta", "rc", "RC",         "preview",    "0",    "1",
      "11",    "-1",    "-0",    "0a",   "x-y",  "-",  "2147483647", "2147483648", "CTP-2"};
  if (Chance(rng, 0.25)) {
    std::string n = Number(rng);
    if (n.size() > 1 && n[0] == '0') n = "1" + n;  // Keep numeric labels valid.
    return n;
  }
  return Pick(rng, kLabels);
}

std::string NugetNumber(Rng& rng) {
  std::string n = Number(rng);
  if (n.size() > 10 && Chance(rng, 0.9)) n = n.substr(0, Uniform(rng, 1, 9));  // Mostly int32.
  return n;
}

std::string GenNuget(Rng& rng) {
  static const std::vector<std::string> kGarbage = {
      "", "v1.0", "1.0-", "1..2", "a.b", "1.2.3.4.5", "1.0-a..b", "1.0.0-01", "2147483648.0"};
  if (Chance(rng, 0.03)) return Pick(rng, kGarbage);
  std::string v = NugetNumber(rng);
  for (size_t i = Uniform(rng, 0, 3); i > 0; --i) v += "." + NugetNumber(rng);
  if (Chance(rng, 0.5)) {
    v += "-" + Label(rng);
    for (size_t i = Uniform(rng, 0, 2); i > 0; --i) v += "." + Label(rng);
  }
  if (Chance(rng, 0.2)) v += "+" + Pick(rng, std::vector<std::string>{"meta", "0", "AA.01"});
  if (Chance(rng, 0.05)) v = " " + v + " ";
  return v;
}

std::string MutateNuget(Rng& rng, const std::string& base) {
  std::string v = base;
  size_t sep = v.find_first_of("-+");
  std::string numbers = v.substr(0, sep);
  std::string rest = sep == std::string::npos ? "" : v.substr(sep);
  switch (Uniform(rng, 0, 6)) {
    case 0: {  // Flip the case of the labels (never changes the order).
      for (char& c : rest)
        c = (c >= 'a' && c <= 'z') ? char(c - 32) : (c >= 'A' && c <= 'Z') ? char(c + 32) : c;
      return numbers + rest;
    }
    case 1:  // Pad with a zero part, or add a fourth part.
      return numbers + (Chance(rng, 0.5) ? ".0" : "." + NugetNumber(rng)) + rest;
    case 2:  // Leading zero (ignored by NuGet).
      return "0" + v;
    case 3: {  // Replace the last number.
      size_t dot = numbers.rfind('.');
      return numbers.substr(0, dot == std::string::npos ? 0 : dot + 1) + NugetNumber(rng) + rest;
    }
    case 4:  // Add a label.
      if (!rest.empty() && rest[0] == '-') {
        size_t plus = rest.find('+');
        return numbers + rest.substr(0, plus) + "." + Label(rng) +
               (plus == std::string::npos ? "" : rest.substr(plus));
      }
      return numbers + "-" + Label(rng) + rest;
    case 5:  // Drop labels and metadata.
      return numbers;
    default:  // Change the metadata (never changes the order).
      return numbers + rest.substr(0, rest.find('+')) + "+" + Label(rng);
  }
}

TEST(NugetCompare, OrderPropertiesHold) {
  EXPECT_EQ(CheckOrderProperties(Nuget(), 25000, TestSeed(), GenNuget, MutateNuget), "");
}

TEST(NugetCompare, GrammarMostlyValid) {
  Rng rng(TestSeed());
  size_t valid = 0;
  const size_t n = 4000;
  for (size_t i = 0; i < n; ++i) {
    std::string v = i % 2 ? GenNuget(rng) : MutateNuget(rng, GenNuget(rng));
    if (ValidateNuget(v)) ++valid;
  }
  EXPECT_GT(valid, n * 7 / 10);
}

}  // namespace
}  // namespace vs::version
