// Maven ComparableVersion (maven-artifact 3.8.7): table, validation, order properties and a
// differential test against the real jar via tests/version/reference/MavenCompare.java.
#include "version/maven.h"

#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

#include <glob.h>
#include <gtest/gtest.h>

#include "tests/version/testing.h"

namespace vs::version {
namespace {

using testing::Case;
using testing::Chance;
using testing::Pick;
using testing::Rng;
using testing::Uniform;

const Scheme& Maven() { return testing::SchemeFor("maven"); }

// Debian 12 ships /usr/share/maven/lib/maven-artifact-3.x.jar; glob for it so a differently
// named 3.x jar is still found. The reference also needs maven-model-builder from the same
// directory, so the whole directory goes on the class path. Empty when Maven is missing.
std::string MavenLibDir() {
  glob_t g{};
  std::string dir;
  if (glob("/usr/share/maven/lib/maven-artifact-3*.jar", 0, nullptr, &g) == 0 && g.gl_pathc > 0) {
    std::string jar = g.gl_pathv[0];
    dir = jar.substr(0, jar.rfind('/'));
  }
  globfree(&g);
  return dir;
}

std::string ReferenceCommand() {
  return "java -cp '" + MavenLibDir() + "/*' " + VS_REFERENCE_DIR + "/MavenCompare.java";
}

// --- Grammar ------------------------------------------------------------------------------

// Versions seen on Maven Central and in GitHub/OSV Maven advisories.
const std::vector<std::string> kRealVersions = {
    "2.14.0-rc1",
    "2.13.4.2",
    "2.12.7.1",
    "5.3.18.RELEASE",
    "5.2.20.RELEASE",
    "5.3.18",
    "1.0.0-M1",
    "1.0.0-RC1",
    "31.1-jre",
    "31.1-android",
    "32.0.0-android",
    "9.4.44.v20210927",
    "9.4.45.v20220203",
    "2.0-beta9",
    "2.15.0-rc1",
    "2.17.1",
    "5.4.24.Final",
    "6.0.0.Alpha1",
    "6.0.0.CR1",
    "4.1.68.Final",
    "9.0.0.M1",
    "9.0.31",
    "1.0-SNAPSHOT",
    "2.0.0-SNAPSHOT",
    "1.4.200",
    "2.1.210",
    "3.0.0-beta-1",
    "1.2.3-alpha-1-SNAPSHOT",
    "1.0-ga.1.sp2",
    "2.5.30",
    "1.33",
    "2.0",
    "3.1.2.GA",
    "1.0.0.Final-redhat-00001",
    "7.0.0.pr1",
    "20220320",
    "1.9.22.1",
    "0.9.5.4",
    "12.2.0.1.0",
    "1.1.1-20060101",
};

const std::vector<std::string> kQualifiers = {
    "alpha",   "beta", "milestone", "rc", "cr", "snapshot", "ga",    "final",
    "release", "sp",   "a",         "b",  "m",  "SNAPSHOT", "Final", "RELEASE",
    "GA",      "RC",   "CR",        "M",  "SP", "Alpha",
};
const std::vector<std::string> kUnknownQualifiers = {
    "jre", "android",    "v",    "foo", "x",      "h", "pom", "abc", "def", "redhat", "pr",
    "dev", "incubating", "jdk8", "_",   "+build", "~", "c",   "z",   "A",   "zz",
};
const std::vector<std::string> kSpecialNumbers = {
    "0",
    "00",
    "0000000000",
    "0000000000000000000",
    "000000000000000000000",
    "999999999",
    "1000000000",
    "2147483647",
    "2147483648",
    "999999999999999999",
    "1000000000000000000",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551616",
    "000000001",
    "0000000001",
    "00000000000000000001",
};
const std::vector<std::string> kSeparators = {".", ".", ".", "-", "-", "", "..", "--", ".-", "-."};
// Strings we reject (and the reference with them); a few go into the pairs.
const std::vector<std::string> kInvalid = {
    "",
    " ",
    "1.0 ",
    " 1.0",
    "1 0",
    "1/2",
    "1:2",
    "1\\2",
    "1\"0",
    "1<2",
    "1>2",
    "1|2",
    "1?",
    "1*",
    "${project.version}",
    "1.${rev}",
    "[1.0,2.0)",
    "(,1.0]",
    "1,2",
    "1.0\x7f",
    "\xc3\xa9"
    "1",
    "1.0\x01",
};

std::string RandomCase(Rng& rng, std::string s) {
  switch (Uniform(rng, 0, 3)) {
    case 0:
      for (char& c : s) c = char(std::toupper(static_cast<unsigned char>(c)));
      break;
    case 1:
      for (char& c : s) {
        if (Chance(rng, 0.5)) c = char(std::toupper(static_cast<unsigned char>(c)));
      }
      break;
    default: break;
  }
  return s;
}

std::string Atom(Rng& rng) {
  switch (Uniform(rng, 0, 9)) {
    case 0: return Pick(rng, kSpecialNumbers);
    case 1:
    case 2: return RandomCase(rng, Pick(rng, kQualifiers));
    case 3: return Pick(rng, kUnknownQualifiers);
    default: return testing::Number(rng);
  }
}

std::string GenMaven(Rng& rng) {
  if (Chance(rng, 0.15)) return Pick(rng, kRealVersions);
  if (Chance(rng, 0.01)) return Pick(rng, kInvalid);
  std::string v;
  if (Chance(rng, 0.03)) v += Chance(rng, 0.5) ? "." : "-";
  v += Chance(rng, 0.85) ? testing::Number(rng) : Atom(rng);
  size_t parts = Uniform(rng, 0, 5);
  for (size_t i = 0; i < parts; ++i) {
    v += Pick(rng, kSeparators);
    v += Atom(rng);
  }
  if (Chance(rng, 0.04)) v += Chance(rng, 0.5) ? "." : "-";
  return v;
}

// Replaces one run of digits with another number (bump, zero, long, leading zeros).
std::string ReplaceNumber(Rng& rng, const std::string& v) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < v.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(v[i])) &&
        (i == 0 || !std::isdigit(static_cast<unsigned char>(v[i - 1])))) {
      starts.push_back(i);
    }
  }
  if (starts.empty()) return v + "1";
  size_t s = Pick(rng, starts);
  size_t e = s;
  while (e < v.size() && std::isdigit(static_cast<unsigned char>(v[e]))) ++e;
  std::string num = v.substr(s, e - s);
  std::string repl;
  switch (Uniform(rng, 0, 4)) {
    case 0: repl = num.size() < 9 ? std::to_string(std::stoll(num) + 1) : num + "1"; break;
    case 1: repl = "0"; break;
    case 2: repl = "00" + num; break;
    case 3: repl = Pick(rng, kSpecialNumbers); break;
    default: repl = testing::Number(rng); break;
  }
  return v.substr(0, s) + repl + v.substr(e);
}

