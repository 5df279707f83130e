// apk-tools has no implementation on this machine, so these are table tests drawn from
// apk-tools test/version.data (test/unit/version.data in apk-tools 3), the rules of
// src/version.c, and real Alpine secdb versions, plus validation and order-property tests.
#include "version/apk.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/version/testing.h"
#include "version/util.h"

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

const Scheme& Apk() { return SchemeFor("apk"); }

TEST(ApkCompare, VersionDataVectors) {
  // Rows of apk-tools test/version.data ("a < b" etc.). The rows comparing invalid versions
  // ("23_foo > 4_beta", "1.0 < 1.0bc") and the fuzzy "~" rows are left out: we reject invalid
  // versions instead of ordering their valid prefix.
  const std::vector<Case> cases = {
      {"2.34", "0.1.0_alpha", 1},
      {"0.1.0_alpha", "0.1.0_alpha", 0},
      {"0.1.0_alpha", "0.1.3_alpha", -1},
      {"0.1.0_alpha2", "0.1.0_alpha", 1},
      {"0.1.0_alpha", "2.2.39-r1", -1},
      {"1.0.4-r3", "1.0.4-r4", -1},
      {"1.1", "1.1_alpha1", 1},
      {"1.2.1", "1.2", 1},
      {"1.2", "1.3_alpha", -1},
      {"1.3_alpha", "1.3_alpha2", -1},
      {"1.3_alpha2", "1.3_alpha3", -1},
      {"0.7.0", "0.8_beta1", -1},
      {"0.8_beta4", "4.8-r1", -1},
      {"3.10.18-r1", "2.3.0b-r1", 1},
      {"2.3.0b-r1", "2.3.0b-r2", -1},
      {"2.3.0b-r4", "0.12.1", 1},
      {"0.12.3", "0.12", 1},
      {"0.12", "0.13_beta1", -1},
      {"0.13_beta4", "0.13_beta5", -1},
      {"1.2.11", "1.2.12.1", -1},
      {"1.2.12.1", "1.2.13", -1},
      {"2.0.0_rc3-r1", "1.5", 1},
      {"0.2.0-r1", "3.1_p16", -1},
      {"3.1_p16", "3.1_p17", -1},
      {"3.1_p17", "1.06-r6", 1},
      {"1.06-r6", "006", -1},
      {"006", "1.0.0", 1},
      {"1.2.2-r1", "1.2.2", 1},
      {"9.3.4-r2", "9.3.4", 1},
      {"2.16.1-r3", "2.16.1-r3", 0},
      {"2.59", "20050718-r1", -1},
      {"20050718-r2", "3.9.8-r5", 1},
      {"3.9.8-r5", "2.01.01_alpha10", 1},
      {"2.01.01_alpha10", "0.94", 1},
      {"1.0", "0.99.3.20040818", 1},
      {"1.39", "1.00_beta2", 1},
      {"1.00_beta2", "0.9.2", 1},
      {"7.15.1-r1", "1.02", 1},
      {"1.02", "1.03-r1", -1},
      {"4.2.52_p2-r1", "4.2.52_p4-r2", -1},
      {"4.2.52_p4-r2", "1.02.07", 1},
      {"1.02.07", "1.02.10-r1", -1},
      {"2.18.3-r10", "1.05-r18", 1},
      {"1.05-r18", "1.05-r19", -1},
      {"2.38", "20050405", -1},
      {"1.0.0", "10-r1", -1},
      {"20060720", "3.0.20060720", 1},
      {"1.4.4-r1", "2.1.9.200602141850", -1},
      {"2.5.1-r8", "2.5.1a-r1", -1},
      {"1.3.5-r10", "1.3.5-r8", 1},
      {"1.3.5-r8", "1.3.5-r9", -1},
      {"0.3", "20020207-r2", -1},
      {"0.99.163", "2.6.15.20060110", -1},
      {"2.6.15.20060110", "2.6.16.20060323", -1},
      {"3.0.0-r2", "021109-r3", -1},
      {"021109-r3", "20060512", -1},
      {"0.9.16-r1", "3.9_pre20060124", -1},
      {"3.9_pre20060124", "0.01", 1},
      {"0.01", "0.06", -1},
      {"1.1.7", "6b-r7", -1},
      {"6b-r7", "1.12-r7", 1},
      {"0.10.0-r1", "0.10.0", 1},
      {"0.10.0", "0.10.1_rc1", -1},
      {"1.1a", "1.3a", -1},
      {"1.0-r1", "0.15.1b", 1},
      {"0.15.1b-r2", "0.15.1b", 1},
      {"22.7-r1", "22.7.3-r1", -1},
      {"22.7.3-r1", "22.7", 1},
      {"22.7", "2.1_pre20", 1},
      {"2.1_pre20", "2.1_pre26", -1},
      {"2.10.1", "02.08.01b", 1},
      {"02.08.01b", "4.77", -1},
      {"5.1", "2.02.06", 1},
      {"2.02.06", "2.02.10", -1},
      {"8.1.2.20040524-r1", "8.1.2.20050715-r1", -1},
      {"8.1.2.20050715-r1", "20030215", -1},
      {"3.81", "1.6d", 1},
      {"1.6d", "1.2.07.8", 1},
      {"1.2.07.8", "1.2.12.04", -1},
      {"1.2.12.04", "1.2.12.05", -1},
      {"1.07-r1", "1.07.5", -1},
      {"1.07.5", "1.07", 1},
      {"20061003", "0.1_pre20060810", 1},
      {"0.1_pre20060810", "0.1_pre20060817", -1},
      {"3.3.17", "0.59s-r11", 1},
      {"0.59s-r11", "0.65", -1},
      {"4.01", "4.20", -1},
      {"4.20", "0.20070118", 1},
      {"0.20070118", "0.20070207_rc1", -1},
      {"0.20070207_rc1", "1.0", -1},
      {"2.3.30-r2", "3.7_p1", -1},
      {"4.3_p2-r1", "4.3_p2-r5", -1},
      {"4.4_p1-r6", "4.5_p1-r1", -1},
      {"4.5_p1-r1", "4.5_p1", 1},
      {"4.5_p1", "0.9.8c-r1", 1},
      {"0.9.8c-r1", "0.9.8d", -1},
      {"2.2.3-r2", "013", -1},
      {"013", "014-r1", -1},
      {"0.1.23", "5b-r9", -1},
      {"3.2.7", "0.3.1_rc8", 1},
      {"1.7", "1.7b", -1},
      {"1.7b", "1.8.4-r3", -1},
      {"1.8.5", "1.8.5_p2", -1},
      {"0.98", "1.00", -1},
      {"1.4.9-r2", "2.9.11_pre20051101-r2", -1},
      {"2.9.11_pre20051101-r3", "2.9.11_pre20051101", 1},
      {"2.9.11_pre20051101", "2.9.11_pre20061021-r1", -1},
      {"1.6.8_p12-r1", "1.6.8_p9-r2", 1},
      {"0.40-r1", "2.25b-r5", -1},
      {"0.9.28-r2", "0.9.28.1", -1},
      {"0.9.28.1", "087-r1", -1},
      {"087-r1", "103", -1},
      {"104-r11", "104-r9", 1},
      {"1.23", "1.23-r1", -1},
      {"20040406-r1", "2.12r-r4", 1},
      {"2.12r-r4", "2.12r-r5", -1},
      {"7.0.17", "7.0.174", -1},
      {"1.1.1-r3", "0.3.4_pre20061029", 1},
      {"1.3-r0", "1.3.1-r0", -1},
      {"1.3_pre1-r1", "1.3.2", -1},
      {"1.0_p10-r0", "1.0_p9-r0", 1},
      {"0.1.0_alpha_pre2", "0.1.0_alpha", -1},
      {"1.0.0_pre20191002222144-r0", "1.0.0_pre20210530193627-r0", -1},
      {"6.0_pre1", "6.0", -1},
      {"6.1_pre1", "6.1", -1},
      {"6.0_p1", "6.0", 1},
      {"6.1_p1", "6.1", 1},
      {"8.2.0", "8.2.001", -1},
      {"8.2.0015", "8.2.002", -1},
      {"1.0~1234", "1.0~2345", -1},
      {"1.0~1234-r1", "1.0~2345-r0", -1},
      {"1.0~1234-r1", "1.0~1234-r0", 1},
  };
  EXPECT_EQ(CheckTable(Apk(), cases), "");
}

