// Tests for the Debian (dpkg) version scheme. The reference is libdpkg itself, linked in
// process: parseversion() for validity (ERROR-level problems only, as dpkg --compare-versions
// merely warns about the rest) and dpkg_version_compare() for the order.
#include "version/deb.h"

#include <string>
#include <vector>

#include <dpkg/dpkg-db.h>
#include <dpkg/dpkg.h>
#include <dpkg/error.h>
#include <dpkg/version.h>
#include <gtest/gtest.h>

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

// "error" when parseversion() reports an ERROR (a WARN still yields a usable version), else
// the sign of dpkg_version_compare().
std::string DpkgAnswer(const std::string& a, const std::string& b) {
  struct dpkg_version va, vb;
  dpkg_version_blank(&va);
  dpkg_version_blank(&vb);
  struct dpkg_error ea = DPKG_ERROR_INIT;
  struct dpkg_error eb = DPKG_ERROR_INIT;
  bool bad_a = parseversion(&va, a.c_str(), &ea) < 0 && ea.type == DPKG_MSG_ERROR;
  bool bad_b = parseversion(&vb, b.c_str(), &eb) < 0 && eb.type == DPKG_MSG_ERROR;
  dpkg_error_destroy(&ea);
  dpkg_error_destroy(&eb);
  if (bad_a || bad_b) return "error";
  int c = dpkg_version_compare(&va, &vb);
  return c < 0 ? "-1" : (c > 0 ? "1" : "0");
}

std::vector<std::string> DpkgAnswers(const std::vector<Pair>& pairs) {
  std::vector<std::string> out;
  out.reserve(pairs.size());
  for (size_t i = 0; i < pairs.size(); ++i) {
    out.push_back(DpkgAnswer(pairs[i].a, pairs[i].b));
    // parseversion() copies into dpkg's global obstack and never frees it.
    if (i % 1024 == 1023) nffreeall();
  }
  nffreeall();
  return out;
}

// Grammar, written from deb-version(5) and the parseversion()/verrevcmp() rules.

const std::vector<std::string> kWords = {"a",      "b",   "z",    "A",      "Z",   "rc",  "beta",
                                         "alpha",  "pre", "dfsg", "ds",     "git", "svn", "really",
                                         "ubuntu", "deb", "bpo",  "build",  "b",   "u",   "nmu",
                                         "post",   "RC",  "Beta", "xenial", "esm"};

// Bytes dpkg only warns about, and so still compares: after the letters, before '.' etc.
const std::vector<std::string> kOddBytes = {"_",        "@",    "%",  "=",  "!", "\x80", "\xff",
                                            "\xc3\xa9", "\x01", "\v", "\f", "^", ",",    "/"};

const std::vector<std::string> kGarbage = {"",
                                           " ",
                                           "  ",
                                           "-",
                                           ":",
                                           "1:",
                                           "1.0-",
                                           "-1",
                                           "1:-1",
                                           "a:1",
                                           "1a:1",
                                           ":1.0",
                                           "1 0",
                                           "1.0 -1",
                                           "-1:1",
                                           "1:2 3",
                                           "1.0-1-",
                                           "99999999999999999999999:1",
                                           "2147483648:1",
                                           "4294967296:1.0",
                                           "1: ",
                                           " : ",
                                           "+:1",
                                           "- 1",
                                           "--",
                                           "0x10:1",
                                           "1e3:1",
                                           "1.5:2",
                                           "~:1"};

std::string Epoch(Rng& rng) {
  switch (Uniform(rng, 0, 39)) {
    case 0: return "0";
    case 1: return "00";
    case 2: return Number(rng);  // Sometimes 10–40 digits: then too big for dpkg.
    case 3: return "2147483647";
    case 4: return "2147483646";
    case 5: return "2147483648";
    case 6: return "+1";  // strtol() accepts a sign.
    case 7: return "-0";
    case 8: return "-1";
    case 9: return Chance(rng, 0.5) ? "" : "\v2";
    case 10: return Chance(rng, 0.5) ? "a" : "1a";
    default: return std::to_string(Uniform(rng, 1, 5));
  }
}

