// PEP 440 ordering as packaging.version.Version 23.0 implements it: table, validation, order
// properties and a differential run against Debian's python3-packaging.
#include "version/pep440.h"

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

const Scheme& Pep440() { return testing::SchemeFor("pep440"); }

// Each version is strictly smaller than the next.
std::vector<Case> Ascending(const std::vector<const char*>& sorted) {
  std::vector<Case> cases;
  for (size_t i = 1; i < sorted.size(); ++i) {
    cases.push_back({sorted[i - 1], sorted[i], -1});
    cases.push_back({sorted[0], sorted[i], -1});
  }
  return cases;
}

TEST(Pep440Compare, SpecOrderingExample) {
  // PEP 440 "Summary of permitted suffixes and relative ordering", plus the local versions
  // from its "Local version identifiers" section.
  std::string diff = testing::CheckTable(Pep440(), Ascending({"1.dev0",
                                                              "1.0.dev456",
                                                              "1.0a1",
                                                              "1.0a2.dev456",
                                                              "1.0a12.dev456",
                                                              "1.0a12",
                                                              "1.0b1.dev456",
                                                              "1.0b2",
                                                              "1.0b2.post345.dev456",
                                                              "1.0b2.post345",
                                                              "1.0rc1.dev456",
                                                              "1.0rc1",
                                                              "1.0",
                                                              "1.0+abc.5",
                                                              "1.0+abc.7",
                                                              "1.0+5",
                                                              "1.0.post456.dev34",
                                                              "1.0.post456",
                                                              "1.0.15",
                                                              "1.1.dev1"}));
  EXPECT_EQ(diff, "");
}

TEST(Pep440Compare, NormalisedSpellingsAreEqual) {
  // PEP 440 "Normalization" section; each pair is equal under packaging.
  std::string diff = testing::CheckTable(
      Pep440(), {
                    {"1.0", "1.0.0", 0},          {"1", "1.0.0.0.0", 0},
                    {"01.0", "1.00", 0},          {"1.0A1", "1.0a1", 0},
                    {"1.0alpha1", "1.0a1", 0},    {"1.0.ALPHA.1", "1.0a1", 0},
                    {"1.0-a-1", "1.0a1", 0},      {"1.0_a_1", "1.0a1", 0},
                    {"1.0beta2", "1.0b2", 0},     {"1.0c1", "1.0rc1", 0},
                    {"1.0pre1", "1.0rc1", 0},     {"1.0preview1", "1.0rc1", 0},
                    {"1.0a", "1.0a0", 0},         {"1.0a01", "1.0a1", 0},
                    {"1.0-1", "1.0.post1", 0},    {"1.0rev1", "1.0.post1", 0},
                    {"1.0r1", "1.0.post1", 0},    {"1.0post", "1.0.post0", 0},
                    {"1.0-r", "1.0.post0", 0},    {"1.0-POST-2", "1.0.post2", 0},
                    {"1.0dev", "1.0.dev0", 0},    {"1.0-dev-1", "1.0.dev1", 0},
                    {"1.0.DEV_1", "1.0.dev1", 0}, {"0!1.0", "1.0", 0},
                    {"v1.0", "1.0", 0},           {"V1.0", "1.0", 0},
                    {" \t1.0\n ", "1.0", 0},      {"1.0+Ubuntu-1", "1.0+ubuntu.1", 0},
                    {"1.0+01", "1.0+1", 0},       {"1.0+a_b", "1.0+a.b", 0},
                });
  EXPECT_EQ(diff, "");
}

