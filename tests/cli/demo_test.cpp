// `vulnscope demo` end to end through the binary: the shipped sample data (examples/demo) builds
// a database with several AWS accounts, auto-scaling groups, repositories and images in
// namespaces, matched against the real advisory subset so that KEV-listed findings exist; the
// build is repeatable, never touches a database it did not build, and the dashboard it serves
// answers on 127.0.0.1 and requires a login.
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "tests/cli/cli_support.h"

namespace {

using nlohmann::json;
using vs::testing::RunCli;

std::string DataDir() { return std::string(VS_SOURCE_DIR) + "/examples/demo"; }

std::string Password(const std::string& out) {
  std::smatch m;
  static const std::regex re("password: (\\S+)");
  return std::regex_search(out, m, re) ? m[1].str() : "";
}

class Demo : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char dir[] = "/tmp/vs-demo-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = new std::string(dir);
    build_ =
        new vs::testing::CliOutput(RunCli("--db " + Db() + " demo --no-serve --data " + DataDir()));
  }
  static void TearDownTestSuite() {
    std::system(("rm -rf " + *dir_).c_str());
    delete dir_;
    delete build_;
  }
  static std::string Db() { return *dir_ + "/demo.db"; }

  static json Json(const std::string& args) {
    vs::testing::CliOutput o = RunCli("--db " + Db() + " " + args, /*stdout_only=*/true);
    EXPECT_EQ(o.status, 0) << args;
    return json::parse(o.out, nullptr, false);
  }

  static std::string* dir_;
  static vs::testing::CliOutput* build_;
};
std::string* Demo::dir_ = nullptr;
vs::testing::CliOutput* Demo::build_ = nullptr;

TEST_F(Demo, BuildsFleetReposAndImagesAndPrintsAPasswordOnce) {
  ASSERT_EQ(build_->status, 0) << build_->out;
  std::string pw = Password(build_->out);
  EXPECT_GE(pw.size(), 16u) << build_->out;
  EXPECT_EQ(build_->out.find(pw), build_->out.rfind(pw)) << "the password is printed once";

  json assets = Json("assets --format json");
  ASSERT_TRUE(assets.is_array());
  std::set<std::string> accounts, teams, namespaces;
  size_t repos = 0, images_in_namespaces = 0, asgs_with_members = 0, grouped = 0;
  for (const json& a : assets) {
    if (a["team"].is_string() && !a["team"].get<std::string>().empty()) teams.insert(a["team"]);
    if (a["kind"] == "ec2") {
      accounts.insert(a["account_id"].get<std::string>());
      std::string key = a["key"];
      if (key.find("/asg/") != std::string::npos && a["members"].size() >= 2) ++asgs_with_members;
      if (key.find("/group/") != std::string::npos) ++grouped;
    }
    if (a["kind"] == "repository") ++repos;
    if (a["kind"] == "image" && !a["namespaces"].empty()) {
      ++images_in_namespaces;
      for (const json& ns : a["namespaces"]) namespaces.insert(ns.get<std::string>());
    }
  }
  EXPECT_GE(accounts.size(), 3u);
  EXPECT_GE(asgs_with_members, 3u);
  EXPECT_GE(grouped, 1u) << "untagged identical instances are grouped";
  EXPECT_GE(repos, 10u);
  EXPECT_GE(images_in_namespaces, 5u);
  EXPECT_GE(namespaces.size(), 5u);
  EXPECT_GE(teams.size(), 4u) << "the demo ownership rules spread the assets over teams";

  // Recognisable exploited vulnerabilities on each kind of asset: PwnKit on the Rocky Linux
  // hosts and image, Log4Shell in a Dependabot-alerted repository, Spring4Shell in keycloak.
  json kev = Json("search --exploit kev --format json --limit 100000");
  ASSERT_TRUE(kev.is_array());
  std::set<std::string> kinds;
  std::set<std::string> ids;
  for (const json& f : kev) {
    EXPECT_EQ(f["exploit"]["kev"], true);
    kinds.insert(f["asset"]["kind"].get<std::string>());
    ids.insert(f["vulnerability_id"].get<std::string>());
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"ec2", "image", "repository"}));
  for (const char* id : {"CVE-2021-4034", "CVE-2021-44228", "CVE-2022-22965", "CVE-2023-4911"})
    EXPECT_EQ(ids.count(id), 1u) << id;

  // The namespace and account filters reach the same data: PwnKit in the CentOS 8 based worker
  // of namespace payments, CVE-2020-11023 (ALSA gcc advisory) in rockylinux:9 of batch.
  json pwnkit = Json("search --cve CVE-2021-4034 --namespace payments --format json");
  ASSERT_FALSE(pwnkit.empty());
  for (const json& f : pwnkit)
    EXPECT_EQ(f["asset"]["image"], "registry.acme-demo.internal/settlement/worker:2021.11");
  json batch = Json("search --cve CVE-2020-11023 --namespace batch --format json");
  ASSERT_FALSE(batch.empty());
  EXPECT_EQ(batch[0]["asset"]["image"], "docker.io/library/rockylinux:9");
  EXPECT_FALSE(Json("search --account 111122223333 --exploit kev --format json").empty());
}

TEST_F(Demo, RebuildsCleanlyWithANewPassword) {
  ASSERT_EQ(build_->status, 0) << build_->out;
  size_t assets = Json("assets --format json").size();
  size_t findings = Json("search --format json --limit 1000000").size();
  size_t resolved = Json("search --status resolved --format json --limit 1000000").size();
  vs::testing::CliOutput again = RunCli("--db " + Db() + " demo --no-serve --data " + DataDir());
  ASSERT_EQ(again.status, 0) << again.out;
  EXPECT_NE(Password(again.out), Password(build_->out));
  EXPECT_EQ(Json("assets --format json").size(), assets);
  EXPECT_EQ(Json("search --format json --limit 1000000").size(), findings);
  // A rebuild starts from an empty database: re-collecting over the old one would resolve or
  // duplicate findings.
  EXPECT_EQ(Json("search --status resolved --format json --limit 1000000").size(), resolved);
}

TEST_F(Demo, NeverTouchesADatabaseItDidNotBuild) {
  std::string other = *dir_ + "/mine.db";
  ASSERT_EQ(RunCli("--db " + other + " db status").status, 0);
  vs::testing::CliOutput o = RunCli("--db " + other + " demo --no-serve --data " + DataDir());
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.out.find("not built by `vulnscope demo`"), std::string::npos) << o.out;
  EXPECT_EQ(access(other.c_str(), F_OK), 0);
  EXPECT_NE(RunCli("--db " + *dir_ + "/x.db demo --no-serve --data /nonexistent").status, 0);
}

TEST_F(Demo, ServesTheDashboardBehindALogin) {
  std::string db = *dir_ + "/served.db";
  std::string log = *dir_ + "/serve.log";
  vs::testing::ChildProcess demo(
      {VS_BINARY, "--db", db, "demo", "--listen", "127.0.0.1:0", "--data", DataDir()}, log);
  ASSERT_TRUE(demo.started());
  std::string url;
  static const std::regex re("open (http://127\\.0\\.0\\.1:[0-9]+)");
  for (int i = 0; i < 600 && url.empty(); ++i) {
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    std::smatch m;
    std::string s = text.str();
    if (std::regex_search(s, m, re))
      url = m[1].str();
    else
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_FALSE(url.empty()) << "the demo did not start serving";
  ASSERT_TRUE(vs::testing::WaitForHttp(url + "/healthz", "", 10));
  auto api = vs::testing::HttpCall(url + "/api/v1/findings");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 401);
  demo.Stop();
}

}  // namespace