std::string Upstream(Rng& rng) {
  std::string s = Chance(rng, 0.94) ? Number(rng) : Pick(rng, kWords);
  size_t parts = Uniform(rng, 0, 5);
  for (size_t i = 0; i < parts; ++i) {
    switch (Uniform(rng, 0, 13)) {
      case 0:
      case 1:
      case 2:
      case 3: s += "." + Number(rng); break;
      case 4: s += "~" + Pick(rng, kWords) + (Chance(rng, 0.7) ? Number(rng) : ""); break;
      case 5: s += "+" + Pick(rng, kWords) + (Chance(rng, 0.7) ? Number(rng) : ""); break;
      case 6: s += Pick(rng, kWords); break;  // "1.0a": letters right after digits.
      case 7: s += Chance(rng, 0.5) ? "~" : "~~"; break;
      case 8: s += Chance(rng, 0.5) ? "." : "+"; break;
      case 9: s += "-" + Number(rng); break;   // A hyphen inside the upstream part.
      case 10: s += ":" + Number(rng); break;  // Colons are allowed after an epoch.
      case 11: s += Pick(rng, kOddBytes); break;
      case 12: s += "." + Pick(rng, kWords) + Number(rng); break;
      default: s += "0" + Number(rng); break;
    }
  }
  return s;
}

std::string Revision(Rng& rng) {
  std::string n1 = Number(rng);
  std::string n2 = std::to_string(Uniform(rng, 0, 30));
  switch (Uniform(rng, 0, 11)) {
    case 0: return n1;
    case 1: return n1 + "+deb" + std::to_string(Uniform(rng, 9, 13)) + "u" + n2;
    case 2: return n1 + "ubuntu" + n2 + (Chance(rng, 0.5) ? "." + Number(rng) : "");
    case 3: return "0ubuntu" + n2 + "." + Number(rng);
    case 4: return n1 + "~bpo" + std::to_string(Uniform(rng, 9, 12)) + "+" + n2;
    case 5: return n1 + "build" + n2;
    case 6: return n1 + "+b" + n2;
    case 7: return n1 + "." + n2 + (Chance(rng, 0.3) ? "~" : "");
    case 8: return n1 + "~" + Pick(rng, kWords) + n2;
    case 9: return Pick(rng, kWords) + n2;  // Revisions may start with a letter.
    case 10: return n1 + Pick(rng, kOddBytes) + n2;
    default: return n1 + "+" + Pick(rng, kWords);
  }
}

std::string GenDeb(Rng& rng) {
  if (Chance(rng, 0.03)) return Pick(rng, kGarbage);
  std::string s;
  std::string upstream = Upstream(rng);
  // Without an epoch, any colon is taken as the epoch separator: usually give one.
  bool colon = upstream.find(':') != std::string::npos;
  if (Chance(rng, colon ? 0.85 : 0.25)) s = Epoch(rng) + ":";
  s += upstream;
  if (Chance(rng, 0.7)) s += "-" + Revision(rng);
  if (Chance(rng, 0.02)) s = " " + s;
  if (Chance(rng, 0.02)) s += "  ";
  return s;
}

// Positions of the digit runs in `s`.
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

