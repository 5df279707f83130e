// `vulnscope collect ssm` end to end through the real binary, three ways over the same sync
// data: a directory copy, the REAL s3rver (npm, started on 127.0.0.1 and stopped by pid) loaded
// with the tree, and Athena (the fake in tests/fakes/athena answering from the tree). Each run
// goes into a fresh SQLite store holding real advisories (tests/testdata/e2e); `assets` and
// `search` must then print the same thing, ids and timestamps aside.
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <set>
#include <string>
#include <thread>

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "aws/s3.h"
#include "net/http.h"
#include "tests/fakes/athena/athena_fake.h"
#include "tests/fakes/athena/sync_tree.h"
#include "tests/support/s3rver.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using vs::fakes::AthenaFake;
using vs::fakes::TempSyncTree;

constexpr const char* kA = TempSyncTree::kAccount;  // Fixture: AL2 ASG + Ubuntu, ap-northeast-1.
constexpr const char* kB = "210987654321";          // Rocky Linux 9, eu-west-1.
constexpr const char* kC = "345678901234";          // Rocky Linux 9, us-east-1.
constexpr const char* kAthenaRegion = "ap-northeast-1";

const vs::aws::Credentials kAthenaCreds{.access_key_id = "AKIDVULNSCOPETEST",
                                        .secret_access_key = "e2e-secret-key/+=",
                                        .session_token = ""};

struct Output {
  std::string out;
  int status;
};

// Runs the binary with `env` prepended; stderr joins stdout unless `json_only`.
Output RunCli(const std::string& env, const std::string& args, bool json_only = false) {
  std::string cmd =
      env + " " + std::string(VS_BINARY) + " " + args + (json_only ? " 2>/dev/null" : " 2>&1");
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 65536> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int status = pclose(p);
  return {out, WEXITSTATUS(status)};
}

std::string E2e(const char* name) {
  return std::string(VS_SOURCE_DIR) + "/tests/testdata/e2e/" + name;
}

// Drops what differs between two stores holding the same data: row ids and times.
void Normalize(json& j) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end();) {
      const std::string& k = it.key();
      bool volatile_key = k == "id" || k == "asset_id" || k.find("seen") != std::string::npos ||
                          k.find("_at") != std::string::npos || k.find("time") != std::string::npos;
      if (volatile_key) {
        it = j.erase(it);
      } else {
        Normalize(*it);
        ++it;
      }
    }
  } else if (j.is_array()) {
    for (json& x : j) Normalize(x);
    std::sort(j.begin(), j.end(), [](const json& a, const json& b) { return a.dump() < b.dump(); });
  }
}