std::string MutateMaven(Rng& rng, const std::string& base) {
  std::string v = base;
  switch (Uniform(rng, 0, 11)) {
    case 0:
    case 1: return ReplaceNumber(rng, v);
    case 2: return v + Pick(rng, kSeparators) + Atom(rng);
    case 3:  // Trailing "null" items, trimmed by normalize().
      return v + Pick(rng, std::vector<std::string>{".0", "-0", "-ga", ".final", "-RELEASE", ".0.0",
                                                    "-0.0", "0", ".GA", "-"});
    case 4: {  // Swap one separator for another (or drop it).
      std::vector<size_t> seps;
      for (size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '.' || v[i] == '-') seps.push_back(i);
      }
      if (seps.empty()) return v + "-" + Atom(rng);
      size_t i = Pick(rng, seps);
      return v.substr(0, i) + Pick(rng, kSeparators) + v.substr(i + 1);
    }
    case 5: return RandomCase(rng, v);
    case 6: {  // Truncate at a separator.
      size_t i = v.find_last_of(".-");
      return i == std::string::npos || i == 0 ? v : v.substr(0, i);
    }
    case 7:  // A qualifier glued to a digit: "rc1", "a1", "m2".
      return v + RandomCase(rng, Pick(rng, kQualifiers)) + std::to_string(Uniform(rng, 0, 12));
    case 8: return v + "-" + RandomCase(rng, Pick(rng, kQualifiers));
    case 9: return v + "." + Pick(rng, kUnknownQualifiers);
    case 10: return Chance(rng, 0.1) ? Pick(rng, kInvalid) : v + "-SNAPSHOT";
    default: return GenMaven(rng);
  }
}