TEST(Pep440Compare, RegexAmbiguitiesResolveLikePackaging) {
  // packaging's regex takes the first parse it finds: the greedy '-' after "a" makes
  // "1.0a-1" the pre-release a1, not a0 with an implicit post-release 1; "1.0a.-1" leaves no
  // such choice. A separator may dangle after a pre/post/dev letter ("1.0a-").
  std::string diff = testing::CheckTable(Pep440(), {
                                                       {"1.0a-1", "1.0a1", 0},
                                                       {"1.0a.-1", "1.0a0.post1", 0},
                                                       {"1.0a--1", "1.0a0.post1", 0},
                                                       {"1.0a-", "1.0a0", 0},
                                                       {"1.0.post.", "1.0.post0", 0},
                                                       {"1.0dev.", "1.0.dev0", 0},
                                                       {"1.0a1-1", "1.0a1.post1", 0},
                                                   });
  EXPECT_EQ(diff, "");
}

TEST(Pep440Compare, SegmentRules) {
  std::string diff = testing::CheckTable(
      Pep440(), {
                    // Epochs dominate everything else.
                    {"1!1.0", "2.0", 1},
                    {"1!0.1", "999.0", 1},
                    {"2!1.0.dev1", "1!9.0.post9", 1},
                    // Trailing zeros do not count, but any other release part does.
                    {"1.0", "1.0.1", -1},
                    {"1.0.0.0.1", "1.0", 1},
                    {"1.10", "1.9", 1},
                    // A bare dev release sorts before every pre-release of the same release.
                    {"1.0.dev9", "1.0a0", -1},
                    {"1.0a1.dev1", "1.0a1", -1},
                    {"1.0.post1.dev1", "1.0.post1", -1},
                    {"1.0.post1.dev1", "1.0", 1},
                    {"1.0a1.post1", "1.0a2.dev0", -1},
                    // Local labels: absent < present; letters < numbers; shorter prefix first.
                    {"1.0", "1.0+0", -1},
                    {"1.0+abc", "1.0+abc.1", -1},
                    {"1.0+abc.1", "1.0+1", -1},
                    {"1.0+a", "1.0+b", -1},
                    {"1.0+2", "1.0+10", -1},
                    {"1.0+ABD", "1.0+abc", 1},
                    {"1.0+local", "1.0.post1", -1},
                    {"1.0.dev1", "1.0.dev1+x", -1},
                    // Numbers of any length up to CPython's 4300-digit int() limit.
                    {"1.99999999999999999999999", "1.100000000000000000000000", -1},
                    {"1.0+99999999999999999999998", "1.0+099999999999999999999999", -1},
                });
  EXPECT_EQ(diff, "");
}

TEST(Pep440Compare, UnicodeLettersThatReIgnorecaseAccepts) {
  // CPython's re.IGNORECASE lets 'ı'/'İ' match "i", 'ſ' match "s" and the Kelvin sign match
  // "k". packaging then lower()s the letters: "prevıew" and "previ̇ew" are not spellings it
  // knows, so they stay and sort as strings between "b" and "rc"; "poſt" sorts after "post".
  std::string diff = testing::CheckTable(Pep440(), {
                                                       {"1.0b9",
                                                        "1.0PREV\xC4\xB0"
                                                        "EW1",
                                                        -1},
                                                       {"1.0PREV\xC4\xB0"
                                                        "EW1",
                                                        "1.0prev\xC4\xB1"
                                                        "ew1",
                                                        -1},
                                                       {"1.0prev\xC4\xB1"
                                                        "ew1",
                                                        "1.0rc0", -1},
                                                       {"1.0.post9", "1.0po\xC5\xBFt0", -1},
                                                       {"1.0+\xE2\x84\xAA", "1.0+k", 0},
                                                       {"1.0+i", "1.0+\xC4\xB0", -1},
                                                       {"1.0+\xC4\xB0", "1.0+j", -1},
                                                       {"1.0+z", "1.0+\xC4\xB1", -1},
                                                       {"1.0+\xC4\xB1", "1.0+\xC5\xBF", -1},
                                                   });
  EXPECT_EQ(diff, "");
}

