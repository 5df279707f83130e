#include "parsers/ssm_inventory.h"

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

const model::Package* FindPackage(const model::AssetReport& r, std::string_view name) {
  auto it = std::find_if(r.packages.begin(), r.packages.end(),
                         [&](const model::Package& p) { return p.name == name; });
  return it == r.packages.end() ? nullptr : &*it;
}

class SsmInventoryGolden : public ::testing::TestWithParam<const char*> {};

TEST_P(SsmInventoryGolden, MatchesGolden) {
  std::string name = GetParam();
  Result<model::Batch> batch = ParseSsmInventory(ReadTestdata("ssm_inventory", name + ".json"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, "ssm_inventory", name), "");
}

INSTANTIATE_TEST_SUITE_P(Fixtures, SsmInventoryGolden,
                         ::testing::Values("al2_application", "al2_instance_information", "al2_tag",
                                           "ubuntu_application", "ubuntu_merged", "malformed"));

TEST(SsmInventoryParse, RpmVersionsCarryEpochReleaseAndSourcePackage) {
  Result<model::Batch> batch =
      ParseSsmInventory(ReadTestdata("ssm_inventory", "al2_application.json"));
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->reports.size(), 1u);
  const model::AssetReport& r = batch->reports[0];
  EXPECT_EQ(r.asset.key, "i-0abc1234def567890");
  EXPECT_TRUE(r.has_inventory);
  // Two kernels share a Name; both stay.
  EXPECT_EQ(std::count_if(r.packages.begin(), r.packages.end(),
                          [](const model::Package& p) { return p.name == "kernel"; }),
            2);
  const model::Package* libs = FindPackage(r, "openssl-libs");
  ASSERT_NE(libs, nullptr);
  EXPECT_EQ(libs->version, "1:1.0.2k-24.amzn2.0.4");
  EXPECT_EQ(libs->source_name, "openssl");
  EXPECT_EQ(libs->source_version, "");  // Same EVR as the binary.
  const model::Package* libcurl = FindPackage(r, "libcurl");
  ASSERT_NE(libcurl, nullptr);
  EXPECT_EQ(libcurl->version, "8.3.0-1.amzn2.0.4");  // Empty Epoch: none.
  EXPECT_EQ(libcurl->source_name, "curl");
  // The object has no AWS:InstanceInformation: the OS, hence the ecosystem, is unknown here.
  EXPECT_EQ(libcurl->ecosystem, "");
  EXPECT_FALSE(r.asset.os.has_value());
}

TEST(SsmInventoryParse, DropsSnapsAndKeepsDebianVersions) {
  Result<model::Batch> batch =
      ParseSsmInventory(ReadTestdata("ssm_inventory", "ubuntu_merged.json"));
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->reports.size(), 1u);
  const model::AssetReport& r = batch->reports[0];
  EXPECT_EQ(FindPackage(r, "core22"), nullptr);
  EXPECT_NE(FindPackage(r, "snapd"), nullptr);  // The deb that provides snap stays.
  // amazon-ssm-agent is installed as a snap on Ubuntu: dropped.
  EXPECT_EQ(FindPackage(r, "amazon-ssm-agent"), nullptr);
  const model::Package* vim = FindPackage(r, "vim-tiny");
  ASSERT_NE(vim, nullptr);
  EXPECT_EQ(vim->version, "2:8.2.3995-1ubuntu2.16");
  EXPECT_EQ(vim->ecosystem, "Ubuntu:22.04");
  EXPECT_EQ(vim->source_name, "");  // Mapped by the collector, not by the parser.
  EXPECT_EQ(r.asset.name, "batch-worker-01");
  EXPECT_EQ(r.asset.platform, "Ubuntu 22.04");
  ASSERT_TRUE(r.asset.os.has_value());
  EXPECT_EQ(r.asset.os->ecosystem, "Ubuntu:22.04");
}

TEST(SsmInventoryParse, TagsGiveNameAndAutoScalingGroup) {
  Result<model::Batch> batch = ParseSsmInventory(ReadTestdata("ssm_inventory", "al2_tag.json"));
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->reports.size(), 1u);
  EXPECT_EQ(batch->reports[0].asset.name, "web-frontend");
  EXPECT_EQ(batch->reports[0].asset.asg, "web-frontend-asg");
  EXPECT_EQ(batch->reports[0].asset.tags.at("Env"), "production");
  EXPECT_FALSE(batch->reports[0].has_inventory);
}

TEST(SsmInventoryParse, ComputerNameWhenNoNameTag) {
  Result<model::Batch> batch =
      ParseSsmInventory(ReadTestdata("ssm_inventory", "al2_instance_information.json"));
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->reports.size(), 1u);
  EXPECT_EQ(batch->reports[0].asset.name, "ip-10-0-1-23.ap-northeast-1.compute.internal");
  EXPECT_EQ(batch->reports[0].asset.os->ecosystem, "Amazon Linux:2");
}