// A narrower grammar of conventionally shaped versions (numbers joined by '.', qualifiers
// introduced by '-' or closing the version, "rc1"-style qualifier+number). ComparableVersion
// is not a total order on arbitrary strings (see IntransitiveLikeTheJar), so the order
// properties are checked on the shapes real projects publish.
std::string GenWellFormed(Rng& rng) {
  std::string v = testing::Number(rng);
  for (size_t n = Uniform(rng, 0, 3); n > 0; --n) v += "." + testing::Number(rng);
  for (size_t tails = Uniform(rng, 0, 2); tails > 0; --tails) {
    switch (Uniform(rng, 0, 4)) {
      case 0: v += "-" + RandomCase(rng, Pick(rng, kQualifiers)); break;
      case 1:
        v += "-" + RandomCase(rng, Pick(rng, kQualifiers)) + std::to_string(Uniform(rng, 0, 12));
        break;
      case 2: v += "-" + Pick(rng, kUnknownQualifiers); break;
      case 3:
        v += "-" + testing::Number(rng);
        if (Chance(rng, 0.5)) v += "." + testing::Number(rng);
        break;
      default:
        v += "." + RandomCase(rng, Pick(rng, kQualifiers));
        return v;  // A '.'-qualifier only ever closes the version here.
    }
  }
  return v;
}

std::string MutateWellFormed(Rng& rng, const std::string& base) {
  switch (Uniform(rng, 0, 4)) {
    case 0: {  // Bump or zero a number of the leading numeric part.
      size_t end = base.find_first_not_of("0123456789.");
      std::string head = base.substr(0, end);
      std::string tail = end == std::string::npos ? "" : base.substr(end);
      std::string head2 = ReplaceNumber(rng, head);
      if (head2.find_first_not_of("0123456789.") != std::string::npos) head2 = head;
      if (head2.size() >= 3 && head2.compare(head2.size() - 1, 1, ".") == 0) head2.pop_back();
      return head2 + tail;
    }
    case 1: {  // Drop the last tail.
      size_t i = base.find_last_of('-');
      return i == std::string::npos ? base + ".0" : base.substr(0, i);
    }
    case 2: return RandomCase(rng, base);
    case 3:
      if (base.find_first_not_of("0123456789.") == std::string::npos) return base + ".0";
      return base;
    default: return GenWellFormed(rng);
  }
}

// --- Tests --------------------------------------------------------------------------------