TEST(Pep440Compare, AdvisoryVersions) {
  std::string diff = testing::CheckTable(
      Pep440(),
      {
          // requests GHSA-j8r2-6x86-q33q (CVE-2023-32681): affected >= 2.3.0, < 2.31.0.
          {"2.3.0", "2.30.0", -1},
          {"2.30.0", "2.31.0", -1},
          // urllib3 GHSA-g4mx-q9vg-27p4 (CVE-2023-45803): fixed in 1.26.18 and 2.0.7; the 2.0
          // series had pre-releases 2.0.0a1 .. 2.0.0a4.
          {"1.26.17", "1.26.18", -1},
          {"2.0.0a1", "2.0.0", -1},
          {"2.0.0a4", "1.26.18", 1},
          // setuptools GHSA-r9hx-vwmv-q579 (CVE-2022-40897): fixed in 65.5.1.
          {"65.5.0", "65.5.1", -1},
          // PyYAML GHSA-8q59-q68h-6hv4 (CVE-2020-14343): fixed in 5.4, released after 5.4b2.
          {"5.4b2", "5.4", -1},
          {"5.3.1", "5.4b1", -1},
          // PyTorch wheels carry the build variant as a local label: 2.0.1+cpu, 2.0.1+cu118.
          {"2.0.1", "2.0.1+cpu", -1},
          {"2.0.1+cpu", "2.0.1+cu118", -1},
          {"2.0.1+cu118", "2.0.2", -1},
          // Distribution rebuilds: Debian/Ubuntu-style local labels. "ubuntu10" is one
          // alphanumeric part, compared as a string, so it sorts before "ubuntu9"; only
          // "ubuntu.10" would compare numerically.
          {"1.26.5+ubuntu1", "1.26.5+ubuntu2", -1},
          {"1.26.5+ubuntu10", "1.26.5+ubuntu9", -1},
          {"1.26.5+ubuntu.10", "1.26.5+ubuntu.9", 1},
      });
  EXPECT_EQ(diff, "");
}

TEST(Pep440Validate, AcceptsPep440AndItsAlternateSpellings) {
  for (const char* v : {"1", "1.0", "v1.0", "1!1.0", "1.0a1", "1.0.alpha.1", "1.0-PREVIEW", "1.0-1",
                        "1.0.post", "1.0.r-2", "1.0.dev", "1.0+abc.1-x_2", " 1.0 ",
                        "\xC2\xA0"
                        "1.0\xE3\x80\x80",
                        "\x1c"
                        "1.0\xC2\x85"}) {
    EXPECT_TRUE(ValidatePep440(v)) << v;
  }
}

TEST(Pep440Validate, RejectsWithReason) {
  struct Bad {
    std::string v;
    const char* reason;
  };
  const std::vector<Bad> bad = {
      {"", "empty version"},
      {" \n ", "empty version"},
      {"foo", "expected a release number"},
      {"vv1.0", "expected a release number"},
      {"1!", "after the epoch"},
      {"!1", "expected a release number"},
      {"1!2!3", "unexpected character"},
      {"1.0-", "misplaced separator"},
      {"1.0.", "misplaced separator"},
      {"1..0", "misplaced separator"},
      {".1", "expected a release number"},
      {"1.0+", "empty part in the local version label"},
      {"1.0+a..b", "empty part in the local version label"},
      {"1.0+-a", "empty part in the local version label"},
      {"1.0+a-", "empty part in the local version label"},
      {"1.0a1a1", "unexpected character"},
      {"1.0.post1.post2", "misplaced separator"},
      {"1.0.dev1.a1", "misplaced separator"},
      {"1.0 b1", "unexpected character"},
      {"1.0+ubuntu 1", "unexpected character"},
      // U+FEFF is not Python whitespace (JavaScript's trim() would strip it).
      {"1.0\xEF\xBB\xBF", "unexpected character"},
      {"1.0+\xC3\xA9", "invalid character in the local version label"},
      {"1.*", "misplaced separator"},
      {"==1.0", "expected a release number"},
      // CPython refuses int() on more than 4300 digits; packaging lets the ValueError out.
      {"1." + std::string(4301, '1'), "4300 digits"},
      {"1.0+" + std::string(4301, '0'), "4300 digits"},
  };
  for (const Bad& b : bad) {
    Status s = ValidatePep440(b.v);
    ASSERT_FALSE(s) << b.v;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidInput) << b.v;
    EXPECT_NE(s.error().message.find(b.reason), std::string::npos)
        << b.v << ": " << s.error().message;
    Result<int> r = ComparePep440("1.0", b.v);
    ASSERT_FALSE(r) << b.v;
    EXPECT_EQ(r.error().message.rfind("right: ", 0), 0u) << r.error().message;
  }
  EXPECT_TRUE(ValidatePep440("1." + std::string(4300, '1')));
  EXPECT_TRUE(ValidatePep440("1.0+a" + std::string(4301, '1')));
}