std::string MutateDeb(Rng& rng, const std::string& base) {
  std::string s = base;
  switch (Uniform(rng, 0, 15)) {
    case 0:
    case 1: {  // Change one number: bump, zero-pad, or replace (maybe by a very long one).
      auto runs = DigitRuns(s);
      if (runs.empty()) return s + "1";
      auto [pos, len] = Pick(rng, runs);
      std::string run = s.substr(pos, len);
      std::string repl;
      switch (Uniform(rng, 0, 3)) {
        case 0: repl = "0" + run; break;  // Same value.
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
      static const std::vector<std::string> kSuffix = {
          "~", "~~", "~rc1", "~~a", "a",     "A",        "+b1", ".0",  ".1",
          "0", "+",  ".",    "-1",  "~bpo1", "+deb12u1", "_1",  "\x80"};
      return s + Pick(rng, kSuffix);
    }
    case 3: {  // Insert a separator somewhere.
      static const std::vector<std::string> kIns = {"~", ".", "+", "-", ":", "a", "~~", "0"};
      size_t pos = Uniform(rng, 0, s.size());
      return s.insert(pos, Pick(rng, kIns));
    }
    case 4:
      if (!s.empty()) s.erase(Uniform(rng, 0, s.size() - 1), 1);
      return s;
    case 5: {  // Swap a separator for another one.
      static const std::string kSeps = ".+~-:";
      std::vector<size_t> at;
      for (size_t i = 0; i < s.size(); ++i)
        if (kSeps.find(s[i]) != std::string::npos) at.push_back(i);
      if (at.empty()) return s + ".0";
      s[Pick(rng, at)] = kSeps[Uniform(rng, 0, kSeps.size() - 1)];
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
    case 7: {  // Add, change or drop the epoch.
      size_t colon = s.find(':');
      if (colon != std::string::npos && Chance(rng, 0.5)) return s.substr(colon + 1);
      if (colon != std::string::npos) return Epoch(rng) + s.substr(colon);
      return (Chance(rng, 0.5) ? "0:" : Epoch(rng) + ":") + s;
    }
    case 8: {  // Add or drop the revision; "-0" is the same as none.
      size_t hyphen = s.rfind('-');
      if (hyphen != std::string::npos && Chance(rng, 0.5)) return s.substr(0, hyphen);
      return s + (Chance(rng, 0.5) ? "-0" : "-" + Revision(rng));
    }
    case 9:  // Whitespace dpkg trims, or an embedded space it rejects.
      switch (Uniform(rng, 0, 2)) {
        case 0: return " " + s;
        case 1: return s + " ";
        default: return s.insert(Uniform(rng, 0, s.size()), " ");
      }
    case 10:  // Empty revision or empty upstream, now and then.
      if (Chance(rng, 0.5)) return s + "-1";
      return Chance(rng, 0.5) ? s + "-" : "-" + s;
    case 11: {  // A number against a word at the same place.
      auto runs = DigitRuns(s);
      if (runs.empty()) return s;
      auto [pos, len] = Pick(rng, runs);
      return s.replace(pos, len, Pick(rng, kWords));
    }
    case 12: return s + "~" + Pick(rng, kWords) + std::to_string(Uniform(rng, 0, 3));
    default: return s;  // Equal pairs.
  }
}

const Scheme& Deb() { return testing::SchemeFor("deb"); }

// deb-version(5), Debian Policy §5.6.12 and real versions from Debian security advisories
// (DSA/DLA, security-tracker.debian.org) and Ubuntu USNs.
const std::vector<Case> kTable = {
    // deb-version(5): '~' sorts before everything, even the end: ~~ < ~~a < ~ < "" < a.
    {"1.0~~", "1.0~~a", -1},
    {"1.0~~a", "1.0~", -1},
    {"1.0~", "1.0", -1},
    {"1.0", "1.0a", -1},
    {"1.0~rc1", "1.0", -1},
    {"2.0~rc1", "2.0~rc2", -1},
    {"2.0~rc1", "2.0~rc1+dfsg", -1},
    // Letters sort before non-letters; letters compare by ASCII (upper case first).
    {"1.0a", "1.0+", -1},
    {"1.0a", "1.0.", -1},
    {"1.0z", "1.0+", -1},
    {"1.0A", "1.0a", -1},
    {"1.0a", "1.0.1", -1},
    {"1.0+b1", "1.0.1", -1},
    {"1.0", "1.0+b1", -1},
    // Digit runs compare numerically; leading zeros do not count; any length works.
    {"1.9", "1.10", -1},
    {"1.001", "1.1", 0},
    {"1.0", "1.00", 0},
    {"1.0", "1.0.0", -1},
    {"1.1234567890123456789012345678901234567889", "1.1234567890123456789012345678901234567890",
     -1},
    {"1.99999999999999999999999999999999999999", "1.100000000000000000000000000000000000000", -1},
    {"1.0000000000000000000000000000000000000001", "1.1", 0},
    // Epochs: numeric, missing is 0, they dominate.
    {"1:1.2-1", "2.0-1", 1},
    {"0:1.0", "1.0", 0},
    {"00:1.0-1", "1.0-1", 0},
    {"2147483647:1", "2147483646:99", 1},
    {"1:0", "0:999999999999999999999999", 1},
    // Revisions: split at the LAST hyphen; missing equals "0".
    {"1.0", "1.0-0", 0},
    {"1.0-1", "1.0-1+deb12u1", -1},
    {"1.0-1~bpo11+1", "1.0-1", -1},
    {"1.0-0ubuntu1", "1.0-1", -1},
    {"1.0-1-1", "1.0-1-2", -1},
    {"1.0-1-1", "1.0-1", 1},
    {"1.0-10", "1.0-9", 1},
    // Colons after an epoch belong to the upstream part.
    {"1:2:3", "1:2:4", -1},
    {"1:2:3", "1:2.3", 1},
    // Leading and trailing blanks are trimmed.
    {" 1.0-1", "1.0-1", 0},
    {"1.0-1\t", "1.0-1 ", 0},
    // dpkg only warns about these, and compares them.
    {"a", "b", -1},
    {"1.0_1", "1.0.1", 1},  // Both punctuation: ASCII order + 256.
    {"1.0\xe9", "1.0+", -1},
    {"1.0\xe9", "1.0z", 1},
    {"+1:1.0", "1:1.0", 0},
    {"-0:1.0", "1.0", 0},
    // DSA-5514-1 glibc (bookworm) and DLA-3152-1.
    {"2.36-9+deb12u3", "2.36-9+deb12u4", -1},
    {"2.36-9+deb12u4", "2.36-9+deb12u10", -1},
    {"1:2.36-9+deb12u4", "2.36-9+deb12u10", 1},
    // OpenSSL in bookworm (DSA-5532-1, DSA-5585-1) and its backports.
    {"3.0.11-1~deb12u1", "3.0.11-1~deb12u2", -1},
    {"3.0.11-1~deb12u2", "3.0.11-1", -1},
    {"3.0.11-1~deb12u2", "3.0.13-1~deb12u1", -1},
    // curl (DSA-5587-1), libxml2 (DLA-3405-1), bash binNMU.
    {"7.88.1-10+deb12u4", "7.88.1-10+deb12u5", -1},
    {"2.9.14+dfsg-1.3~deb12u1", "2.9.14+dfsg-1.3", -1},
    {"5.2.15-2+b2", "5.2.15-2", 1},
    // Ubuntu: grub2 (USN-4432-1), glibc (USN-6762-1), openssl focal (USN-6663-1).
    {"2.02~beta2-36ubuntu3.23", "2.02~beta2-36ubuntu3.22", 1},
    {"2.02~beta2-36ubuntu3.23", "2.02-2ubuntu8.23", -1},
    {"2.35-0ubuntu3.6", "2.35-0ubuntu3.7", -1},
    {"1.1.1f-1ubuntu2.22", "1.1.1f-1ubuntu2.3", 1},
    {"1.1.1f-1ubuntu2.22", "1.1.1g-1", -1},
    // Linux kernel ABI-style versions and an epoch'd package (bind9 in bookworm).
    {"6.1.76-1", "6.1.85-1", -1},
    {"1:9.18.24-1", "1:9.18.19-1~deb12u1", 1},
};

TEST(DebCompare, TableMatchesSpecAndAdvisories) {
  EXPECT_EQ(testing::CheckTable(Deb(), kTable), "");
}

TEST(DebCompare, TableAgreesWithLibdpkg) {
  for (const Case& c : kTable) {
    std::string want = c.expected < 0 ? "-1" : (c.expected > 0 ? "1" : "0");
    EXPECT_EQ(DpkgAnswer(c.a, c.b), want) << c.a << " vs " << c.b;
  }
  nffreeall();
}

TEST(DebCompare, TildeSortsBeforeEndOfString) {
  EXPECT_EQ(*CompareDeb("1.0~", "1.0"), -1);
  EXPECT_EQ(*CompareDeb("1.0-1~", "1.0-1"), -1);
  EXPECT_EQ(*CompareDeb("~", "0"), -1);
}

struct BadCase {
  std::string v;
  const char* reason;
};

TEST(DebValidate, RejectsWhatDpkgRejects) {
  const std::vector<BadCase> bad = {
      {"", "version string is empty"},
      {" \t ", "version string is empty"},
      {"1 0", "embedded spaces"},
      {"1.0 -1", "embedded spaces"},
      {":1.0", "epoch in version is empty"},
      {"a:1.0", "epoch in version is empty"},
      {"+:1.0", "epoch in version is empty"},
      {"1a:1.0", "epoch in version is not number"},
      {"1.5:2", "epoch in version is not number"},
      {"-1:1.0", "epoch in version is negative"},
      {"-99999999999999999999:1.0", "epoch in version is negative"},
      {"2147483648:1.0", "epoch in version is too big"},
      {"1234567890123456789012345678901234567890:1", "epoch in version is too big"},
      {"1:", "nothing after colon"},
      {"1: ", "version number is empty"},
      {"1.0-", "revision number is empty"},
      {"1.0-1-", "revision number is empty"},
      {"-", "revision number is empty"},
      {"-1", "version number is empty"},
      {"1:-1", "version number is empty"},
      {std::string("1.0\0-1", 6), "NUL"},
  };
  for (const BadCase& c : bad) {
    Status s = ValidateDeb(c.v);
    ASSERT_FALSE(s) << '"' << c.v << '"';
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(s.error().message.find(c.reason), std::string::npos) << s.error().message;
    // libdpkg agrees (it cannot see past a NUL, so skip that one).
    if (c.v.find('\0') == std::string::npos) {
      EXPECT_EQ(DpkgAnswer(c.v, "1.0"), "error") << '"' << c.v << '"';
    }
  }
  nffreeall();
}

TEST(DebValidate, AcceptsWhatDpkgOnlyWarnsAbout) {
  for (const char* v : {"a", "a1.0", "1_0", "1.0-1_0", "1:1.0-a:b", "1:2:3", "1-2-3", "+1:2",
                        "-0:2", " 1.0", "1.0\t", "1.0\x80", "\v1:2", "2147483647:1", "1:1.0-1.2:3",
                        "0000000000000000000000000000000000000001:1"}) {
    EXPECT_TRUE(ValidateDeb(v)) << '"' << v << '"';
    EXPECT_NE(DpkgAnswer(v, "1.0"), "error") << '"' << v << '"';
  }
  nffreeall();
}

// Lengths that reach every code path of the parser: short strings, 8–15 bytes, one to four
// 16-byte blocks, and past the fast path's 64-byte limit.
const size_t kLengths[] = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 48, 63, 64, 65, 70};

TEST(DebValidate, AgreesWithLibdpkgForEveryByteAtEveryPosition) {
  size_t disagreements = 0;
  std::string sample;
  for (size_t len : kLengths) {
    for (size_t pos = 0; pos < len; ++pos) {
      for (int byte = 1; byte < 256; ++byte) {  // libdpkg cannot see a NUL.
        std::string v(len, '1');
        v[pos] = char(byte);
        const bool ours = static_cast<bool>(ValidateDeb(v));
        const bool theirs = DpkgAnswer(v, "1") != "error";
        if (ours != theirs && ++disagreements <= 5) sample += "  \"" + v + "\"\n";
      }
    }
    nffreeall();
  }
  EXPECT_EQ(disagreements, 0u) << sample;
}

TEST(DebValidate, AgreesWithLibdpkgForEveryPairOfSeparatorPositions) {
  const char kSpecial[] = {':', '-', ' ', '\t', '+'};
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
            const bool ours = static_cast<bool>(ValidateDeb(v));
            const bool theirs = DpkgAnswer(v, "1") != "error";
            if (ours != theirs && ++disagreements <= 5) sample += "  \"" + v + "\"\n";
          }
        }
      }
      nffreeall();
    }
  }
  EXPECT_EQ(disagreements, 0u) << sample;
}

