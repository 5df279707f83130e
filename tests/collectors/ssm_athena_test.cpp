// CollectSsmAthena against the fake Athena (tests/fakes/athena), which answers from the same
// sync tree that CollectSsm reads as a directory: both must give the same collection.
#include "collectors/ssm_athena.h"

#include <algorithm>
#include <tuple>

#include <gtest/gtest.h>

#include "collectors/ssm.h"
#include "tests/fakes/athena/athena_fake.h"
#include "tests/fakes/athena/sync_tree.h"

namespace vs::collectors {
namespace {

using fakes::AthenaFake;
using fakes::TempSyncTree;

constexpr const char* kA = TempSyncTree::kAccount;  // Fixture account, ap-northeast-1.
constexpr const char* kB = "210987654321";
constexpr const char* kRegion = TempSyncTree::kRegion;
constexpr const char* kEu = "eu-west-1";

const aws::Credentials kCreds{.access_key_id = "AKIDEXAMPLE",
                              .secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                              .session_token = "SESSION"};

aws::AthenaConfig ClientConfig(const AthenaFake& fake, aws::Credentials creds = kCreds) {
  aws::AthenaConfig c;
  c.region = "ap-northeast-1";
  c.endpoint = fake.url();
  c.credentials = std::move(creds);
  c.initial_backoff_ms = 5;
  c.max_backoff_ms = 20;
  c.poll_initial_ms = 5;
  c.poll_max_ms = 20;
  c.max_attempts = 2;
  return c;
}

SsmAthenaOptions Options(std::vector<std::string> accounts = {},
                         std::vector<std::string> regions = {}) {
  SsmAthenaOptions o;
  o.database = "ssminventory";
  o.workgroup = "primary";
  o.output_location = "s3://vulnscope-athena-results/queries/";
  o.accounts = std::move(accounts);
  o.regions = std::move(regions);
  return o;
}

// The fixture plus a second account with two regions: a copy of the fixture's nodes (ASG and
// Ubuntu), a Rocky Linux 9 node from a real rpm database, a terminated node, two identical
// untagged Ubuntu nodes (the package-set fallback) and an unsupported platform.
void Populate(const TempSyncTree& tree) {
  tree.CopyNode("i-0abc1234def567890", kB, kRegion, "i-0b00000000000a001");
  tree.CopyNode("i-0abc1234def567891", kB, kRegion, "i-0b00000000000a002");
  tree.CopyNode("i-0def5678abc901234", kB, kEu, "i-0b00000000000e001");
  tree.CopyNode("i-0def5678abc901234", kB, kEu, "i-0b00000000000e002");
  tree.Info(kB, kEu, "i-0b00000000000e003", "Rocky Linux", "9.3", "2024-05-02T08:00:00Z");
  tree.RpmApplications(kB, kEu, "i-0b00000000000e003",
                       std::string(VS_SOURCE_DIR) + "/tests/testdata/e2e/rockylinux9.csv");
  tree.Tags(kB, kEu, "i-0b00000000000e003", {{"Name", "batch \"rocky\""}, {"Team", "data"}});
  tree.Info(kB, kEu, "i-0b00000000000e004", "Ubuntu", "22.04", "2024-04-01T00:00:00Z",
            "Terminated");
  tree.Info(kB, kEu, "i-0b00000000000e005", "Microsoft Windows Server 2019 Datacenter",
            "10.0.17763");
}

void SortPackages(model::Collection& c) {
  for (model::AssetReport& r : c.assets) {
    std::sort(r.packages.begin(), r.packages.end(), [](const auto& a, const auto& b) {
      return std::tie(a.name, a.version, a.arch, a.source_name, a.source_version) <
             std::tie(b.name, b.version, b.arch, b.source_name, b.source_version);
    });
  }
}

model::Collection FromDirectory(const TempSyncTree& tree, SsmOptions o = {}) {
  DirectoryObjectSource dir(tree.root().string());
  Result<model::Collection> c = CollectSsm(dir, o);
  EXPECT_TRUE(c) << c.error().message;
  SortPackages(*c);
  return *c;
}

Result<model::Collection> FromAthena(const AthenaFake& fake, const SsmAthenaOptions& o,
                                     aws::Credentials creds = kCreds) {
  aws::AthenaClient client(ClientConfig(fake, std::move(creds)));
  Result<model::Collection> c = CollectSsmAthena(client, o);
  if (c) SortPackages(*c);
  return c;
}

const model::AssetReport* Find(const model::Collection& c, const std::string& key) {
  for (const auto& r : c.assets)
    if (r.asset.key == key) return &r;
  return nullptr;
}

class SsmAthena : public ::testing::Test {
 protected:
  void SetUp() override {
    Populate(tree_);
    ASSERT_TRUE(fake_.Start());
  }
  TempSyncTree tree_;
  AthenaFake fake_{tree_.root().string(), kCreds, "ap-northeast-1"};
};

TEST_F(SsmAthena, SameCollectionAsTheDirectoryForEveryAccount) {
  model::Collection dir = FromDirectory(tree_);
  Result<model::Collection> ath = FromAthena(fake_, Options());
  ASSERT_TRUE(ath) << ath.error().message;
  EXPECT_EQ(ath->errors, dir.errors);
  EXPECT_EQ(ath->scopes, dir.scopes);
  EXPECT_EQ(ath->asset_scopes, dir.asset_scopes);
  ASSERT_EQ(ath->assets.size(), dir.assets.size());
  for (size_t i = 0; i < dir.assets.size(); ++i)
    EXPECT_EQ(ath->assets[i], dir.assets[i]) << dir.assets[i].asset.key;
  for (const char* stat :
       {"ssm.partitions", "ssm.instances", "ssm.terminated", "ssm.non_os_dropped"})
    EXPECT_EQ(ath->stats[stat], dir.stats[stat]) << stat;

  // What the comparison covers: both de-duplications, OS mapping, terminated and unsupported.
  EXPECT_EQ(dir.scopes, (std::vector<std::string>{"ssm:123456789012:ap-northeast-1",
                                                  "ssm:210987654321:ap-northeast-1",
                                                  "ssm:210987654321:eu-west-1"}));
  const model::AssetReport* asg =
      Find(*ath, std::string(kB) + "/" + kRegion + "/asg/web-frontend-asg");
  ASSERT_NE(asg, nullptr);
  EXPECT_EQ(asg->asset.members,
            (std::vector<std::string>{"i-0b00000000000a001", "i-0b00000000000a002"}));
  int grouped = 0;
  for (const auto& r : ath->assets)
    grouped += r.asset.key.find("/group/") != std::string::npos ? 1 : 0;
  EXPECT_EQ(grouped, 1);
  const model::AssetReport* rocky =
      Find(*ath, std::string(kB) + "/" + kEu + "/i-0b00000000000e003");
  ASSERT_NE(rocky, nullptr);
  EXPECT_EQ(rocky->asset.name, "batch \"rocky\"");
  EXPECT_EQ(rocky->packages.size(), 142u);
  EXPECT_EQ(ath->stats["ssm.terminated"], "1");
  ASSERT_NE(Find(*ath, std::string(kB) + "/" + kEu + "/i-0b00000000000e005"), nullptr);
}

TEST_F(SsmAthena, EveryQueryPrunesOnThePartitionColumns) {
  Result<model::Collection> c = FromAthena(fake_, Options({kB}, {kEu}));
  ASSERT_TRUE(c) << c.error().message;
  std::vector<std::string> sql = fake_.AcceptedSql();
  ASSERT_EQ(sql.size(), 3u);  // InstanceInformation, Application, Tag.
  for (const std::string& q : sql) {
    EXPECT_NE(q.find("\"accountid\" = '210987654321'"), std::string::npos) << q;
    EXPECT_NE(q.find("\"region\" IN ('eu-west-1')"), std::string::npos) << q;
    EXPECT_NE(q.find("\"resourcetype\" = 'ManagedInstanceInventory'"), std::string::npos) << q;
  }
  EXPECT_TRUE(fake_.RejectedSql().empty());
  // Only the objects of that one partition were opened: 5 InstanceInformation, 3 Application
  // and 3 Tag objects (the other two partitions hold 13 more).
  EXPECT_EQ(fake_.ObjectsRead(), 5 + 3 + 3);
  EXPECT_EQ(c->scopes, std::vector<std::string>{"ssm:210987654321:eu-west-1"});
  EXPECT_EQ(c->stats["athena_queries"], "3");
  EXPECT_EQ(c->stats["athena_bytes_scanned"], std::to_string(fake_.BytesScanned()));
  EXPECT_GT(fake_.BytesScanned(), 10000);
  // Three queries under 10 MB each: three minimum charges.
  char cost[32];
  std::snprintf(cost, sizeof cost, "%.8f", 3 * AthenaQueryCostUsd(0));
  EXPECT_EQ(c->stats["athena_cost_usd"], cost);
}

TEST_F(SsmAthena, AccountsComeFromPartitionMetadataWhenNoneAreGiven) {
  Result<model::Collection> c = FromAthena(fake_, Options({}, {kRegion}));
  ASSERT_TRUE(c) << c.error().message;
  std::vector<std::string> sql = fake_.AcceptedSql();
  ASSERT_FALSE(sql.empty());
  EXPECT_NE(sql[0].find("aws_instanceinformation$partitions"), std::string::npos) << sql[0];
  EXPECT_EQ(c->scopes, (std::vector<std::string>{"ssm:123456789012:ap-northeast-1",
                                                 "ssm:210987654321:ap-northeast-1"}));
  // 1 discovery + 2 accounts × 3 tables.
  EXPECT_EQ(sql.size(), 7u);
}

TEST_F(SsmAthena, ResultPagesAreFollowed) {
  SsmAthenaOptions o = Options({kB});
  o.page_size = 7;
  Result<model::Collection> c = FromAthena(fake_, o);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_GT(fake_.ResultPages(), 25);  // 142 Rocky packages alone need 21 pages.
  model::Collection dir = FromDirectory(tree_, {.accounts = {kB}});
  EXPECT_EQ(c->assets, dir.assets);
}

TEST_F(SsmAthena, AFailedAccountLeavesTheOthersCollected) {
  fake_.Deny(kB);  // S3 answers 403 for its objects: its queries end FAILED.
  Result<model::Collection> c = FromAthena(fake_, Options({kA, kB}));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->scopes, std::vector<std::string>{"ssm:123456789012:ap-northeast-1"});
  ASSERT_EQ(c->errors.size(), 1u);
  EXPECT_NE(c->errors[0].find("ssm:210987654321"), std::string::npos) << c->errors[0];
  EXPECT_NE(c->errors[0].find("403"), std::string::npos) << c->errors[0];
  for (const auto& r : c->assets) EXPECT_EQ(r.asset.account_id, kA);
  EXPECT_EQ(c->assets.size(), 2u);  // The ASG and the Ubuntu node.
}

TEST_F(SsmAthena, AnHttp403OnARegionPartitionFailsThatPartitionOnly) {
  fake_.Deny(kB, AthenaFake::Denial::kHttp403);
  Result<model::Collection> c = FromAthena(fake_, Options({kA, kB}, {kRegion, kEu}));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->scopes, std::vector<std::string>{"ssm:123456789012:ap-northeast-1"});
  // Account A has nothing in eu-west-1 (an error, as for a directory); both of B's fail.
  ASSERT_EQ(c->errors.size(), 3u);
  int denied = 0;
  for (const std::string& e : c->errors) denied += e.find("HTTP 403") != std::string::npos;
  EXPECT_EQ(denied, 2);
}