TEST(ApkCompare, LeadingZeroPartsCompareAsStrings) {
  // version.c token_cmp(): a non-initial number part starting with '0' on either side is
  // compared as a raw string (Gentoo rule); the initial part, suffix numbers and revisions are
  // numeric. Fixed apk-tools issue #10882 (readline 8.2.0 -> 8.2.001 was not an upgrade).
  const std::vector<Case> cases = {
      {"8.2.0", "8.2.001", -1}, {"1.0", "1.00", -1},   {"1.02", "1.1", -1},
      {"1.09", "1.1", -1},      {"1.010", "1.10", -1}, {"1.05", "1.5", -1},
      {"1.001", "1.01", -1},    {"1.0", "1.0", 0},     {"1.00", "1.00", 0},
      {"01", "1", 0},           {"007.1", "7.1", 0},   {"1.2-r01", "1.2-r1", 0},
      {"1.2_p01", "1.2_p1", 0}, {"006", "5.9", 1},     {"1.2.09", "1.2.9", -1},
      {"2.0.0", "2.00", -1},    {"1.9", "1.10", -1},
  };
  EXPECT_EQ(CheckTable(Apk(), cases), "");
}

TEST(ApkCompare, SuffixesOrderAroundTheRelease) {
  // version.c DECLARE_SUFFIXES: alpha < beta < pre < rc < (release) < cvs < svn < git < hg < p.
  const char* chain[] = {"1.0_alpha", "1.0_alpha1", "1.0_alpha2", "1.0_alpha2_p1", "1.0_beta",
                         "1.0_pre",   "1.0_rc",     "1.0_rc9",    "1.0",           "1.0-r1",
                         "1.0_cvs",   "1.0_svn",    "1.0_git",    "1.0_hg",        "1.0_p",
                         "1.0_p1",    "1.0_p10"};
  std::vector<Case> cases;
  for (size_t i = 0; i + 1 < std::size(chain); ++i) cases.push_back({chain[i], chain[i + 1], -1});
  cases.push_back({"1.0_rc1", "1.0_rc01", 0});
  EXPECT_EQ(CheckTable(Apk(), cases), "");
}