TEST(DebCompare, ErrorNamesTheInvalidSide) {
  Result<int> left = CompareDeb("1.0-", "1.0");
  ASSERT_FALSE(left);
  EXPECT_EQ(left.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(left.error().message.rfind("left: ", 0), 0u) << left.error().message;
  Result<int> right = CompareDeb("1.0", "");
  ASSERT_FALSE(right);
  EXPECT_EQ(right.error().message.rfind("right: ", 0), 0u) << right.error().message;
}

TEST(DebCompare, OrderPropertiesHoldOnGeneratedTriples) {
  EXPECT_EQ(testing::CheckOrderProperties(Deb(), 20000, testing::TestSeed(), GenDeb, MutateDeb),
            "");
}

TEST(DebCompare, AgreesWithLibdpkgOnGeneratedPairs) {
  std::vector<Pair> pairs = testing::GeneratePairs(25000, testing::TestSeed(), GenDeb, MutateDeb);
  std::vector<std::string> reference = DpkgAnswers(pairs);
  testing::DiffReport report = testing::Differential(Deb(), pairs, reference);
  EXPECT_EQ(report.compared, pairs.size());
  EXPECT_EQ(report.disagreements, 0u) << report.sample;
  // Not vacuous: most pairs are valid, and validity itself is exercised too.
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
