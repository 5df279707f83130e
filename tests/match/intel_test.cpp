#include "match/intel.h"

#include <gtest/gtest.h>

namespace vs::match {
namespace {

TEST(IntelIndex, MergesEvidenceAcrossAliases) {
  IntelIndex intel;
  intel.Add(model::ExploitRef{"CVE-2021-44228", model::ExploitSource::kExploitDb, "50592", ""});
  intel.Add(model::ExploitRef{"cve-2021-44228", model::ExploitSource::kExploitDb, "50590", ""});
  intel.Add(model::ExploitRef{"CVE-2021-44228", model::ExploitSource::kKev, "2021-12-10", ""});
  intel.Add(
      model::ExploitRef{"CVE-2021-45046", model::ExploitSource::kMetasploit, "exploit/x", ""});
  intel.Add(model::EpssScore{"CVE-2021-44228", 0.97, 0.99, ""});
  intel.Finish();
  ExploitSummary s = intel.Lookup({"GHSA-jfh8", "CVE-2021-44228", "CVE-2021-45046"});
  EXPECT_EQ(s.exploitdb, (std::vector<std::string>{"50590", "50592"}));
  EXPECT_TRUE(s.kev);
  EXPECT_FALSE(s.poc);
  EXPECT_EQ(s.metasploit, std::vector<std::string>{"exploit/x"});
  ASSERT_TRUE(s.epss);
  EXPECT_DOUBLE_EQ(*s.epss, 0.97);
  EXPECT_TRUE(s.Any());
  EXPECT_FALSE(intel.Lookup({"CVE-1999-0001"}).Any());
  EXPECT_FALSE(intel.Lookup({"CVE-1999-0001"}).epss.has_value());
}

}  // namespace
}  // namespace vs::match