TEST(SsmInventoryParse, JsonArrayGivesTheSameReports) {
  std::string lines = ReadTestdata("ssm_inventory", "ubuntu_merged.json");
  std::string array = "[";
  size_t start = 0;
  while (start < lines.size()) {
    size_t nl = lines.find('\n', start);
    std::string line = lines.substr(start, nl == std::string::npos ? nl : nl - start);
    if (!line.empty()) array += (array.size() > 1 ? "," : "") + line;
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  array += "]";
  Result<model::Batch> a = ParseSsmInventory(array);
  Result<model::Batch> b = ParseSsmInventory(lines);
  ASSERT_TRUE(a) << a.error().message;
  ASSERT_TRUE(b);
  EXPECT_EQ(a->reports, b->reports);
  EXPECT_TRUE(a->warnings.empty());
}

TEST(SsmInventoryParse, MalformedLinesAreWarningsNotFailures) {
  Result<model::Batch> batch = ParseSsmInventory(ReadTestdata("ssm_inventory", "malformed.json"));
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->reports.size(), 1u);
  // openssl-libs (line 1) and curl (line 6) survive.
  EXPECT_EQ(batch->reports[0].packages.size(), 2u);
  ASSERT_EQ(batch->warnings.size(), 4u);
  EXPECT_EQ(batch->warnings[0].record, "line 2");
  EXPECT_NE(batch->warnings[0].reason.find("truncated"), std::string::npos);
  EXPECT_EQ(batch->warnings[1].reason, "record without resourceId");
  EXPECT_EQ(batch->warnings[2].record, "line 4");  // AWS:Network record: unknown type.
  EXPECT_EQ(batch->warnings[3].record, "line 5");  // Not an object.
}

// A Name of the wrong type is a malformed record (a warning that taints the node), not a snap
// entry dropped in silence because it has no Architecture or PackageId either.
TEST(SsmInventoryParse, NonStringNameIsMalformedNotASnap) {
  Result<model::Batch> batch = ParseSsmInventory(
      R"({"Name":123,"Version":"1","resourceId":"i-0fff000000000001","captureTime":"2024-01-01T00:00:00Z","schemaVersion":"1.0","resourceType":"AWS:EC2Instance"})"
      "\n"
      R"({"Name":"lxd","Version":"5.0","resourceId":"i-0fff000000000001","captureTime":"2024-01-01T00:00:00Z","schemaVersion":"1.0","resourceType":"AWS:EC2Instance"})");
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->warnings.size(), 1u);
  EXPECT_EQ(batch->warnings[0].reason, "application without Name or Version");
}

TEST(SsmInventoryParse, EmptyInputIsEmpty) {
  Result<model::Batch> batch = ParseSsmInventory("  \n\n");
  ASSERT_TRUE(batch);
  EXPECT_TRUE(batch->reports.empty());
  EXPECT_TRUE(batch->warnings.empty());
}

TEST(SsmInventoryParse, GarbageIsAnError) {
  EXPECT_FALSE(ParseSsmInventory("this is not json\nneither is this"));
  EXPECT_FALSE(ParseSsmInventory("[{\"resourceId\":\"i-1\","));
  Result<model::Batch> batch = ParseSsmInventory("\x01\x02\x03");
  ASSERT_FALSE(batch);
  EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
}

TEST(SsmInventoryPlatform, MapsSupportedPlatformsToOsvEcosystems) {
  struct Case {
    const char* name;
    const char* version;
    const char* ecosystem;  // "" = unsupported.
  };
  const Case cases[] = {
      {"Amazon Linux", "2", "Amazon Linux:2"},
      {"Amazon Linux", "2023", "Amazon Linux:2023"},
      {"Amazon Linux AMI", "2018.03", ""},
      {"Ubuntu", "22.04", "Ubuntu:22.04"},
      {"Debian GNU/Linux", "12", "Debian:12"},
      {"Red Hat Enterprise Linux", "9.3", "Red Hat:9"},
      {"Red Hat Enterprise Linux Server", "7.9", "Red Hat:7"},
      {"Rocky Linux", "9.3", "Rocky Linux:9"},
      {"AlmaLinux", "8.9", "AlmaLinux:8"},
      {"CentOS Linux", "7", "CentOS:7"},
      {"CentOS Stream", "9", "CentOS:9"},
      {"Microsoft Windows Server 2022 Datacenter", "10.0.20348", ""},
      {"SLES", "15.5", ""},
      {"Ubuntu", "", ""},
  };
  for (const Case& c : cases) {
    std::optional<model::OsInfo> os = SsmPlatformOs(c.name, c.version);
    EXPECT_EQ(os ? os->ecosystem : "", c.ecosystem) << c.name << " " << c.version;
  }
}

TEST(SsmInventoryRegistry, DetectedAsReport) {
  Result<const Parser*> p =
      DetectFormat(ReadTestdata("ssm_inventory", "al2_application.json"), "i-0abc.json");
  ASSERT_TRUE(p);
  EXPECT_EQ((*p)->key, "ssm_inventory");
  EXPECT_EQ((*p)->kind, Kind::kReport);
}

}  // namespace
}  // namespace vs::parsers
