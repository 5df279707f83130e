#include "parsers/metasploit.h"

#include <string>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

TEST(MetasploitParse, SampleGolden) {
  Result<model::Batch> batch =
      ParseMetasploit(ReadTestdata("metasploit", "modules_metadata_base_sample.json"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, "metasploit", "modules_metadata_base_sample"), "");
}

TEST(MetasploitParse, Log4ShellModules) {
  Result<model::Batch> batch =
      ParseMetasploit(ReadTestdata("metasploit", "modules_metadata_base_sample.json"));
  ASSERT_TRUE(batch);
  // Two modules × two CVE references each; URL- references are not CVEs.
  ASSERT_EQ(batch->exploits.size(), 4u);
  EXPECT_TRUE(batch->warnings.empty());
  EXPECT_EQ(batch->exploits[0],
            (model::ExploitRef{"CVE-2021-44228", model::ExploitSource::kMetasploit,
                               "exploit/multi/http/log4shell_header_injection",
                               "Log4Shell HTTP Header Injection"}));
  EXPECT_EQ(batch->exploits[1].cve, "CVE-2021-45046");
  EXPECT_EQ(batch->exploits[2].id, "auxiliary/scanner/http/log4shell_scanner");
}

TEST(MetasploitParse, OnlyExploitAndAuxiliaryModulesCount) {
  Result<model::Batch> batch = ParseMetasploit(R"({
    "payload_linux/x64/shell": {"name": "Shell", "fullname": "payload/linux/x64/shell", "type": "payload",
                                "references": ["CVE-2020-0001"]},
    "post_multi/recon/local_exploit_suggester": {"name": "Suggester", "type": "post",
                                "fullname": "post/multi/recon/local_exploit_suggester", "references": ["CVE-2020-0002"]},
    "exploit_unix/ftp/vsftpd_234_backdoor": {"name": "VSFTPD v2.3.4 Backdoor Command Execution",
                                "references": ["OSVDB-73573", "cve-2011-2523", "CVE-2011-2523", "EDB-17491"]}})");
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->exploits.size(), 1u);
  // Without `fullname` and `type`, both come from the key "<type>_<ref_name>" (§7.4); duplicates
  // within one module collapse.
  EXPECT_EQ(batch->exploits[0],
            (model::ExploitRef{"CVE-2011-2523", model::ExploitSource::kMetasploit,
                               "exploit/unix/ftp/vsftpd_234_backdoor",
                               "VSFTPD v2.3.4 Backdoor Command Execution"}));
  EXPECT_TRUE(batch->warnings.empty());
}

TEST(MetasploitParse, EmptyInput) {
  for (std::string_view input : {"", " \n", "{}"}) {
    Result<model::Batch> batch = ParseMetasploit(input);
    ASSERT_TRUE(batch) << input;
    EXPECT_TRUE(batch->exploits.empty());
    EXPECT_TRUE(batch->warnings.empty());
  }
}

TEST(MetasploitParse, MalformedModulesWarnAndOthersAreKept) {
  Result<model::Batch> batch = ParseMetasploit(R"({
    "exploit_a/not_an_object": 42,
    "exploit_a/bad_refs": {"fullname": "exploit/a/bad_refs", "type": "exploit", "references": "CVE-2020-0001"},
    "exploit_a/bad_cve": {"fullname": "exploit/a/bad_cve", "type": "exploit", "name": "A",
                          "references": ["CVE-2020-1", 7, "CVE-2020-0003"]},
    "nokey": {"name": "no fullname, no type prefix"},
    "exploit_a/no_refs": {"fullname": "exploit/a/no_refs", "type": "exploit"}})");
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->exploits.size(), 1u);
  EXPECT_EQ(batch->exploits[0].cve, "CVE-2020-0003");
  ASSERT_EQ(batch->warnings.size(), 5u);
  EXPECT_EQ(batch->warnings[0].record, "exploit_a/not_an_object");
  EXPECT_EQ(batch->warnings[1].reason, "references is not an array");
  EXPECT_EQ(batch->warnings[2].reason, "invalid CVE reference \"CVE-2020-1\"");
  EXPECT_EQ(batch->warnings[3].reason, "reference is not a string");
  EXPECT_EQ(batch->warnings[4].record, "nokey");
}

TEST(MetasploitParse, GarbageIsAnError) {
  for (std::string_view input : {"\x01\x02 garbage", "{\"exploit_a\": ", "[1, 2]", "\"string\""}) {
    Result<model::Batch> batch = ParseMetasploit(input);
    ASSERT_FALSE(batch) << input;
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(batch.error().message.rfind("metasploit: ", 0), 0u) << batch.error().message;
  }
}

TEST(MetasploitSniff, DetectsModuleMetadata) {
  Result<const Parser*> p =
      DetectFormat(ReadTestdata("metasploit", "modules_metadata_base_sample.json"),
                   "modules_metadata_base.json");
  ASSERT_TRUE(p);
  EXPECT_EQ((*p)->key, "metasploit");
}

TEST(MetasploitSniff, DoesNotClaimOtherFormats) {
  for (auto [key, name] : {std::pair{"cisa_kev", "kev_2025_08_25.json"},
                           std::pair{"epss_csv", "epss_api_response.json"},
                           std::pair{"exploitdb_cve_map", "mapping_cve.json"},
                           std::pair{"exploitdb_cve_map", "mapping_edb.json"},
                           std::pair{"exploitdb_csv", "files_exploits_sample.csv"},
                           std::pair{"poc_csv", "poc_in_github_index.csv"}}) {
    EXPECT_EQ(SniffMetasploit(ReadTestdata(key, name), name), 0) << name;
  }
  // An object keyed by other words with "fullname" somewhere is not module metadata.
  EXPECT_EQ(SniffMetasploit(R"({"name_x": {"fullname": "a", "references": []}})", ""), 0);
}

}  // namespace
}  // namespace vs::parsers