TEST_F(SsmAthena, MalformedObjectFailsItsAccountAsTheSerDeDoes) {
  std::string app = tree_.Read("AWS:Application", kB, kEu, "i-0b00000000000e001");
  tree_.Write("AWS:Application", kB, kEu, "i-0b00000000000e001", app + "{\"Name\":\"trunc");
  Result<model::Collection> c = FromAthena(fake_, Options({kA, kB}));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->scopes, std::vector<std::string>{"ssm:123456789012:ap-northeast-1"});
  bool bad_data = false;
  for (const std::string& e : c->errors)
    bad_data = bad_data || e.find("HIVE_BAD_DATA") != std::string::npos;
  EXPECT_TRUE(bad_data);
}

TEST_F(SsmAthena, RejectsBadIdentifiersBeforeQuerying) {
  EXPECT_FALSE(FromAthena(fake_, Options({"12345"})));
  EXPECT_FALSE(FromAthena(fake_, Options({kA}, {"eu-west-1' OR '1'='1"})));
  SsmAthenaOptions o = Options({kA});
  o.database = "x\"; DROP";
  EXPECT_FALSE(FromAthena(fake_, o));
  EXPECT_TRUE(fake_.Operations().empty());
}

TEST_F(SsmAthena, CostHasATenMegabyteMinimumAndRoundsUpToMegabytes) {
  const double per_mb = 5.0 / (1024.0 * 1024.0);
  EXPECT_DOUBLE_EQ(AthenaQueryCostUsd(0), 10 * per_mb);
  EXPECT_DOUBLE_EQ(AthenaQueryCostUsd(10 * 1048576 + 1), 11 * per_mb);
  EXPECT_DOUBLE_EQ(AthenaQueryCostUsd(1LL << 40), 5.0);
}