class SsmE2e : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tree_ = new TempSyncTree();
    const std::string rocky = E2e("rockylinux9.csv");
    // Account B: an auto-scaling group of two (b002 captured last, so it represents the group)
    // and two identical untagged instances (grouped by package set).
    for (const char* node : {"i-0b00000000000e001", "i-0b00000000000e002"}) {
      std::string capture = node[18] == '2' ? "2024-05-02T09:00:00Z" : "2024-05-02T08:00:00Z";
      tree_->Info(kB, "eu-west-1", node, "Rocky Linux", "9.3", capture);
      tree_->RpmApplications(kB, "eu-west-1", node, rocky, capture);
      tree_->Tags(kB, "eu-west-1", node,
                  {{"Name", "batch"}, {"aws:autoscaling:groupName", "batch-asg"}}, capture);
    }
    for (const char* node : {"i-0b00000000000e003", "i-0b00000000000e004"}) {
      tree_->Info(kB, "eu-west-1", node, "Rocky Linux", "9.3");
      tree_->RpmApplications(kB, "eu-west-1", node, rocky);
    }
    tree_->Info(kC, "us-east-1", "i-0c00000000000c001", "Rocky Linux", "9.3");
    tree_->RpmApplications(kC, "us-east-1", "i-0c00000000000c001", rocky);
    tree_->Tags(kC, "us-east-1", "i-0c00000000000c001", {{"Name", "reports"}});
    StartS3rver();
  }

  static void TearDownTestSuite() {
    delete s3rver_;
    s3rver_ = nullptr;
    delete tree_;
  }

  static void StartS3rver() {
    s3rver_ = new vs::testing::S3rverServer();
    std::string error;
    ASSERT_TRUE(s3rver_->Start("vs-inventory", &error)) << error;
    // The same tree, under a prefix, through our S3 client.
    vs::aws::S3Config c;
    c.endpoint = s3rver_->endpoint();
    c.credentials = {.access_key_id = "S3RVER", .secret_access_key = "S3RVER"};
    vs::aws::S3Client s3(c);
    for (const auto& e : fs::recursive_directory_iterator(tree_->root())) {
      if (!e.is_regular_file()) continue;
      std::string key = "sync/" + fs::relative(e.path(), tree_->root()).generic_string();
      ASSERT_TRUE(s3.PutObject("vs-inventory", key, TempSyncTree::ReadAll(e.path())));
    }
  }

  void SetUp() override {
    char dir[] = "/tmp/vs-ssm-e2e-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A fresh store with the real advisory subset (AlmaLinux 9 for the Rocky hosts) and intel.
  std::string NewStore(const std::string& name) {
    std::string db = "--db '" + dir_ + "/" + name + ".db'";
    std::string files;
    for (const char* f : {"almalinux9-subset.jsonl.gz", "kev-subset.json", "poc-subset.csv",
                          "exploitdb-map-subset.json", "exploitdb-sample.csv"})
      files += " " + E2e(f);
    Output o = RunCli("", db + " db import" + files);
    EXPECT_EQ(o.status, 0) << o.out;
    return db;
  }

  static std::string S3Env() {
    return "AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_SESSION_TOKEN= "
           "AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true AWS_ENDPOINT_URL= "
           "AWS_ENDPOINT_URL_S3=" +
           s3rver_->endpoint();
  }
  static std::string AthenaEnv(const AthenaFake& fake) {
    return "AWS_ACCESS_KEY_ID=" + kAthenaCreds.access_key_id + " AWS_SECRET_ACCESS_KEY='" +
           kAthenaCreds.secret_access_key + "' AWS_SESSION_TOKEN= AWS_REGION=" + kAthenaRegion +
           " AWS_EC2_METADATA_DISABLED=true AWS_ENDPOINT_URL= AWS_ENDPOINT_URL_ATHENA=" +
           fake.url();
  }
  static std::string Accounts() {
    return std::string(" --account ") + kA + " --account " + kB + " --account " + kC;
  }
  static std::string AthenaArgs() {
    return " collect ssm --athena --database ssminventory --workgroup primary "
           "--output s3://vs-athena-results/ssm/" +
           Accounts();
  }

  json JsonOf(const std::string& db, const std::string& args) {
    Output o = RunCli("", db + " " + args, true);
    EXPECT_EQ(o.status, 0) << args;
    json j = json::parse(o.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << o.out.substr(0, 500);
    return j;
  }

  static inline TempSyncTree* tree_ = nullptr;
  static inline vs::testing::S3rverServer* s3rver_ = nullptr;
  std::string dir_;
};

TEST_F(SsmE2e, DirectoryS3AndAthenaGiveTheSameAssetsAndFindings) {
  AthenaFake fake(tree_->root().string(), kAthenaCreds, kAthenaRegion);
  ASSERT_TRUE(fake.Start());

  std::string dir_db = NewStore("dir"), s3_db = NewStore("s3"), athena_db = NewStore("athena");
  Output d = RunCli("", dir_db + " collect ssm --from " + tree_->root().string() + Accounts());
  ASSERT_EQ(d.status, 0) << d.out;
  Output s = RunCli(S3Env(), s3_db + " collect ssm --from s3://vs-inventory/sync" + Accounts());
  ASSERT_EQ(s.status, 0) << s.out;
  Output a = RunCli(AthenaEnv(fake), athena_db + AthenaArgs());
  ASSERT_EQ(a.status, 0) << a.out;
  EXPECT_TRUE(fake.RejectedSql().empty());
  EXPECT_EQ(fake.AcceptedSql().size(), 9u);  // 3 accounts × 3 tables.

  json assets = JsonOf(dir_db, "assets --format json");
  json findings = JsonOf(dir_db, "search --format json --limit 10000");
  // Fixture ASG + Ubuntu, B's ASG + package-set group, C's host.
  ASSERT_EQ(assets.size(), 5u) << assets.dump(1);
  ASSERT_GT(findings.size(), 50u) << "the Rocky hosts must match AlmaLinux 9 advisories";
  Normalize(assets);
  Normalize(findings);
  for (const std::string& db : {s3_db, athena_db}) {
    json other_assets = JsonOf(db, "assets --format json");
    json other_findings = JsonOf(db, "search --format json --limit 10000");
    Normalize(other_assets);
    Normalize(other_findings);
    EXPECT_EQ(other_assets, assets) << db;
    EXPECT_EQ(other_findings.size(), findings.size()) << db;
    EXPECT_TRUE(other_findings == findings) << db;
  }

  // ASG members are searchable by instance id, the non-representative one included, in every
  // store.
  for (const std::string& db : {dir_db, s3_db, athena_db}) {
    json by_member =
        JsonOf(db, "search --format json --limit 10000 --instance i-0b00000000000e001");
    ASSERT_FALSE(by_member.empty()) << db;
    for (const json& f : by_member) EXPECT_EQ(f["asset"]["asg"], "batch-asg");
    json grouped = JsonOf(db, "search --format json --limit 10000 --instance i-0b00000000000e003");
    EXPECT_EQ(grouped.size(), by_member.size()) << "same packages, same findings";
  }
}

TEST_F(SsmE2e, A403OnOneAccountLeavesTheOthersCollectedAndTheRunPartial) {
  AthenaFake fake(tree_->root().string(), kAthenaCreds, kAthenaRegion);
  fake.Deny(kC);  // S3 answers 403 for account C's objects: its queries fail.
  ASSERT_TRUE(fake.Start());
  std::string db = NewStore("denied");
  Output a = RunCli(AthenaEnv(fake), db + AthenaArgs());
  EXPECT_EQ(a.status, 2) << a.out;
  EXPECT_NE(a.out.find("partial"), std::string::npos) << a.out;
  EXPECT_NE(a.out.find("345678901234"), std::string::npos) << a.out;
  json assets = JsonOf(db, "assets --format json");
  std::set<std::string> accounts;
  for (const json& x : assets) accounts.insert(x.value("account_id", ""));
  EXPECT_EQ(accounts, (std::set<std::string>{kA, kB})) << assets.dump(1);
  EXPECT_FALSE(JsonOf(db, "search --format json --limit 10000 --account 210987654321").empty());
}

TEST_F(SsmE2e, AthenaWithAWrongSecretFailsAndStoresNothing) {
  AthenaFake fake(tree_->root().string(), kAthenaCreds, kAthenaRegion);
  ASSERT_TRUE(fake.Start());
  std::string db = NewStore("forged");
  std::string env = AthenaEnv(fake);
  env.replace(env.find(kAthenaCreds.secret_access_key), kAthenaCreds.secret_access_key.size(),
              "wrong-secret");
  Output a = RunCli(env, db + AthenaArgs());
  EXPECT_EQ(a.status, 2) << a.out;
  EXPECT_NE(a.out.find("signature mismatch"), std::string::npos) << a.out;
  EXPECT_TRUE(fake.AcceptedSql().empty());
  EXPECT_TRUE(JsonOf(db, "assets --format json").empty());
}

}  // namespace