TEST(ApkCompare, LongerVersionOrdersByNextTokenType) {
  // version.c apk_version_compare_fuzzy(): once one side runs out of equal tokens, a
  // pre-release suffix sorts lowest, otherwise the side whose next token type comes later in
  // enum PARTS (END > revision > hash > suffix number > suffix > letter > digit) is lower.
  const char* chain[] = {"1.0_rc1", "1.0", "1.0-r0", "1.0~ab", "1.0_p1", "1.0a", "1.0.1"};
  std::vector<Case> cases;
  for (size_t i = 0; i < std::size(chain); ++i)
    for (size_t j = i + 1; j < std::size(chain); ++j) cases.push_back({chain[i], chain[j], -1});
  cases.push_back({"1.0_alpha", "1.0_alpha1", -1});
  cases.push_back({"1.0_p1", "1.0_p1_rc1", 1});
  cases.push_back({"1.0a", "1.0a_p1", -1});
  cases.push_back({"1.0~ab", "1.0~ab-r1", -1});
  EXPECT_EQ(CheckTable(Apk(), cases), "");
}

TEST(ApkCompare, CommitHashesSortAsStrings) {
  const std::vector<Case> cases = {
      {"1.0~abc", "1.0~abd", -1},
      {"1.0~ab", "1.0~abc", -1},
      {"1.0~9", "1.0~a", -1},
      {"1.0~0abc", "1.0~0abc", 0},
      {"24.079.58964~7943616", "24.079.58964~7943617", -1},  // OpenWrt luci feed style.
      {"1.0_rc1~ab", "1.0~ab", -1},
  };
  EXPECT_EQ(CheckTable(Apk(), cases), "");
}