// The fake must be able to say no, or the tests above prove nothing.
TEST_F(SsmAthena, FakeRejectsUnprunedSqlBadSignaturesAndUnknownColumns) {
  aws::AthenaClient client(ClientConfig(fake_));
  aws::QueryRequest q{.sql = "SELECT \"name\" FROM \"ssminventory\".\"aws_application\"",
                      .database = "ssminventory"};
  auto r = client.RunQuery(q);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("without partition predicates"), std::string::npos)
      << r.error().message;
  q.sql +=
      " WHERE \"accountid\" = '123456789012' AND \"resourcetype\" = 'ManagedInstanceInventory'";
  auto ok = client.RunQuery(q);
  ASSERT_TRUE(ok) << ok.error().message;
  size_t records = 0;  // Every AWS:Application line of the account's objects.
  for (const char* node : {"i-0abc1234def567890", "i-0def5678abc901234"}) {
    std::string text = tree_.Read("AWS:Application", kA, kRegion, node);
    records += std::count(text.begin(), text.end(), '\n');
  }
  EXPECT_EQ(ok->table.rows.size(), records);

  q.sql =
      "SELECT \"relase\" FROM \"ssminventory\".\"aws_application\" WHERE \"accountid\" = "
      "'123456789012' AND \"resourcetype\" = 'ManagedInstanceInventory'";
  auto typo = client.RunQuery(q);
  ASSERT_FALSE(typo);
  EXPECT_NE(typo.error().message.find("COLUMN_NOT_FOUND"), std::string::npos);

  aws::Credentials wrong = kCreds;
  wrong.secret_access_key = "not-the-secret";
  aws::AthenaClient forged(ClientConfig(fake_, wrong));
  auto denied = forged.StartQueryExecution(q);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, ErrorCode::kAuth);
  EXPECT_NE(denied.error().message.find("signature mismatch"), std::string::npos);
}

TEST_F(SsmAthena, NullCellsAreMissingAttributes) {
  aws::AthenaClient client(ClientConfig(fake_));
  aws::QueryRequest q{.sql =
                          "SELECT \"resourceid\", \"epoch\", \"release\" FROM "
                          "\"ssminventory\".\"aws_application\" WHERE \"accountid\" = "
                          "'123456789012' AND \"resourcetype\" = 'ManagedInstanceInventory'",
                      .database = "ssminventory"};
  auto r = client.RunQuery(q);
  ASSERT_TRUE(r) << r.error().message;
  int nulls = 0, empties = 0;
  for (const auto& row : r->table.rows) {
    if (row[0] == "i-0def5678abc901234") nulls += !row[1] && !row[2];  // dpkg: no Epoch/Release.
    if (row[0] == "i-0abc1234def567890" && row[1] == "") ++empties;    // rpm: Epoch "".
  }
  EXPECT_GT(nulls, 0);
  EXPECT_GT(empties, 0);
}

}  // namespace
}  // namespace vs::collectors