// ---- Grammar for generated tests -------------------------------------------------------------

const std::vector<std::string> kSeps = {"", "", "", ".", "-", "_"};
const std::vector<std::string> kSpaces = {" ",
                                          "  ",
                                          "\v",
                                          "\f",
                                          "\x1c",
                                          "\x1f",
                                          "\xC2\x85",
                                          "\xC2\xA0",
                                          "\xE2\x80\x83",
                                          "\xE3\x80\x80",
                                          "\xEF\xBB\xBF" /* not Python whitespace */};
const std::vector<std::string> kPre = {"a",  "A",    "alpha", "ALPHA", "Alpha",   "b",
                                       "B",  "beta", "Beta",  "c",     "C",       "rc",
                                       "RC", "Rc",   "pre",   "PRE",   "preview", "Preview"};
const std::vector<std::string> kPost = {"post", "POST", "Post", "rev", "REV", "r", "R"};
const std::vector<std::string> kDev = {"dev", "DEV", "Dev"};
const std::vector<std::string> kOddLetters = {
    "prev\xC4\xB1"
    "ew",
    "PREV\xC4\xB0"
    "EW",
    "po\xC5\xBFt", "PO\xC5\xBFT"};
const std::vector<std::string> kLocalWords = {"ubuntu",
                                              "Ubuntu1",
                                              "deb11u2",
                                              "abc",
                                              "ABC",
                                              "cpu",
                                              "cu118",
                                              "g1a2b3c",
                                              "k",
                                              "i",
                                              "s",
                                              "z",
                                              "\xE2\x84\xAA" /* Kelvin sign */,
                                              "\xC4\xB0",
                                              "\xC4\xB1",
                                              "\xC5\xBF",
                                              "a\xC4\xB1"};
const std::vector<std::string> kGarbage = {"",
                                           " ",
                                           "1.0-",
                                           "1.0.",
                                           "1..0",
                                           ".1",
                                           "1.0+",
                                           "1.0+a..b",
                                           "1.0+-a",
                                           "1.0+a-",
                                           "1!",
                                           "!1",
                                           "1!2!3",
                                           "1.0a1a1",
                                           "1.0.post1.post2",
                                           "1.0.dev1.a1",
                                           "foo",
                                           "1.0 b1",
                                           "1.0_",
                                           "v",
                                           "vv1",
                                           "1.0a1b1",
                                           "1.0+ubuntu 1",
                                           "1.0-dev-",
                                           "1.0--1",
                                           "1.0.*",
                                           "==1.0",
                                           "1.0,2",
                                           "1.0+\xC3\xA9",
                                           "1.0-_1",
                                           "1.0a.-1",
                                           "1.0a-_1",
                                           "1.0-r-",
                                           "1.0rc.",
                                           "1.0.post.-1",
                                           "latest"};

std::string Sep(Rng& rng) { return Pick(rng, kSeps); }

std::string LocalPart(Rng& rng) {
  switch (Uniform(rng, 0, 3)) {
    case 0:
    case 1: return testing::Number(rng);
    case 2: return Pick(rng, kLocalWords);
    default: return Pick(rng, kLocalWords) + testing::Number(rng);
  }
}

std::string LocalLabel(Rng& rng) {
  std::string s = LocalPart(rng);
  for (size_t n = Uniform(rng, 0, 3); n > 0; --n) {
    s += Pick(rng, std::vector<std::string>{".", "-", "_"});
    s += LocalPart(rng);
  }
  return s;
}