// Version order specification examples
// (https://maven.apache.org/pom.html#Version_Order_Specification), maven-artifact 3.8.x
// ComparableVersionTest, and versions from advisories. Every row is also checked against the jar in
// TableAgreesWithTheJar.
const std::vector<Case> kTable = {
    // Padding and trailing "null" items.
    {"1", "1.1", -1},
    {"1", "1.0", 0},
    {"1", "1.0.0", 0},
    {"1.0", "1.0.0.0.0", 0},
    {"1-ga", "1", 0},
    {"1.ga", "1-ga", 0},
    {"1-0", "1", 0},
    {"1.0.0-0.0", "1", 0},
    {"1-final", "1", 0},
    {"1.0-final", "1", 0},
    // 3.8.7 trims "" inside the sublist but keeps the emptied sublist level, so these differ
    // (the 3.9 spec page says "1-ga-1" == "1-1").
    {"1.0-final-1", "1-1", -1},
    {"1-ga-1", "1-0-1", 0},
    {"1.0-1", "1-1", 0},
    {"1-", "1", 0},
    {"1.", "1", 0},
    {"1..2", "1.0.2", 0},  // An empty part is a zero.
    {"1--2", "1-0-2", 0},
    {"0", "ga", 0},
    // Qualifier order: alpha < beta < milestone < rc = cr < snapshot < "" < sp < unknown.
    {"1-alpha", "1-beta", -1},
    {"1-beta", "1-milestone", -1},
    {"1-milestone", "1-rc", -1},
    {"1-rc", "1-cr", 0},
    {"1-RC1", "1-cr1", 0},
    {"1-rc", "1-snapshot", -1},
    {"1-snapshot", "1", -1},
    {"1", "1-sp", -1},
    {"1-sp", "1-abc", -1},
    {"1-abc", "1-def", -1},
    {"1-SNAPSHOT", "1-snapshot", 0},
    {"1-a1", "1-alpha-1", 0},  // a/b/m are aliases only when a digit follows.
    {"1-b2", "1-beta-2", 0},
    {"1-m3", "1-milestone-3", 0},
    {"1-a", "1-alpha", 1},  // A lone "a" is an unknown qualifier.
    {"1-foo2", "1-foo10", -1},
    {"1.foo", "1-foo", 0},
    {"1-foo", "1-1", -1},
    {"1-1", "1.1", -1},
    {"1.x.1", "1-1", -1},
    {"1.foo.2", "1-foo.2", -1},
    {"1-sp", "1-ga", 1},
    {"1-sp.1", "1-ga.1", 1},
    {"1-sp-1", "1-ga-1", -1},
    {"1-ga-1", "1-1", -1},
    {"1-1.foo-bar1baz-.1", "1-1.foo-bar-1-baz-0.1", 0},
    // ComparableVersionTest VERSIONS_QUALIFIER / VERSIONS_NUMBER neighbours (ascending).
    {"1-alpha2snapshot", "1-alpha2", -1},
    {"1-alpha2", "1-alpha-123", -1},
    {"1-alpha-123", "1-beta-2", -1},
    {"1-beta123", "1-m2", -1},
    {"1-m11", "1-rc", -1},
    {"1-cr2", "1-rc123", -1},
    {"1-sp123", "1-abc", -1},
    {"1-pom-1", "1-1-snapshot", -1},
    {"1-1-snapshot", "1-1", -1},
    {"2.0", "2-1", -1},
    {"2.0.a", "2-1", -1},
    {"2.0.a", "2.0.0.a", 0},
    {"2.0.0.a", "2.0.2", -1},
    {"2.1.0", "2.1-a", -1},
    {"2.1-a", "2.1b", -1},
    {"2.1b", "2.1-c", -1},
    {"2.1-c", "2.1-1", -1},
    {"2.1-1", "2.1.0.1", -1},
    {"11.a2", "11.a11", -1},
    {"11.m11", "11", -1},
    {"11", "11.a", -1},
    {"11.a", "11b", -1},
    {"11c", "11m", -1},
    // MNG-5568: case does not matter.
    {"6.1.0rc3", "6.1.0RC3", 0},
    {"6.1.0rc3", "6.1H.5-beta", -1},
    // Numbers: leading zeros, int/long/BigInteger boundaries (MNG-6572).
    {"1.01", "1.1", 0},
    {"0000000000000000001", "1", 0},
    {"999999999", "1000000000", -1},
    {"2147483647", "2147483648", -1},
    {"999999999999999999", "1000000000000000000", -1},
    {"9223372036854775807", "9223372036854775808", -1},
    {"20190126.230843", "1234567890.12345", -1},
    {"1.123456789012345678901234567890", "1.123456789012345678901234567891", -1},
    // Quirk: an all-zero part keeps its length, so ten zeros are a LongItem(0), which sorts
    // after IntItem(0) when something follows it (trailing ones are still trimmed).
    {"1.0000000000.1", "1.0.1", 1},
    {"1.0000000000", "1", 0},
    {"1.0000000000000000000.1", "1.0000000000.1", 1},
    // Real versions (GitHub Security Advisories, Maven Central).
    {"2.14.0-rc1", "2.14.0", -1},  // jackson-databind
    {"2.13.4.2", "2.13.4", 1},     // GHSA-jjjh-jjxp-wpff (CVE-2022-42003) fix
    {"2.12.7.1", "2.13.0", -1},
    {"5.3.18.RELEASE", "5.3.18", 0},  // Spring4Shell, CVE-2022-22965
    {"5.2.20.RELEASE", "5.3.0", -1},
    {"2.0-beta9", "2.0-rc1", -1},  // Log4Shell, CVE-2021-44228
    {"2.15.0-rc1", "2.15.0", -1},
    {"2.0-beta9", "2.0", -1},
    {"1.0.0-M1", "1.0.0-RC1", -1},
    {"1.0.0-M1", "1.0.0", -1},
    {"9.0.0.M1", "9.0.31", -1},       // Tomcat, CVE-2020-1938
    {"31.1-jre", "31.1-android", 1},  // Guava flavours: unknown qualifiers, by name
    {"31.1-jre", "31.1", 1},
    {"31.1-jre", "32.0.0-android", -1},            // CVE-2023-2976
    {"9.4.44.v20210927", "9.4.45.v20220203", -1},  // Jetty
    {"9.4.44.v20210927", "9.4.44", 1},
    {"5.4.24.Final", "5.4.24", 0},  // Hibernate
    {"6.0.0.Alpha1", "6.0.0.Beta1", -1},
    {"6.0.0.CR1", "6.0.0.Final", -1},
    {"4.1.68.Final", "4.1.71.Final", -1},  // Netty
    {"1.0-SNAPSHOT", "1.0", -1},
    {"1.4.200", "2.1.210", -1},  // H2, CVE-2021-42392
    {"1.33", "2.0", -1},         // SnakeYAML, CVE-2022-1471
};