TEST(ApkCompare, RealAlpineVersions) {
  // Fixed versions from Alpine secdb (secdb.alpinelinux.org) and aports package versions.
  const std::vector<Case> cases = {
      {"1.2.3-r0", "1.2.3", 1},
      {"1.2.3-r0", "1.2.3-r1", -1},
      {"3.0.8-r1", "3.0.8-r0", 1},
      {"3.0.8-r1", "3.0.10-r0", -1},
      {"1.36.1-r2", "1.36.1-r15", -1},
      {"1.36.1-r2", "1.36.0-r9", 1},
      {"2.9.14-r0", "2.9.14_p20210915-r0", -1},
      {"2.9.14_p20210915-r0", "2.9.15-r0", -1},
      {"0.8.1-r3", "0.8.1_git20200113-r3", -1},
      {"0.8.1_git20200113-r3", "0.8.1_git20200113-r4", -1},
      {"0.8.1_git20200113-r3", "0.8.2-r0", -1},
      {"7.79.1-r5", "7.80.0-r0", -1},
      {"7.79.1-r5", "7.79.1-r10", -1},
      {"1.1.1k-r0", "1.1.1l-r0", -1},
      {"1.1.1l-r0", "1.1.1-r9", 1},
      {"1.1.1l-r0", "1.1.2-r0", -1},
      {"3.1.4-r5", "3.1.4_p1-r0", -1},
      {"6.4-r2", "6.4_p20231125-r0", -1},  // chainguard-dev/go-apk#175 (post-suffix fix).
      {"2.40.1-r0", "2.40.1_rc3-r0", 1},
  };
  EXPECT_EQ(CheckTable(Apk(), cases), "");
}

TEST(ApkCompare, LongNumbersCompareExactly) {
  // apk parses numbers into a wrapping uint64_t; real versions never get near 2^64, and we
  // compare any length exactly rather than reproduce the wrap (docs/versions/apk.md).
  const std::vector<Case> cases = {
      {"1.99999999999999999999", "1.100000000000000000000", -1},
      {"123456789012345678901234567890", "123456789012345678901234567891", -1},
      {"1.0_p99999999999999999999999", "1.0_p100000000000000000000000", -1},
      {"1-r18446744073709551616", "1-r18446744073709551615", 1},
  };
  EXPECT_EQ(CheckTable(Apk(), cases), "");
}

TEST(ApkValidate, AcceptsTheGrammar) {
  // Valid rows of apk-tools test/unit/version.data plus the grammar's corners.
  for (const char* v : {"1.2", "0.1_pre2", "0.1_pre2~1234abcd", "0.1_p1_pre2", "0.1_alpha1_pre2",
                        "0.1_git20240101_pre1", "1", "01", "1.2.3.4.5.6.7.8", "1.2a", "1a", "1.0_p",
                        "1.0-r0", "1.0a_rc1~0f-r3", "2.12r-r4", "0.59s-r11", "1.0~a", "20250101"}) {
    EXPECT_TRUE(ValidateApk(v)) << v << ": " << ValidateApk(v).error().message;
  }
}

struct Invalid {
  const char* version;
  const char* reason;  // Substring of the error message.
};