std::string Pep440Version(Rng& rng) {
  if (Chance(rng, 0.04)) return Pick(rng, kGarbage);
  if (Chance(rng, 0.002)) {
    // Either side of CPython's int() digit limit.
    return "1." + std::string(Uniform(rng, 4299, 4301), char('1' + Uniform(rng, 0, 8)));
  }
  std::string v;
  if (Chance(rng, 0.05)) v += Pick(rng, kSpaces);
  if (Chance(rng, 0.1)) v += Chance(rng, 0.5) ? "v" : "V";
  if (Chance(rng, 0.12)) v += testing::Number(rng) + "!";
  v += testing::Number(rng);
  for (size_t n = Uniform(rng, 0, 4); n > 0; --n) {
    v += "." + (Chance(rng, 0.3) ? std::string("0") : testing::Number(rng));
  }
  auto number = [&] { return Chance(rng, 0.7) ? testing::Number(rng) : std::string(); };
  if (Chance(rng, 0.4)) {
    std::string word = Chance(rng, 0.05) ? Pick(rng, kOddLetters) : Pick(rng, kPre);
    v += Sep(rng) + word + Sep(rng) + number();
  }
  if (Chance(rng, 0.3)) {
    if (Chance(rng, 0.3)) {
      v += "-" + testing::Number(rng);
    } else {
      std::string word = Chance(rng, 0.05) ? Pick(rng, kOddLetters) : Pick(rng, kPost);
      v += Sep(rng) + word + Sep(rng) + number();
    }
  }
  if (Chance(rng, 0.3)) v += Sep(rng) + Pick(rng, kDev) + Sep(rng) + number();
  if (Chance(rng, 0.25)) v += "+" + LocalLabel(rng);
  if (Chance(rng, 0.05)) v += Pick(rng, kSpaces);
  return v;
}

// Positions of the digit runs in `v`.
std::vector<std::pair<size_t, size_t>> DigitRuns(const std::string& v) {
  std::vector<std::pair<size_t, size_t>> runs;
  for (size_t i = 0; i < v.size();) {
    if (v[i] >= '0' && v[i] <= '9') {
      size_t j = i;
      while (j < v.size() && v[j] >= '0' && v[j] <= '9') ++j;
      runs.push_back({i, j - i});
      i = j;
    } else {
      ++i;
    }
  }
  return runs;
}

// Alternate spellings that packaging treats alike.
const std::vector<std::vector<std::string>> kSynonyms = {
    {"alpha", "a", "A", "ALPHA"},
    {"beta", "b", "B"},
    {"preview", "pre", "rc", "c", "RC",
     "prev\xC4\xB1"
     "ew",
     "PREV\xC4\xB0"
     "EW"},
    {"post", "rev", "r", "POST", "po\xC5\xBFt"},
    {"dev", "DEV"},
    {".", "-", "_", ""}};