TEST(MavenCompare, TableFromSpecTestsAndAdvisories) {
  EXPECT_EQ(testing::CheckTable(Maven(), kTable), "");
}

TEST(MavenCompare, TableAgreesWithTheJar) {
  std::vector<testing::Pair> pairs;
  for (const Case& c : kTable) pairs.push_back({c.a, c.b});
  Result<std::vector<std::string>> ref = testing::RunReference(ReferenceCommand(), pairs);
  ASSERT_TRUE(ref) << ref.error().message;
  for (size_t i = 0; i < kTable.size(); ++i) {
    EXPECT_EQ((*ref)[i], std::to_string(kTable[i].expected))
        << "\"" << kTable[i].a << "\" vs \"" << kTable[i].b << "\"";
  }
}

// ComparableVersion is not transitive: a zero item compares equal to a missing item, but not
// to a qualifier at the same position, and a sublist compares to a missing item by its first
// element but to a qualifier by type. Maven 3.8.7 has cycles like a < b < c < a; we match it.
TEST(MavenCompare, IntransitiveLikeTheJar) {
  const std::vector<Case> cases = {
      {"1.0.alpha.1", "1", -1},
      {"1", "1.ga.1", -1},
      {"1.0.alpha.1", "1.ga.1", 1},
      {"1.0.alpha.1", "1.sp.1", 1},
      {"1", "1.sp.1", -1},
      {"1-.beta", "1", -1},    // [1, [[beta]]] < [1]
      {"1", "1-m", -1},        // A lone "m" is an unknown qualifier, after release.
      {"1-m", "1-.beta", -1},  // StringItem < ListItem
  };
  EXPECT_EQ(testing::CheckTable(Maven(), cases), "");
  std::vector<testing::Pair> pairs;
  for (const Case& c : cases) pairs.push_back({c.a, c.b});
  Result<std::vector<std::string>> ref = testing::RunReference(ReferenceCommand(), pairs);
  ASSERT_TRUE(ref) << ref.error().message;
  for (size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ((*ref)[i], std::to_string(cases[i].expected)) << cases[i].a << " vs " << cases[i].b;
  }
}

TEST(MavenValidate, RejectsWhatMavenRejectsAndNonVersions) {
  struct Bad {
    std::string v;
    const char* reason;
  };
  const std::vector<Bad> bad = {
      {"", "empty"},
      {" ", "whitespace"},
      {"1.0 ", "whitespace"},
      {"1 0", "whitespace"},
      {"1.0\t", "whitespace"},
      {std::string("1\0", 2), "control"},
      {"1.0\x7f", "control"},
      {"\xc3\xa9", "non-ASCII"},
      {"1/2", "forbids"},
      {"1\\2", "forbids"},
      {"1:2", "forbids"},
      {"\"1\"", "forbids"},
      {"<1", "forbids"},
      {"1|2", "forbids"},
      {"1.?", "forbids"},
      {"1.*", "forbids"},
      {"[1.0,2.0)", "range"},
      {"(,1.0]", "range"},
      {"1.0,2.0", "range"},
      {"${project.version}", "${"},
      {"1.0-${revision}", "${"},
      {"1.0.SNAPSHOT", "-SNAPSHOT"},
      {"1SNAPSHOT", "-SNAPSHOT"},
      {"SNAPSHOT", "-SNAPSHOT"},
  };
  for (const Bad& b : bad) {
    Status s = ValidateMaven(b.v);
    ASSERT_FALSE(s) << "accepted \"" << b.v << "\"";
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(s.error().message.find(b.reason), std::string::npos) << s.error().message;
    Result<int> r = CompareMaven("1.0", b.v);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message.rfind("right: ", 0), 0u) << r.error().message;
    Result<int> l = CompareMaven(b.v, "1.0");
    ASSERT_FALSE(l);
    EXPECT_EQ(l.error().message.rfind("left: ", 0), 0u) << l.error().message;
  }
}