TEST(ApkValidate, RejectsWithReason) {
  // The "!" rows of apk-tools test/unit/version.data, the brief's examples and more.
  const Invalid cases[] = {
      {"", "empty version"},
      {"0.1bc", "a letter may only follow a number part"},
      {"0.1bc1", "a letter may only follow a number part"},
      {"0.1a1", "a digit may not follow the letter"},
      {"0.1a.1", "'.' may only separate the leading numbers"},
      {"0.1_pre2~", "'~' must be followed by lowercase hex digits"},
      {"0.1_pre2~1234xbcd", "a letter may only follow a number part"},
      {"0.1_pre2~1234abcd_pre1", "'_' suffix after the commit hash or revision"},
      {"0.1_pre2-r1~1234xbcd", "'~' hash after another hash or the revision"},
      {"0.1_foobar", "unknown suffix \"_foobar\""},
      {"0.1_foobar1", "unknown suffix \"_foobar\""},
      {"0.1-pre1.1", "'-' must start the revision"},
      {"0.1-r", "\"-r\" must be followed by digits"},
      {"0.1-r2_pre1", "'_' suffix after the commit hash or revision"},
      {"0.1-r2_p3_pre1", "'_' suffix after the commit hash or revision"},
      {"0.1-r2-r3", "a second revision"},
      {"0.1-r2.1", "'.' may only separate the leading numbers"},
      {".1", "must start with a digit"},
      {"a", "must start with a digit"},
      {"_pre1", "must start with a digit"},
      {"-r1", "must start with a digit"},
      {"r1", "must start with a digit"},
      {"0.1_", "unknown suffix \"_\""},
      {"0.1_-r0", "unknown suffix \"_\""},
      {"0.1__alpha", "unknown suffix \"_\""},
      {"0.1_1_alpha", "unknown suffix \"_\""},
      {"1.2_foo", "unknown suffix \"_foo\""},
      {"1..2", "expected digits at offset 2"},
      {"1.", "expected digits at offset 2"},
      {"1.0_ALPHA", "unknown suffix \"_\""},
      {"1.0A", "unexpected character 'A'"},
      {"1.0~ABC", "'~' must be followed by lowercase hex digits"},
      {"1.0-1", "'-' must start the revision"},
      {"1.0 ", "unexpected character '\\x20'"},
      {" 1.0", "must start with a digit"},
      {"v1.0", "must start with a digit"},
      {"1.0~ab~cd", "'~' hash after another hash"},
      {"1.0+1", "unexpected character '+'"},
      {"1.0\xc3\xa9", "unexpected character '\\xc3'"},
  };
  for (const Invalid& c : cases) {
    Status s = ValidateApk(c.version);
    ASSERT_FALSE(s) << '"' << c.version << "\" should be invalid";
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(s.error().message.find(c.reason), std::string::npos)
        << c.version << ": " << s.error().message;
    EXPECT_NE(s.error().message.find("invalid apk version"), std::string::npos);
  }
}

