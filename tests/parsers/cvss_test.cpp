#include "parsers/cvss.h"

#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

struct Case {
  const char* vector;
  double score;
  const char* why;
};

// Published scores: FIRST specification examples, NVD entries of well-known CVEs and the
// test vectors of independent calculators (see tests/testdata/parsers/osv/SOURCE.md).
constexpr Case kKnown[] = {
    // CVSS v2 (v2 Guide §3.3.1 examples and NVD).
    {"AV:N/AC:L/Au:N/C:N/I:N/A:C", 7.8, "CVE-2002-0392, v2 guide"},
    {"AV:N/AC:L/Au:N/C:C/I:C/A:C", 10.0, "CVE-2003-0818, v2 guide"},
    {"AV:L/AC:H/Au:N/C:C/I:C/A:C", 6.2, "CVE-2003-0062, v2 guide"},
    {"AV:N/AC:L/Au:N/C:P/I:P/A:P", 7.5, "typical NVD v2"},
    {"AV:N/AC:L/Au:N/C:P/I:N/A:N", 5.0, "CVE-2014-0160 Heartbleed v2"},
    {"AV:N/AC:M/Au:N/C:N/I:P/A:N", 4.3, "NVD XSS v2"},
    {"AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C", 7.8, "temporal metrics do not change the base"},
    {"AV:N/AC:L/Au:N/C:N/I:N/A:N", 0.0, "no impact"},
    // CVSS v3.x (v3.1 examples document, NVD).
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0, "CVE-2021-44228 Log4Shell"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "CVE-2014-6271 Shellshock"},
    {"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "same vector, v3.0"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5, "CVE-2014-0160 Heartbleed"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1, "CVE-2013-1937 phpMyAdmin XSS"},
    {"CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 7.8, "CVE-2015-1098 iWork"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L", 5.3, "CVE-2022-25883 semver ReDoS"},
    {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:H", 7.4, "CVE-2023-0286 OpenSSL"},
    {"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:L/I:L/A:N", 4.4, "CVE-2024-9675 podman"},
    {"CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N", 5.4, "PR:L weighs 0.68 when scope changes"},
    {"CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", 7.2, "PR:H unchanged scope"},
    {"CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H", 9.1, "PR:H weighs 0.5 when scope changes"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0, "no impact"},
    {"CVSS:3.1/AV:A/AC:H/PR:L/UI:N/S:C/C:H/I:L/A:L/E:F/RL:U/RC:R/CR:H/IR:M/AR:L/MAV:N/MAC:L/"
     "MPR:N/MUI:N/MS:C/MC:H/MI:H/MA:H",
     7.1, "temporal and environmental metrics do not change the base"},
    {"CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N", 9.8, "any metric order"},
    // CVSS v4.0 (FIRST calculator; spec §8 examples).
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3, "MacroVector 000200"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 10.0, "all high"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0.0, "no impact"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:H/SI:H/SA:H", 7.9, "subsequent only"},
    {"CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N", 1.0, "least severe"},
    {"CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:P/VC:N/VI:H/VA:H/SC:N/SI:L/SA:L", 5.2, "EQ1 level 1"},
    {"CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 8.5,
     "local, low privileges"},
    {"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 7.7, "AT:P UI:P"},
    // Threat, environmental and supplemental metrics: validated, CVSS-B score returned.
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U", 9.3, "E ignored"},
    {"CVSS:4.0/AV:P/AC:H/AT:P/PR:L/UI:P/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L/E:A/S:P/AU:Y/R:A/V:D/RE:L/"
     "U:Red",
     5.4, "supplemental metrics accepted"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/MVI:L/MSA:S", 10.0,
     "modified metrics ignored"},
    // x.x5 ties that floating point puts one ULP below: the reference calculator rounds half up
    // after lifting by 1e-6 (Red Hat cvss-v4-calculator issue #66, fixed 2024).
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:H/VI:L/VA:N/SC:H/SI:H/SA:H", 8.6, "issue #66 vector"},
    {"CVSS:4.0/AV:N/AC:L/AT:P/PR:H/UI:A/VC:L/VI:L/VA:L/SC:H/SI:H/SA:H", 5.0, "4.949999… → 5.0"},
    {"CVSS:4.0/AV:N/AC:H/AT:N/PR:H/UI:A/VC:N/VI:H/VA:L/SC:N/SI:N/SA:N", 5.7, "5.6499… → 5.7"},
};

TEST(CvssScore, KnownVectors) {
  for (const Case& c : kKnown) {
    Result<double> score = CvssBaseScore(c.vector);
    ASSERT_TRUE(score) << c.vector << ": " << score.error().message;
    EXPECT_DOUBLE_EQ(*score, c.score) << c.vector << " (" << c.why << ")";
  }
}

// Every 499th base vector of all four versions, scored by an independent implementation
// (@pandatix/js-cvss); the whole space (110,889 vectors) was compared once, see SOURCE.md.
TEST(CvssScore, MatchesIndependentImplementation) {
  std::istringstream in(testing::ReadTestdata("osv", "cvss-reference.txt"));
  std::string line;
  int checked = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t space = line.rfind(' ');
    std::string vector = line.substr(0, space);
    double expected = std::stod(line.substr(space + 1));
    Result<double> score = CvssBaseScore(vector);
    ASSERT_TRUE(score) << vector << ": " << score.error().message;
    EXPECT_DOUBLE_EQ(*score, expected) << vector;
    ++checked;
  }
  EXPECT_EQ(checked, 222);
}

TEST(CvssScore, ReportsVersion) {
  EXPECT_EQ(ParseCvss("AV:N/AC:L/Au:N/C:P/I:P/A:P")->version, CvssVersion::kV2);
  EXPECT_EQ(ParseCvss("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")->version, CvssVersion::kV30);
  EXPECT_EQ(ParseCvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")->version, CvssVersion::kV31);
  EXPECT_EQ(ParseCvss("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")->version,
            CvssVersion::kV40);
}

TEST(CvssScore, ToleratesSurroundingWhitespace) {
  EXPECT_EQ(CvssBaseScore("  CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H\n"), 10.0);
}

TEST(CvssScore, RejectsMalformedVectorsWithReason) {
  struct Bad {
    const char* vector;
    const char* reason;  // Substring of the error message.
  };
  constexpr Bad kBad[] = {
      {"", "empty vector"},
      {"   ", "empty vector"},
      {"CVSS:3.1", "no metrics"},
      {"CVSS:3.1/", "no metrics"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", "missing mandatory metric A"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:H", "duplicate metric A"},
      {"CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "bad value \"X\" for AV"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/FOO:1", "unknown metric \"FOO\""},
      {"CVSS:3.1/av:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown metric \"av\""},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/", "empty component"},
      {"CVSS:3.1/AV:N//AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "empty component"},
      {"CVSS:3.1/AV/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "malformed component \"AV\""},
      {"CVSS:3.1/AV:/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "malformed component"},
      {"CVSS:5.0/AV:N", "unsupported version \"CVSS:5.0\""},
      {"CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P", "unsupported version"},
      {"AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown metric \"PR\""},
      {"AV:N/AC:L/Au:N/C:P/I:P", "missing mandatory metric A"},
      {"CVSS:4.0/AV:F/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N", "bad value \"F\" for AV"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/SC:N/SI:N/SA:N", "missing mandatory metric VA"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/E:A/E:X",
       "duplicate metric E"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:S/SA:N", "bad value \"S\" for SI"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:red", "bad value"},
  };
  for (const Bad& b : kBad) {
    Result<double> score = CvssBaseScore(b.vector);
    ASSERT_FALSE(score) << "accepted \"" << b.vector << "\"";
    EXPECT_EQ(score.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(score.error().message.find(b.reason), std::string::npos)
        << b.vector << " → " << score.error().message;
    EXPECT_EQ(score.error().message.rfind("cvss: ", 0), 0u) << score.error().message;
  }
}

}  // namespace
}  // namespace vs::parsers