TEST(MavenValidate, AcceptsOddButLegalVersions) {
  for (const char* v :
       {"1",          "0",           "ga",       "-",   ".",   "1..2",         "1--2",
        "a",          "1.0+build.5", "1~rc1",    "1_2", "$1",  "1.0-SNAPSHOT", "1.0.snapshot",
        "1-Snapshot", "-SNAPSHOT",   "20220320", "v1",  "{1}", "1#2",          "1@x"}) {
    EXPECT_TRUE(ValidateMaven(v)) << v;
  }
}

TEST(MavenCompare, ManyPartsCompareWithoutLimits) {
  std::string a = "1";
  for (int i = 0; i < 500; ++i) a += i % 7 == 0 ? "-0.rc" : ".0";
  std::string b = a + ".1";
  EXPECT_EQ(*CompareMaven(a, b), -1);
  EXPECT_EQ(*CompareMaven(b, a), 1);
  EXPECT_EQ(*CompareMaven(a, a), 0);
  std::string huge = "1." + std::string(300, '9');
  EXPECT_EQ(*CompareMaven(huge, huge + "9"), -1);
}

TEST(MavenCompare, OrderPropertiesOnWellFormedVersions) {
  EXPECT_EQ(testing::CheckOrderProperties(Maven(), 20000, testing::TestSeed(), GenWellFormed,
                                          MutateWellFormed),
            "");
}

// Even on the full grammar, equal must stay reflexive and antisymmetric; only transitivity
// breaks (IntransitiveLikeTheJar).
TEST(MavenCompare, AntisymmetricOnTheFullGrammar) {
  Rng rng(testing::TestSeed());
  size_t checked = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string a = GenMaven(rng);
    std::string b = MutateMaven(rng, a);
    Result<int> x = CompareMaven(a, b);
    Result<int> y = CompareMaven(b, a);
    ASSERT_EQ(static_cast<bool>(x), static_cast<bool>(y)) << a << " vs " << b;
    if (!x) continue;
    ++checked;
    ASSERT_EQ(*x, -*y) << a << " vs " << b;
    ASSERT_EQ(*CompareMaven(a, a), 0) << a;
  }
  EXPECT_GT(checked, 15000u);
}

TEST(MavenCompare, AgreesWithMavenArtifact387) {
  ASSERT_FALSE(MavenLibDir().empty()) << "maven-artifact-3*.jar not found in /usr/share/maven/lib";
  std::vector<testing::Pair> pairs =
      testing::GeneratePairs(25000, testing::TestSeed(), GenMaven, MutateMaven);
  Result<std::vector<std::string>> ref = testing::RunReference(ReferenceCommand(), pairs);
  ASSERT_TRUE(ref) << ref.error().message;
  testing::DiffReport report = testing::Differential(Maven(), pairs, *ref);
  size_t less = 0, equal = 0, greater = 0;
  for (const std::string& r : *ref) {
    less += r == "-1";
    equal += r == "0";
    greater += r == "1";
  }
  std::printf("maven differential: %zu pairs, %zu valid (%zu <, %zu =, %zu >), %zu disagreements\n",
              report.compared, report.valid_pairs, less, equal, greater, report.disagreements);
  EXPECT_EQ(report.compared, pairs.size());
  EXPECT_EQ(report.disagreements, 0u) << report.sample;
  EXPECT_GT(report.valid_pairs, pairs.size() * 9 / 10);
  EXPECT_LT(report.valid_pairs, pairs.size());  // Some invalid strings were exercised.
}

}  // namespace
}  // namespace vs::version