TEST(ApkCompare, InvalidSideIsNamed) {
  Result<int> left = CompareApk("1.2_foo", "1.2");
  ASSERT_FALSE(left);
  EXPECT_EQ(left.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(left.error().message.rfind("left: ", 0), 0u) << left.error().message;
  // An invalid tail after the deciding token is still an error, never a silent answer.
  Result<int> right = CompareApk("1.2", "1.3_foo");
  ASSERT_FALSE(right);
  EXPECT_EQ(right.error().message.rfind("right: ", 0), 0u) << right.error().message;
  EXPECT_FALSE(CompareApk("", "1"));
  EXPECT_FALSE(CompareApk("2-r1-r2", "1"));
}

// Grammar for the property test, written from version.c's token rules.
std::string HexRun(Rng& rng) {
  static const std::string kHex = "0123456789abcdef";
  std::string s;
  size_t n = Uniform(rng, 1, 8);
  for (size_t i = 0; i < n; ++i) s += kHex[Uniform(rng, 0, 15)];
  return s;
}

const std::vector<std::string>& Suffixes() {
  static const std::vector<std::string> kSuffixes = {"alpha", "beta", "pre", "rc", "cvs",
                                                     "svn",   "git",  "hg",  "p"};
  return kSuffixes;
}

std::string GenApk(Rng& rng) {
  static const std::vector<std::string> kGarbage = {
      "", "a", "1..2", "1.0_foo", "-r1", "1.0-", "1.0a1", "1.0~", "v1.2", "1.0_rc1.2"};
  if (Chance(rng, 0.03)) return Pick(rng, kGarbage);
  std::string v = Number(rng);
  for (size_t i = Uniform(rng, 0, 3); i > 0; --i) v += "." + Number(rng);
  if (Chance(rng, 0.2)) v += static_cast<char>('a' + Uniform(rng, 0, 25));
  for (size_t i = Chance(rng, 0.4) ? Uniform(rng, 1, 2) : 0; i > 0; --i) {
    v += "_" + Pick(rng, Suffixes());
    if (Chance(rng, 0.6)) v += Number(rng);
  }
  if (Chance(rng, 0.15)) v += "~" + HexRun(rng);
  if (Chance(rng, 0.6)) v += "-r" + Number(rng);
  return v;
}

std::string MutateApk(Rng& rng, const std::string& base) {
  std::string v = base;
  // Where a new token may go: before "~hash" / "-rN" so the result usually stays valid.
  size_t tail = v.find_first_of("~-");
  if (tail == std::string::npos) tail = v.size();
  switch (Uniform(rng, 0, 8)) {
    case 0: {  // Replace one digit run with another number.
      std::vector<size_t> starts;
      for (size_t i = 0; i < v.size(); ++i)
        if (IsDigit(v[i]) && (i == 0 || !IsDigit(v[i - 1]))) starts.push_back(i);
      if (starts.empty()) return v + "1";
      size_t s = Pick(rng, starts), e = s;
      while (e < v.size() && IsDigit(v[e])) ++e;
      return v.replace(s, e - s, Number(rng));
    }
    case 1: {  // Insert a leading zero or append a zero to a digit run.
      size_t i = v.find_first_of("0123456789", Uniform(rng, 0, v.size()));
      if (i == std::string::npos) return v;
      return v.insert(i, "0");
    }
    case 2:
      return v.insert(tail, "_" + Pick(rng, Suffixes()) + (Chance(rng, 0.5) ? Number(rng) : ""));
    case 3: return v.insert(tail, std::string(1, static_cast<char>('a' + Uniform(rng, 0, 25))));
    case 4: return v.insert(tail, "." + Number(rng));
    case 5: {  // Change or add the revision.
      size_t r = v.find("-r");
      if (r != std::string::npos) v.erase(r);
      return v + "-r" + Number(rng);
    }
    case 6: {  // Change or add the hash.
      size_t h = v.find('~');
      std::string rev = tail < v.size() && v[tail] == '-' ? v.substr(tail) : "";
      if (h != std::string::npos) {
        size_t r = v.find("-r", h);
        rev = r == std::string::npos ? "" : v.substr(r);
        v.erase(h);
      } else {
        v.erase(tail);
      }
      return v + "~" + HexRun(rng) + rev;
    }
    case 7: {  // Cut at a separator.
      size_t cut = v.find_last_of("._~-");
      if (cut == std::string::npos || cut == 0) return v;
      return v.substr(0, cut);
    }
    default: return Chance(rng, 0.5) ? v + "_p" : v + "x";  // Often invalid after a revision.
  }
}

TEST(ApkCompare, OrderPropertiesHold) {
  EXPECT_EQ(CheckOrderProperties(Apk(), 25000, TestSeed(), GenApk, MutateApk), "");
}

TEST(ApkCompare, GrammarMostlyValid) {
  // Guards the property test against vacuity: most generated versions must be valid.
  Rng rng(TestSeed());
  size_t valid = 0;
  const size_t n = 4000;
  for (size_t i = 0; i < n; ++i) {
    std::string v = i % 2 ? GenApk(rng) : MutateApk(rng, GenApk(rng));
    if (ValidateApk(v)) ++valid;
  }
  EXPECT_GT(valid, n * 7 / 10);
}

}  // namespace
}  // namespace vs::version