std::string Pep440Mutate(Rng& rng, const std::string& base) {
  std::string v = base;
  switch (Uniform(rng, 0, 11)) {
    case 0:
    case 1: {  // Change one number: bump it, reset it, pad it with zeros or make it long.
      auto runs = DigitRuns(v);
      if (runs.empty()) return v + ".1";
      auto [at, len] = runs[Uniform(rng, 0, runs.size() - 1)];
      std::string run = v.substr(at, len);
      std::string repl;
      switch (Uniform(rng, 0, 3)) {
        case 0:
          repl = run;
          if (repl.back() < '9')
            ++repl.back();
          else
            repl += "0";
          break;
        case 1: repl = "0" + run; break;
        case 2: repl = "0"; break;
        default: repl = testing::Number(rng); break;
      }
      return v.replace(at, len, repl);
    }
    case 2: {  // Trailing zeros on the release, or drop the tail.
      size_t cut = v.find_first_not_of("0123456789.", v.find_first_of("0123456789"));
      if (cut == std::string::npos) cut = v.size();
      if (Chance(rng, 0.6)) return v.insert(cut, ".0");
      return v.substr(0, Uniform(rng, 1, v.size()));
    }
    case 3: {  // Append a segment.
      switch (Uniform(rng, 0, 4)) {
        case 0: return v + Sep(rng) + Pick(rng, kPre) + testing::Number(rng);
        case 1: return v + Sep(rng) + Pick(rng, kPost) + Sep(rng) + testing::Number(rng);
        case 2: return v + "-" + testing::Number(rng);
        case 3: return v + Sep(rng) + Pick(rng, kDev) + testing::Number(rng);
        default: return v + (v.find('+') == std::string::npos ? "+" : ".") + LocalLabel(rng);
      }
    }
    case 4:
    case 5: {  // Respell a word or separator.
      const auto& group = Pick(rng, kSynonyms);
      for (const std::string& from : group) {
        if (from.empty()) continue;
        size_t at = v.find(from);
        if (at == std::string::npos) continue;
        return v.replace(at, from.size(), Pick(rng, group));
      }
      return v;
    }
    case 6: {  // Flip the case of one letter.
      std::vector<size_t> letters;
      for (size_t i = 0; i < v.size(); ++i)
        if (std::isalpha(static_cast<unsigned char>(v[i]))) letters.push_back(i);
      if (letters.empty()) return v;
      size_t i = letters[Uniform(rng, 0, letters.size() - 1)];
      v[i] = char(v[i] ^ 0x20);
      return v;
    }
    case 7:  // 'v' prefix or surrounding whitespace.
      if (Chance(rng, 0.5)) return (v.starts_with("v") ? v.substr(1) : "v" + v);
      return Chance(rng, 0.5) ? Pick(rng, kSpaces) + v : v + Pick(rng, kSpaces);
    case 8:  // Epoch.
      if (size_t bang = v.find('!'); bang != std::string::npos) return v.substr(bang + 1);
      return Pick(rng, std::vector<std::string>{"0!", "1!", "2!", "00!"}) + v;
    case 9: {  // Insert a stray character.
      std::string stray(1, "._-+!0aAvr "[Uniform(rng, 0, 10)]);
      return v.insert(Uniform(rng, 0, v.size()), stray);
    }
    case 10:  // Replace or add a local label.
      return v.substr(0, v.find('+')) + "+" + LocalLabel(rng);
    default:  // Drop a local label or other tail.
      if (size_t plus = v.find('+'); plus != std::string::npos) return v.substr(0, plus);
      return v.substr(0, Uniform(rng, 0, v.size()));
  }
}

TEST(Pep440Compare, OrderPropertiesHoldOnGeneratedVersions) {
  std::string violations = testing::CheckOrderProperties(Pep440(), 20000, testing::TestSeed(),
                                                         Pep440Version, Pep440Mutate);
  EXPECT_EQ(violations, "");
}

TEST(Pep440Compare, AgreesWithPythonPackaging) {
  // Debian's python3-packaging 23.0 lives only in the system interpreter.
  const std::string command = std::string("/usr/bin/python3 '") + VS_REFERENCE_DIR + "/pep440.py'";
  std::vector<testing::Pair> pairs =
      testing::GeneratePairs(25000, testing::TestSeed(), Pep440Version, Pep440Mutate);
  Result<std::vector<std::string>> reference = testing::RunReference(command, pairs);
  ASSERT_TRUE(reference) << reference.error().message;
  testing::DiffReport report = testing::Differential(Pep440(), pairs, *reference);
  EXPECT_EQ(report.compared, pairs.size());
  EXPECT_EQ(report.disagreements, 0u) << report.sample;
  EXPECT_GT(report.valid_pairs, pairs.size() / 2) << "too few pairs valid on both sides";
  std::printf("pep440: %zu pairs, %zu valid on both sides, %zu disagreements\n", report.compared,
              report.valid_pairs, report.disagreements);
}

}  // namespace
}  // namespace vs::version
