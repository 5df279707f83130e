// Tests for the RPM version scheme. The order reference is librpm itself, linked in process:
// rpmverParse() + rpmverCmp() (which use rpmvercmp() per part). librpm accepts any non-empty
// string, so validity is checked against an independent restatement of rpmbuild's EVR rules
// (a regular expression here, a hand-written scanner in rpm.cpp); see docs/versions/rpm.md.
#include "version/rpm.h"

#include <memory>
#include <regex>
#include <string>
#include <type_traits>
#include <vector>

#include <gtest/gtest.h>
#include <rpm/rpmver.h>

#include "tests/version/testing.h"

namespace vs::version {
namespace {

using testing::Case;
using testing::Chance;
using testing::Number;
using testing::Pair;
using testing::Pick;
using testing::Rng;
using testing::Uniform;

// Reference: rpmbuild's EVR rules for validity, librpm for the order.

// build/parseReqs.c checkDep(): alphabet ALLOWED_CHARS_EVR (letters, digits, "._+%{}~^-:"),
// no "..", at most one '-' and one ':', only digits before ':'. We also require non-empty
// version and release parts.
const std::regex kEvrPolicy(
    R"(^(?:([0-9]*):)?([A-Za-z0-9._+%{}~^]+)(?:-([A-Za-z0-9._+%{}~^]+))?$)");

bool PolicyAccepts(const std::string& v, std::smatch* m) {
  return std::regex_match(v, *m, kEvrPolicy) && v.find("..") == std::string::npos;
}

struct RpmverDeleter {
  void operator()(rpmver v) const { rpmverFree(v); }
};
using RpmverPtr = std::unique_ptr<std::remove_pointer_t<rpmver>, RpmverDeleter>;

// "error" when the policy rejects either side; else the sign of rpmverCmp(). Also checks that
// rpmverParse() splits an accepted EVR the way the policy reads it, so the two cannot drift.
std::string RpmAnswer(const std::string& a, const std::string& b) {
  std::smatch ma, mb;
  if (!PolicyAccepts(a, &ma) || !PolicyAccepts(b, &mb)) return "error";
  RpmverPtr va(rpmverParse(a.c_str()));
  RpmverPtr vb(rpmverParse(b.c_str()));
  if (!va || !vb) return "reference-null";
  for (auto [v, m] : {std::pair{va.get(), &ma}, std::pair{vb.get(), &mb}}) {
    const char* e = rpmverE(v);  // parseEVR() turns an empty epoch into "0".
    const char* r = rpmverR(v);
    const std::string want_e = (*m)[1].str().empty() ? "0" : (*m)[1].str();
    if ((e != nullptr) != (*m)[1].matched || (e != nullptr && e != want_e) ||
        rpmverV(v) != (*m)[2].str() || (r != nullptr) != (*m)[3].matched ||
        (r != nullptr && r != (*m)[3].str())) {
      return "reference-split-differs";
    }
  }
  int c = rpmverCmp(va.get(), vb.get());
  return c < 0 ? "-1" : (c > 0 ? "1" : "0");
}

std::vector<std::string> RpmAnswers(const std::vector<Pair>& pairs) {
  std::vector<std::string> out;
  out.reserve(pairs.size());
  for (const Pair& p : pairs) out.push_back(RpmAnswer(p.a, p.b));
  return out;
}

// Grammar, written from rpmvercmp()'s rules and real distribution EVRs.

const std::vector<std::string> kWords = {
    "a",   "b",  "z",    "A",      "Z", "rc", "beta", "alpha", "pre", "git",  "el",  "fc",
    "mga", "oe", "amzn", "module", "p", "aa", "aaa",  "xyz",   "RC",  "Beta", "dev", "snap"};

// Separators: rpmvercmp skips them all alike.
const std::vector<std::string> kSeps = {".", "_", "+", "%", "{", "}"};

// Bytes and shapes rpmbuild rejects.
const std::vector<std::string> kGarbage = {"",
                                           " ",
                                           "-",
                                           ":",
                                           "1:",
                                           "1.0-",
                                           "-1",
                                           "1:-1",
                                           "a:1",
                                           "1a:1.0",
                                           "1-2-3",
                                           "1:2:3",
                                           "1..2",
                                           "1.0 ",
                                           " 1.0",
                                           "1 0",
                                           "1.0@",
                                           "1,0",
                                           "1/0",
                                           "1.0#1",
                                           "1.0\x80",
                                           "1.0\x01",
                                           "+1:1.0",
                                           "1-2:3",
                                           "1.0-1-",
                                           "1.0-1.",
                                           "1.0-..1",
                                           "1.0-1%{?dist}",
                                           "1.0\v",
                                           "v1.0!",
                                           "1.0-1\xc3\xa9"};

std::string Epoch(Rng& rng) {
  switch (Uniform(rng, 0, 11)) {
    case 0: return "0";
    case 1: return "00";
    case 2: return Number(rng);  // Sometimes 10–40 digits.
    case 3: return "";           // rpmverParse() reads an empty epoch as 0.
    case 4: return "4294967296";
    default: return std::to_string(Uniform(rng, 1, 4));
  }
}

std::string Part(Rng& rng, bool release) {
  std::string s = Chance(rng, 0.92) ? Number(rng) : Pick(rng, kWords);
  size_t parts = Uniform(rng, 0, release ? 4 : 5);
  for (size_t i = 0; i < parts; ++i) {
    switch (Uniform(rng, 0, 13)) {
      case 0:
      case 1:
      case 2: s += "." + Number(rng); break;
      case 3: s += "~" + Pick(rng, kWords) + (Chance(rng, 0.6) ? Number(rng) : ""); break;
      case 4: s += "^" + Pick(rng, kWords) + (Chance(rng, 0.6) ? Number(rng) : ""); break;
      case 5: s += Chance(rng, 0.5) ? "~" : "^"; break;
      case 6: s += Pick(rng, kWords); break;  // Letters right after digits: "5.5p1".
      case 7: s += Pick(rng, kSeps) + Number(rng); break;
      case 8: s += "." + Pick(rng, kWords) + Number(rng); break;  // "el9", "fc39".
      case 9: s += "_" + Number(rng); break;                      // "el9_3".
      case 10: s += Pick(rng, kSeps); break;                      // Trailing separator.
      case 11:
        s += "^" + std::to_string(Uniform(rng, 20200101, 20241231)) + "git" + Pick(rng, kWords);
        break;
      case 12:
        s += "+" + Pick(rng, kWords) + Number(rng) + "+" + Number(rng);
        break;  // module+el8…
      default: s += Chance(rng, 0.5) ? "~~" : "^^"; break;
    }
  }
  return s;
}

std::string GenRpm(Rng& rng) {
  if (Chance(rng, 0.03)) return Pick(rng, kGarbage);
  std::string s;
  if (Chance(rng, 0.3)) s = Epoch(rng) + ":";
  s += Part(rng, false);
  if (Chance(rng, 0.7)) s += "-" + Part(rng, true);
  return s;
}

std::vector<std::pair<size_t, size_t>> DigitRuns(const std::string& s) {
  std::vector<std::pair<size_t, size_t>> runs;
  for (size_t i = 0; i < s.size();) {
    if (s[i] >= '0' && s[i] <= '9') {
      size_t j = i;
      while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
      runs.push_back({i, j - i});
      i = j;
    } else {
      ++i;
    }
  }
  return runs;
}

std::string MutateRpm(Rng& rng, const std::string& base) {
  std::string s = base;
  switch (Uniform(rng, 0, 15)) {
    case 0:
    case 1: {  // Change one number: bump, zero-pad, or replace.
      auto runs = DigitRuns(s);
      if (runs.empty()) return s + "1";
      auto [pos, len] = Pick(rng, runs);
      std::string run = s.substr(pos, len);
      std::string repl;
      switch (Uniform(rng, 0, 3)) {
        case 0: repl = "0" + run; break;
        case 1: repl = run.size() < 18 ? std::to_string(std::stoull(run) + 1) : run + "0"; break;
        case 2:
          repl = (run.size() < 18 && std::stoull(run) > 0) ? std::to_string(std::stoull(run) - 1)
                                                           : "0";
          break;
        default: repl = Number(rng); break;
      }
      return s.replace(pos, len, repl);
    }
    case 2: {  // Append something that sorts just before or just after.
      static const std::vector<std::string> kSuffix = {"~",  "^", "~rc1", "^git1", "~~", "^^",
                                                       ".0", ".", "_",    "a",     "A",  "_1",
                                                       "+1", "0", "~a^b", "^1~2"};
      return s + Pick(rng, kSuffix);
    }
    case 3: {  // Insert a special or a separator somewhere.
      static const std::vector<std::string> kIns = {"~", "^", ".", "_", "+", "a", "0", "-", ":"};
      return s.insert(Uniform(rng, 0, s.size()), Pick(rng, kIns));
    }
    case 4:
      if (!s.empty()) s.erase(Uniform(rng, 0, s.size() - 1), 1);
      return s;
    case 5: {  // Swap a separator for another: equal under rpmvercmp.
      std::vector<size_t> at;
      for (size_t i = 0; i < s.size(); ++i)
        if (std::string("._+%{}").find(s[i]) != std::string::npos) at.push_back(i);
      if (at.empty()) return s + ".0";
      s[Pick(rng, at)] = Pick(rng, kSeps)[0];
      return s;
    }
    case 6: {  // Change a letter: case, or neighbour.
      std::vector<size_t> at;
      for (size_t i = 0; i < s.size(); ++i)
        if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')) at.push_back(i);
      if (at.empty()) return s + "a";
      size_t i = Pick(rng, at);
      s[i] = Chance(rng, 0.5) ? char(s[i] ^ 0x20)
                              : (s[i] == 'z' || s[i] == 'Z' ? 'a' : char(s[i] + 1));
      return s;
    }
    case 7: {  // Add, change or drop the epoch ("0:" changes nothing).
      size_t colon = s.find(':');
      if (colon != std::string::npos && Chance(rng, 0.5)) return s.substr(colon + 1);
      if (colon != std::string::npos) return Epoch(rng) + s.substr(colon);
      return (Chance(rng, 0.5) ? "0:" : Epoch(rng) + ":") + s;
    }
    case 8: {  // Add or drop the release.
      size_t hyphen = s.rfind('-');
      if (hyphen != std::string::npos && Chance(rng, 0.6)) return s.substr(0, hyphen);
      if (hyphen != std::string::npos) return s.substr(0, hyphen + 1) + Part(rng, true);
      return s + "-" + Part(rng, true);
    }
    case 9: {  // A number against a word at the same place.
      auto runs = DigitRuns(s);
      if (runs.empty()) return s;
      auto [pos, len] = Pick(rng, runs);
      return s.replace(pos, len, Pick(rng, kWords));
    }
    case 10: {  // A word against a number.
      for (size_t i = 0; i < s.size(); ++i) {
        if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')) {
          size_t j = i;
          while (j < s.size() && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z')))
            ++j;
          return s.replace(i, j - i, Number(rng));
        }
      }
      return s + "a";
    }
    case 11:
      if (Chance(rng, 0.2)) return Pick(rng, kGarbage);
      return s + "^" + Pick(rng, kWords) + std::to_string(Uniform(rng, 0, 3));
    case 12: return s + "~" + Pick(rng, kWords) + std::to_string(Uniform(rng, 0, 3));
    default: return s;  // Equal pairs.
  }
}

const Scheme& Rpm() { return testing::SchemeFor("rpm"); }

// rpm's own test suite (tests/rpmvercmp.at), the Fedora packaging guidelines on '~' and '^'
// (docs.fedoraproject.org, "Versioning"), and EVRs from advisories: RHSA/ALSA/RLSA errata,
// SUSE-SU, ALAS (Amazon Linux) and Fedora updates.
const std::vector<Case> kTable = {
    // tests/rpmvercmp.at
    {"1.0", "1.0", 0},
    {"1.0", "2.0", -1},
    {"2.0.1", "2.0", 1},
    {"2.0.1a", "2.0.1", 1},
    {"5.5p1", "5.5p2", -1},
    {"5.5p10", "5.5p1", 1},
    {"10xyz", "10.1xyz", -1},
    {"xyz10", "xyz10.1", -1},
    {"xyz.4", "8", -1},
    {"xyz.4", "2", -1},
    {"5.5p2", "5.6p1", -1},
    {"5.6p1", "6.5p1", -1},
    {"6.0.rc1", "6.0", 1},
    {"10b2", "10a1", 1},
    {"10a2", "10b2", -1},
    {"1.0aa", "1.0aaa", -1},
    {"10.0001", "10.1", 0},
    {"10.0001", "10.0039", -1},
    {"4.999.9", "5.0", -1},
    {"20101121", "20101122", -1},
    {"2_0", "2.0", 0},
    {"a+", "a_", 0},
    {"+a", "_a", 0},
    {"+_", "_+", 0},
    {"+", "_", 0},
    {"1.0~rc1", "1.0", -1},
    {"1.0~rc1", "1.0~rc2", -1},
    {"1.0~rc1~git123", "1.0~rc1", -1},
    {"1.0^", "1.0", 1},
    {"1.0^git1", "1.0", 1},
    {"1.0^git1", "1.0.1", -1},
    {"1.0^git1", "1.01", -1},
    {"1.0^20160101", "1.0.1", -1},
    {"1.0^20160102", "1.0^20160101", 1},
    {"1.0^git1~pre", "1.0^git1", -1},
    {"1.0^git1~pre", "1.0", 1},
    {"1.0~rc1^git1", "1.0~rc1", 1},
    {"1.0~rc1^git1", "1.0", -1},
    {"1.0^git1^1", "1.0^git1", 1},
    // Digits beat letters; letters compare as case-sensitive ASCII.
    {"1.1", "1.a", 1},
    {"1.Z", "1.a", -1},
    {"1.0a", "1.0.a", 0},
    {"1.0.", "1.0", 0},
    // Numbers of any length.
    {"1.1234567890123456789012345678901234567890", "1.1234567890123456789012345678901234567889", 1},
    {"1.0000000000000000000000000000000000000007", "1.7", 0},
    // Epochs: missing or empty is 0; numeric, any length.
    {"0:1.0", "1.0", 0},
    {":1.0", "1.0", 0},
    {"00001:1.0", "1:1.0", 0},
    {"1:1.0", "2.0", 1},
    {"99999999999999999999:1", "99999999999999999998:2", 1},
    // rpmverCmp(): a missing release sorts before any release.
    {"1.0", "1.0-1", -1},
    {"1.0", "1.0-0", -1},
    {"1.0-1", "1.0-2", -1},
    {"1.0-1", "1.0.1", -1},
    // Red Hat family errata (RHSA-2024:0310 openssl, RHSA-2024:0897 glibc, kernel).
    {"1:3.0.7-25.el9_3", "1:3.0.7-24.el9", 1},
    {"0:1.2.3-4.el9_2", "1.2.3-4.el9_2", 0},
    {"3.0.7-25.el9_3", "3.0.7-25.el9", 1},
    {"2.34-83.el9_3.7", "2.34-83.el9_3.12", -1},
    {"5.14.0-362.13.1.el9_3", "5.14.0-362.8.1.el9_3", 1},
    {"1.14.1-1.module+el8.4.0+10198+4ec1c6ed", "1.14.1-1.module+el8.4.0+10198+4ec1c6ee", -1},
    // SUSE-SU, ALAS, Fedora, Mageia, openEuler.
    {"1.1.1l-150400.7.60.2", "1.1.1l-150400.7.53.1", 1},
    {"1.0.2k-24.amzn2.0.10", "1.0.2k-24.amzn2.0.7", 1},
    {"3.1.4-1.fc39", "3.1.4-1.fc40", -1},
    {"2.38-7.mga9", "2.38-8.mga9", -1},
    {"1.1.1m-15.oe2203", "1.1.1m-2.oe2203", 1},
    // Fedora snapshot and pre-release conventions.
    {"1.0^git1", "1.0", 1},
    {"2.0~rc1", "2.0", -1},
    {"2.0~rc1-1.fc39", "2.0-0.1.fc39", -1},
};

TEST(RpmCompare, TableMatchesSpecAndAdvisories) {
  EXPECT_EQ(testing::CheckTable(Rpm(), kTable), "");
}

TEST(RpmCompare, TableAgreesWithLibrpm) {
  for (const Case& c : kTable) {
    std::string want = c.expected < 0 ? "-1" : (c.expected > 0 ? "1" : "0");
    EXPECT_EQ(RpmAnswer(c.a, c.b), want) << c.a << " vs " << c.b;
  }
}

TEST(RpmCompare, SegmentsAgreeWithRpmvercmp) {
  // The table's plain versions (no epoch, no release) through rpmvercmp() directly.
  for (const Case& c : kTable) {
    std::string a = c.a, b = c.b;
    if (a.find_first_of(":-") != std::string::npos || b.find_first_of(":-") != std::string::npos)
      continue;
    int want = rpmvercmp(c.a, c.b);
    EXPECT_EQ(*CompareRpm(a, b), want < 0 ? -1 : (want > 0 ? 1 : 0)) << a << " vs " << b;
  }
}

TEST(RpmCompare, CaretSortsAfterEndButBeforeMore) {
  EXPECT_EQ(*CompareRpm("1.0", "1.0^"), -1);
  EXPECT_EQ(*CompareRpm("1.0^", "1.0.0"), -1);
  EXPECT_EQ(*CompareRpm("1.0~", "1.0^"), -1);
}

struct BadCase {
  std::string v;
  const char* reason;
};

TEST(RpmValidate, RejectsWhatRpmbuildRejects) {
  const std::vector<BadCase> bad = {
      {"", "version string is empty"},
      {"1:", "version is empty"},
      {":", "version is empty"},
      {"-1", "version is empty"},
      {"1:-1", "version is empty"},
      {"1.0-", "release is empty"},
      {"1.0-1-1", "more than one '-'"},
      {"1:2:3", "more than one ':'"},
      {"a:1.0", "epoch before ':' is not a number"},
      {"+1:1.0", "epoch before ':' is not a number"},
      {"1-2:3", "epoch before ':' is not a number"},
      {"1..0", "\"..\""},
      {"1.0-1..el9", "\"..\""},
      {"1.0 ", "space not allowed"},
      {" 1.0", "space not allowed"},
      {"1.0\t", "tab not allowed"},
      {"1.0@1", "character '@'"},
      {"1,0", "character ','"},
      {"1.0-1%{?dist}", "character '?'"},
      {"1.0\x80", "byte 0x80"},
      {std::string("1.0\0", 4), "byte 0x00"},
  };
  for (const BadCase& c : bad) {
    Status s = ValidateRpm(c.v);
    ASSERT_FALSE(s) << '"' << c.v << '"';
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(s.error().message.find(c.reason), std::string::npos) << s.error().message;
    EXPECT_EQ(RpmAnswer(c.v, "1.0"), "error") << '"' << c.v << '"';
  }
}

TEST(RpmValidate, AcceptsRpmbuildAlphabet) {
  for (const char* v : {"1.0", ":1.0", "0:1.0-1", "1.0-1.%{dist}", "+", "_", "~", "^", "1.0^git1",
                        "2.0~rc1", "1:3.0.7-25.el9_3", "99999999999999999999:1", "xyz", "1.0-a"}) {
    EXPECT_TRUE(ValidateRpm(v)) << '"' << v << '"';
    EXPECT_NE(RpmAnswer(v, "1.0"), "error") << '"' << v << '"';
  }
}

// Lengths that reach every code path of the parser: short strings, 8–15 bytes, one to four
// 16-byte blocks, and past the fast path's 64-byte limit.
const size_t kLengths[] = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 48, 63, 64, 65, 70};

TEST(RpmValidate, AgreesWithPolicyForEveryByteAtEveryPosition) {
  size_t disagreements = 0;
  std::string sample;
  for (size_t len : kLengths) {
    for (size_t pos = 0; pos < len; ++pos) {
      for (int byte = 0; byte < 256; ++byte) {
        std::string v(len, '1');
        v[pos] = char(byte);
        std::smatch m;
        const bool ours = static_cast<bool>(ValidateRpm(v));
        if (ours != PolicyAccepts(v, &m) && ++disagreements <= 5) sample += "  \"" + v + "\"\n";
      }
    }
  }
  EXPECT_EQ(disagreements, 0u) << sample;
}

TEST(RpmValidate, AgreesWithPolicyForEveryPairOfSeparatorPositions) {
  const char kSpecial[] = {':', '-', '.', '^'};
  size_t disagreements = 0;
  std::string sample;
  for (size_t len : kLengths) {
    for (size_t i = 0; i < len; ++i) {
      for (size_t j = i + 1; j < len; ++j) {
        for (char x : kSpecial) {
          for (char y : kSpecial) {
            std::string v(len, '1');
            v[i] = x;
            v[j] = y;
            std::smatch m;
            const bool ours = static_cast<bool>(ValidateRpm(v));
            if (ours != PolicyAccepts(v, &m) && ++disagreements <= 5) sample += "  \"" + v + "\"\n";
          }
        }
      }
    }
  }
  EXPECT_EQ(disagreements, 0u) << sample;
}

TEST(RpmCompare, ErrorNamesTheInvalidSide) {
  Result<int> left = CompareRpm("1.0-", "1.0");
  ASSERT_FALSE(left);
  EXPECT_EQ(left.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(left.error().message.rfind("left: ", 0), 0u) << left.error().message;
  Result<int> right = CompareRpm("1.0", "1 0");
  ASSERT_FALSE(right);
  EXPECT_EQ(right.error().message.rfind("right: ", 0), 0u) << right.error().message;
}

TEST(RpmCompare, OrderPropertiesHoldOnGeneratedTriples) {
  EXPECT_EQ(testing::CheckOrderProperties(Rpm(), 20000, testing::TestSeed(), GenRpm, MutateRpm),
            "");
}

TEST(RpmCompare, AgreesWithLibrpmOnGeneratedPairs) {
  std::vector<Pair> pairs = testing::GeneratePairs(25000, testing::TestSeed(), GenRpm, MutateRpm);
  std::vector<std::string> reference = RpmAnswers(pairs);
  testing::DiffReport report = testing::Differential(Rpm(), pairs, reference);
  EXPECT_EQ(report.compared, pairs.size());
  EXPECT_EQ(report.disagreements, 0u) << report.sample;
  size_t errors = 0, equal = 0;
  for (const std::string& r : reference) {
    errors += r == "error";
    equal += r == "0";
  }
  EXPECT_GT(report.valid_pairs, pairs.size() * 3 / 4);
  EXPECT_GT(errors, pairs.size() / 50);
  EXPECT_GT(equal, pairs.size() / 20);
}

}  // namespace
}  // namespace vs::version
