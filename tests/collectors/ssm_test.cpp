#include "collectors/ssm.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

namespace vs::collectors {
namespace {

namespace fs = std::filesystem;

constexpr const char* kAccount = "123456789012";
constexpr const char* kRegion = "ap-northeast-1";
constexpr const char* kAl2a = "i-0abc1234def567890";
constexpr const char* kAl2b = "i-0abc1234def567891";
constexpr const char* kUbuntu = "i-0def5678abc901234";

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string ReplaceAll(std::string s, std::string_view from, std::string_view to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

// A sync tree in a temporary directory, starting as a copy of the fixture tree.
class SyncTree {
 public:
  SyncTree() {
    root_ = fs::temp_directory_path() /
            ("vs-ssm-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::remove_all(root_);
    fs::create_directories(root_);
    fs::copy(fs::path(VS_SOURCE_DIR) / "tests/testdata/collectors/ssm/sync", root_,
             fs::copy_options::recursive);
  }
  ~SyncTree() { fs::remove_all(root_); }
  const fs::path& root() const { return root_; }

  static fs::path Rel(std::string_view type, std::string_view account, std::string_view region,
                      std::string_view node) {
    return fs::path(std::string(type)) / ("accountid=" + std::string(account)) /
           ("region=" + std::string(region)) / "resourcetype=ManagedInstanceInventory" /
           (std::string(node) + ".json");
  }
  std::string Read(std::string_view type, std::string_view account, std::string_view region,
                   std::string_view node) const {
    return ReadAll(root_ / Rel(type, account, region, node));
  }
  void Write(std::string_view type, std::string_view account, std::string_view region,
             std::string_view node, const std::string& content) const {
    fs::path p = root_ / Rel(type, account, region, node);
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }
  void Remove(std::string_view type, std::string_view account, std::string_view region,
              std::string_view node) const {
    fs::remove(root_ / Rel(type, account, region, node));
  }
  // Copies a fixture node's objects (those that exist) to another place and instance id.
  void CopyNode(std::string_view from_node, std::string_view account, std::string_view region,
                std::string_view node) const {
    for (const char* type : {"AWS:InstanceInformation", "AWS:Application", "AWS:Tag"}) {
      fs::path src = root_ / Rel(type, kAccount, kRegion, from_node);
      if (!fs::exists(src)) continue;
      Write(type, account, region, node, ReplaceAll(ReadAll(src), from_node, node));
    }
  }
  // An AWS:InstanceInformation object.
  void Info(std::string_view account, std::string_view region, std::string_view node,
            std::string_view platform, std::string_view version, std::string_view status = "Active",
            std::string_view capture = "2024-05-01T03:00:12Z") const {
    std::string n(node);
    Write("AWS:InstanceInformation", account, region, node,
          "{\"ComputerName\":\"host-" + n + "\",\"InstanceId\":\"" + n +
              "\",\"InstanceStatus\":\"" + std::string(status) + "\",\"PlatformName\":\"" +
              std::string(platform) + "\",\"PlatformType\":\"Linux\",\"PlatformVersion\":\"" +
              std::string(version) + "\",\"ResourceType\":\"EC2Instance\",\"resourceId\":\"" + n +
              "\",\"captureTime\":\"" + std::string(capture) + "\",\"schemaVersion\":\"1.0\"}\n");
  }

 private:
  static inline int counter_ = 0;
  fs::path root_;
};

// Records every List prefix, to prove which partitions were listed.
class RecordingSource : public ObjectSource {
 public:
  explicit RecordingSource(std::string root) : dir_(std::move(root)) {}
  Result<std::vector<ObjectInfo>> List(std::string_view prefix) override {
    lists.emplace_back(prefix);
    return dir_.List(prefix);
  }
  Result<std::string> Get(std::string_view key) override {
    gets.emplace_back(key);
    return dir_.Get(key);
  }
  std::vector<std::string> lists, gets;

 private:
  DirectoryObjectSource dir_;
};

const model::AssetReport* FindAsset(const model::Collection& c, std::string_view key) {
  for (const model::AssetReport& r : c.assets)
    if (r.asset.key == key) return &r;
  return nullptr;
}

const model::Package* FindPackage(const model::AssetReport& r, std::string_view name) {
  for (const model::Package& p : r.packages)
    if (p.name == name) return &p;
  return nullptr;
}

std::string Key(std::string_view account, std::string_view region, std::string_view rest) {
  return std::string(account) + "/" + std::string(region) + "/" + std::string(rest);
}

Result<model::Collection> Collect(const SyncTree& tree, SsmOptions options = {}) {
  DirectoryObjectSource source(tree.root().string());
  return CollectSsm(source, options);
}

TEST(SsmCollect, FixtureTreeJoinsTypesAndDeduplicatesTheAsg) {
  SyncTree tree;
  Result<model::Collection> c = Collect(tree);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->source, "ssm");
  EXPECT_TRUE(c->errors.empty()) << c->errors.front();
  EXPECT_EQ(c->scopes, (std::vector<std::string>{"ssm:123456789012:ap-northeast-1"}));
  ASSERT_EQ(c->assets.size(), 2u);
  EXPECT_EQ(c->asset_scopes, (std::vector<std::string>(2, "ssm:123456789012:ap-northeast-1")));

  const model::AssetReport* asg = FindAsset(*c, Key(kAccount, kRegion, "asg/web-frontend-asg"));
  ASSERT_NE(asg, nullptr);
  EXPECT_EQ(asg->asset.kind, model::AssetKind::kEc2);
  EXPECT_EQ(asg->asset.asg, "web-frontend-asg");
  EXPECT_EQ(asg->asset.name, "web-frontend-asg");
  EXPECT_EQ(asg->asset.members, (std::vector<std::string>{kAl2a, kAl2b}));
  // ...890 captured at 03:00:12, ...891 at 02:58:40: the newest represents the group.
  EXPECT_EQ(asg->asset.instance_id, kAl2a);
  EXPECT_EQ(asg->asset.account_id, kAccount);
  EXPECT_EQ(asg->asset.region, kRegion);
  EXPECT_EQ(asg->asset.platform, "Amazon Linux 2");
  EXPECT_NE(asg->asset.note.find("auto-scaling group web-frontend-asg: 2 instance(s)"),
            std::string::npos);
  EXPECT_TRUE(asg->has_inventory);
  const model::Package* openssl = FindPackage(*asg, "openssl-libs");
  ASSERT_NE(openssl, nullptr);
  EXPECT_EQ(openssl->ecosystem, "Amazon Linux:2");
  EXPECT_EQ(openssl->version, "1:1.0.2k-24.amzn2.0.4");
  EXPECT_EQ(openssl->source_name, "openssl");

  const model::AssetReport* ubuntu = FindAsset(*c, Key(kAccount, kRegion, kUbuntu));
  ASSERT_NE(ubuntu, nullptr);
  EXPECT_EQ(ubuntu->asset.name, "batch-worker-01");
  EXPECT_EQ(ubuntu->asset.instance_id, kUbuntu);
  EXPECT_TRUE(ubuntu->asset.members.empty());
  ASSERT_TRUE(ubuntu->asset.os.has_value());
  EXPECT_EQ(ubuntu->asset.os->ecosystem, "Ubuntu:22.04");
  EXPECT_EQ(c->stats.at("ssm.instances"), "3");
  EXPECT_EQ(c->stats.at("ssm.objects"), "8");
}

TEST(SsmCollect, SnapsAreDroppedAndDebianBinariesMapToSourcePackages) {
  SyncTree tree;
  Result<model::Collection> c = Collect(tree);
  ASSERT_TRUE(c);
  const model::AssetReport* ubuntu = FindAsset(*c, Key(kAccount, kRegion, kUbuntu));
  ASSERT_NE(ubuntu, nullptr);
  // The fixture's 9 records: 7 dpkg packages, 2 snaps (amazon-ssm-agent, core22).
  EXPECT_EQ(ubuntu->packages.size(), 7u);
  EXPECT_EQ(FindPackage(*ubuntu, "core22"), nullptr);
  EXPECT_EQ(FindPackage(*ubuntu, "amazon-ssm-agent"), nullptr);
  EXPECT_EQ(c->stats.at("ssm.non_os_dropped"), "2");
  const model::Package* libssl = FindPackage(*ubuntu, "libssl3");
  ASSERT_NE(libssl, nullptr);
  EXPECT_EQ(libssl->source_name, "openssl");
  EXPECT_EQ(libssl->ecosystem, "Ubuntu:22.04");
  ASSERT_NE(FindPackage(*ubuntu, "vim-tiny"), nullptr);
  EXPECT_EQ(FindPackage(*ubuntu, "vim-tiny")->source_name, "vim");
  ASSERT_NE(FindPackage(*ubuntu, "bash"), nullptr);
  EXPECT_EQ(FindPackage(*ubuntu, "bash")->source_name, "");  // Source = binary name.
}

TEST(SsmSourceMapping, TableAndRules) {
  EXPECT_EQ(DebianSourcePackage("libssl3"), "openssl");
  EXPECT_EQ(DebianSourcePackage("libc6"), "glibc");
  EXPECT_EQ(DebianSourcePackage("libcurl4"), "curl");
  EXPECT_EQ(DebianSourcePackage("python3"), "python3-defaults");
  EXPECT_EQ(DebianSourcePackage("udev"), "systemd");
  EXPECT_EQ(DebianSourcePackage("bash"), "bash");
  // Rules for names Debian 12 does not have: Ubuntu 24.04's t64 renames, suffixes.
  EXPECT_EQ(DebianSourcePackage("libssl3t64"), "openssl");
  EXPECT_EQ(DebianSourcePackage("libcurl4t64"), "curl");
  EXPECT_EQ(DebianSourcePackage("python3-tools"), "python3-defaults");
  EXPECT_EQ(DebianSourcePackage("acme-widget-common"), "acme-widget");
  EXPECT_EQ(DebianSourcePackage("acme-widget"), "acme-widget");
  // Identity exceptions in the table stop a rule from misfiring.
  EXPECT_EQ(DebianSourcePackage("vim-addon-mw-utils"), "vim-addon-mw-utils");
}

TEST(SsmCollect, PartitionFilteringListsOnlyWhatWasAskedFor) {
  SyncTree tree;
  const std::string other = "012345678901";  // Leading zero: account ids stay strings.
  tree.CopyNode(kUbuntu, other, "us-east-1", "i-0000000000000a001");
  tree.CopyNode(kUbuntu, other, "eu-west-1", "i-0000000000000b001");
  {
    RecordingSource source(tree.root().string());
    Result<model::Collection> c = CollectSsm(source, {"", {other}, {"eu-west-1"}});
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_TRUE(c->errors.empty());
    EXPECT_EQ(c->scopes, (std::vector<std::string>{"ssm:012345678901:eu-west-1"}));
    ASSERT_EQ(c->assets.size(), 1u);
    EXPECT_EQ(c->assets[0].asset.key, Key(other, "eu-west-1", "i-0000000000000b001"));
    EXPECT_EQ(c->assets[0].asset.account_id, other);
    for (const std::string& prefix : source.lists)
      EXPECT_NE(prefix.find("accountid=012345678901/region=eu-west-1/"), std::string::npos)
          << prefix;
    for (const std::string& key : source.gets)
      EXPECT_NE(key.find("accountid=012345678901/region=eu-west-1/"), std::string::npos) << key;
  }
  {
    // An account without regions: its InstanceInformation folder is listed, nothing wider.
    RecordingSource source(tree.root().string());
    Result<model::Collection> c = CollectSsm(source, {"", {other}, {}});
    ASSERT_TRUE(c);
    EXPECT_EQ(c->scopes, (std::vector<std::string>{"ssm:012345678901:eu-west-1",
                                                   "ssm:012345678901:us-east-1"}));
    EXPECT_EQ(c->assets.size(), 2u);
    for (const std::string& prefix : source.lists)
      EXPECT_NE(prefix.find("accountid=012345678901/"), std::string::npos) << prefix;
  }
  {
    // Regions only: every account, that region.
    Result<model::Collection> c = Collect(tree, {"", {}, {"us-east-1", kRegion}});
    ASSERT_TRUE(c);
    EXPECT_EQ(c->scopes, (std::vector<std::string>{"ssm:012345678901:us-east-1",
                                                   "ssm:123456789012:ap-northeast-1"}));
    EXPECT_EQ(c->assets.size(), 3u);
  }
  {
    // A named account and region with no data is an error, never an empty covered scope.
    Result<model::Collection> c = Collect(tree, {"", {other}, {"sa-east-1"}});
    ASSERT_TRUE(c);
    EXPECT_TRUE(c->scopes.empty());
    ASSERT_EQ(c->errors.size(), 1u);
    EXPECT_NE(c->errors[0].find("ssm:012345678901:sa-east-1"), std::string::npos);
  }
}

TEST(SsmCollect, KeyPrefixIsHonoured) {
  SyncTree tree;
  fs::path nested = tree.root() / "inventory";
  fs::create_directories(nested);
  for (const char* type : {"AWS:InstanceInformation", "AWS:Application", "AWS:Tag"})
    fs::rename(tree.root() / type, nested / type);
  Result<model::Collection> c = Collect(tree, {"inventory/", {}, {}});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->assets.size(), 2u);
  EXPECT_TRUE(c->errors.empty());
}

TEST(SsmCollect, OsMappingAndUnsupportedPlatforms) {
  SyncTree tree;
  struct Case {
    const char* node;
    const char* platform;
    const char* version;
    const char* ecosystem;  // "" = unsupported.
  };
  const Case cases[] = {
      {"i-0000000000000c001", "Amazon Linux", "2023", "Amazon Linux:2023"},
      {"i-0000000000000c002", "Debian GNU/Linux", "12", "Debian:12"},
      {"i-0000000000000c003", "Red Hat Enterprise Linux", "9.3", "Red Hat:9"},
      {"i-0000000000000c004", "Rocky Linux", "9.3", "Rocky Linux:9"},
      {"i-0000000000000c005", "AlmaLinux", "8.9", "AlmaLinux:8"},
      {"i-0000000000000c006", "CentOS Linux", "7", "CentOS:7"},
      {"i-0000000000000c007", "Microsoft Windows Server 2022 Datacenter", "10.0.20348", ""},
      {"i-0000000000000c008", "SLES", "15.5", ""},
  };
  const std::string region = "us-west-2";
  std::string app = tree.Read("AWS:Application", kAccount, kRegion, kAl2a);
  for (const Case& c : cases) {
    tree.Info(kAccount, region, c.node, c.platform, c.version);
    // Different package sets, so that the no-tag grouping leaves them apart.
    tree.Write("AWS:Application", kAccount, region, c.node,
               ReplaceAll(ReplaceAll(app, kAl2a, c.node), "\"bash\"",
                          "\"bash-" + std::string(c.node) + "\""));
  }
  Result<model::Collection> col = Collect(tree, {"", {kAccount}, {region}});
  ASSERT_TRUE(col) << col.error().message;
  EXPECT_TRUE(col->errors.empty()) << col->errors.front();
  ASSERT_EQ(col->assets.size(), std::size(cases));
  for (const Case& c : cases) {
    const model::AssetReport* r = FindAsset(*col, Key(kAccount, region, c.node));
    ASSERT_NE(r, nullptr) << c.node;
    if (*c.ecosystem != '\0') {
      ASSERT_TRUE(r->asset.os.has_value()) << c.platform;
      EXPECT_EQ(r->asset.os->ecosystem, c.ecosystem);
      EXPECT_TRUE(r->has_inventory);
      ASSERT_FALSE(r->packages.empty());
      EXPECT_EQ(r->packages[0].ecosystem, c.ecosystem);
      EXPECT_EQ(r->asset.note, "");
    } else {
      // Kept, visible and explained, without an inventory to match.
      EXPECT_FALSE(r->asset.os.has_value());
      EXPECT_FALSE(r->has_inventory);
      EXPECT_TRUE(r->packages.empty());
      EXPECT_EQ(r->asset.note,
                "unsupported platform: " + std::string(c.platform) + " " + std::string(c.version));
      // …and reported with the run, for the sources page.
      bool warned = false;
      for (const std::string& w : col->warnings)
        warned = warned || w == r->asset.key + ": " + r->asset.note;
      EXPECT_TRUE(warned) << c.platform;
    }
  }
}

// An auto-scaling group of an unmapped platform is one asset whose note speaks of the group;
// the run still reports the platform.
TEST(SsmCollect, UnsupportedAutoScalingGroupIsReportedWithTheRun) {
  SyncTree tree;
  const std::string region = "eu-west-3";
  for (const char* node : {"i-0000000000000e001", "i-0000000000000e002"}) {
    tree.Info(kAccount, region, node, "Microsoft Windows Server 2022 Datacenter", "10.0.20348");
    tree.Write("AWS:Tag", kAccount, region, node,
               "{\"Key\":\"aws:autoscaling:groupName\",\"Value\":\"win-asg\",\"resourceId\":\"" +
                   std::string(node) +
                   "\",\"captureTime\":\"2024-05-01T02:58:40Z\",\"schemaVersion\":\"1.0\"}\n");
  }
  Result<model::Collection> c = Collect(tree, {"", {kAccount}, {region}});
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_EQ(c->assets.size(), 1u);
  EXPECT_EQ(c->assets[0].asset.asg, "win-asg");
  EXPECT_EQ(c->stats.at("ssm.unsupported"), "1");
  bool warned = false;
  for (const std::string& w : c->warnings)
    warned = warned ||
             w.find("unsupported platform: Microsoft Windows Server 2022") != std::string::npos;
  EXPECT_TRUE(warned);
}

TEST(SsmCollect, GroupsIdenticalInstancesWithoutTheAsgTag) {
  SyncTree tree;
  const std::string region = "eu-central-1";
  // Three AL2 instances, no tags at all; two share the package set, the third has one more.
  std::string app = tree.Read("AWS:Application", kAccount, kRegion, kAl2a);
  const char* nodes[] = {"i-0000000000000d001", "i-0000000000000d002", "i-0000000000000d003"};
  tree.Info(kAccount, region, nodes[0], "Amazon Linux", "2", "Active", "2024-05-01T01:00:00Z");
  tree.Info(kAccount, region, nodes[1], "Amazon Linux", "2", "Active", "2024-05-02T01:00:00Z");
  tree.Info(kAccount, region, nodes[2], "Amazon Linux", "2", "Active", "2024-05-03T01:00:00Z");
  tree.Write("AWS:Application", kAccount, region, nodes[0], ReplaceAll(app, kAl2a, nodes[0]));
  tree.Write("AWS:Application", kAccount, region, nodes[1], ReplaceAll(app, kAl2a, nodes[1]));
  std::string extra =
      "{\"Name\":\"nginx\",\"Version\":\"1.24.0\",\"Release\":\"1.amzn2\","
      "\"Epoch\":\"1\",\"Architecture\":\"x86_64\",\"PackageId\":\"nginx-1.24.0-1."
      "amzn2.src.rpm\",\"resourceId\":\"" +
      std::string(nodes[2]) + "\"}\n";
  tree.Write("AWS:Application", kAccount, region, nodes[2],
             ReplaceAll(app, kAl2a, nodes[2]) + extra);
  Result<model::Collection> c = Collect(tree, {"", {kAccount}, {region}});
  ASSERT_TRUE(c);
  ASSERT_EQ(c->assets.size(), 2u);
  const model::AssetReport* group = nullptr;
  for (const model::AssetReport& r : c->assets)
    if (r.asset.key.find("/group/") != std::string::npos) group = &r;
  ASSERT_NE(group, nullptr);
  EXPECT_EQ(group->asset.members, (std::vector<std::string>{nodes[0], nodes[1]}));
  EXPECT_EQ(group->asset.instance_id, nodes[1]);  // Newer capture.
  EXPECT_EQ(group->asset.asg, "");
  EXPECT_NE(group->asset.note.find("without an aws:autoscaling:groupName tag"), std::string::npos);
  EXPECT_NE(group->asset.note.find("no AMI id"), std::string::npos);
  EXPECT_NE(FindAsset(*c, Key(kAccount, region, nodes[2])), nullptr);
  // The group key is a function of the package set: stable across runs.
  Result<model::Collection> again = Collect(tree, {"", {kAccount}, {region}});
  ASSERT_TRUE(again);
  EXPECT_NE(FindAsset(*again, group->asset.key), nullptr);
}

TEST(SsmCollect, AsgTagWinsOverPackageSets) {
  SyncTree tree;
  // Give the second ASG member a different inventory: still one asset, newest represents.
  std::string app = tree.Read("AWS:Application", kAccount, kRegion, kAl2a);
  tree.Write("AWS:Application", kAccount, kRegion, kAl2b,
             ReplaceAll(app, kAl2a, kAl2b).substr(0, app.find('\n') + 1));
  Result<model::Collection> c = Collect(tree);
  ASSERT_TRUE(c);
  const model::AssetReport* asg = FindAsset(*c, Key(kAccount, kRegion, "asg/web-frontend-asg"));
  ASSERT_NE(asg, nullptr);
  EXPECT_EQ(asg->asset.instance_id, kAl2a);
  EXPECT_EQ(asg->packages.size(), 9u);  // ...890's inventory, not ...891's single package.
  EXPECT_EQ(c->assets.size(), 2u);
}

TEST(SsmCollect, MalformedObjectFailsOnlyItsPartition) {
  SyncTree tree;
  const std::string other = "210987654321";
  tree.CopyNode(kUbuntu, other, kRegion, "i-0000000000000e001");
  tree.CopyNode(kUbuntu, other, kRegion, "i-0000000000000e002");
  std::string app = tree.Read("AWS:Application", other, kRegion, "i-0000000000000e001");
  tree.Write("AWS:Application", other, kRegion, "i-0000000000000e001",
             app.substr(0, app.size() / 2));  // Truncated mid-line.
  Result<model::Collection> c = Collect(tree);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->scopes, (std::vector<std::string>{"ssm:123456789012:ap-northeast-1"}));
  ASSERT_FALSE(c->errors.empty());
  for (const std::string& e : c->errors)
    EXPECT_EQ(e.rfind("ssm:210987654321:ap-northeast-1: ", 0), 0u) << e;
  EXPECT_NE(c->errors[0].find("i-0000000000000e001.json: line"), std::string::npos) << c->errors[0];
  // The broken instance is not reported (nothing about it changes); its healthy neighbour is.
  EXPECT_EQ(FindAsset(*c, Key(other, kRegion, "i-0000000000000e001")), nullptr);
  EXPECT_NE(FindAsset(*c, Key(other, kRegion, "i-0000000000000e002")), nullptr);
  EXPECT_EQ(c->assets.size(), 3u);
}

TEST(SsmCollect, GarbageObjectAndMissingInstanceInformationAreErrors) {
  SyncTree tree;
  tree.Write("AWS:Tag", kAccount, kRegion, kUbuntu, "\x1f\x8b\x08 not json");
  tree.Remove("AWS:InstanceInformation", kAccount, kRegion, kAl2b);
  Result<model::Collection> c = Collect(tree);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->scopes.empty());
  ASSERT_EQ(c->errors.size(), 2u);
  EXPECT_NE(c->errors[0].find("i-0def5678abc901234.json: ssm_inventory: no line is a JSON object"),
            std::string::npos)
      << c->errors[0];
  EXPECT_NE(c->errors[1].find(std::string(kAl2b) + ": AWS:Application/AWS:Tag objects without "
                                                   "AWS:InstanceInformation"),
            std::string::npos)
      << c->errors[1];
  // ...890 alone now carries the ASG asset.
  const model::AssetReport* asg = FindAsset(*c, Key(kAccount, kRegion, "asg/web-frontend-asg"));
  ASSERT_NE(asg, nullptr);
  EXPECT_EQ(asg->asset.members, (std::vector<std::string>{kAl2a}));
}

TEST(SsmCollect, TerminatedInstancesAreLeftOutOfACoveredScope) {
  SyncTree tree;
  std::string info = tree.Read("AWS:InstanceInformation", kAccount, kRegion, kUbuntu);
  tree.Write("AWS:InstanceInformation", kAccount, kRegion, kUbuntu,
             ReplaceAll(info, "\"Active\"", "\"Terminated\""));
  std::string stopped = tree.Read("AWS:InstanceInformation", kAccount, kRegion, kAl2b);
  tree.Write("AWS:InstanceInformation", kAccount, kRegion, kAl2b,
             ReplaceAll(stopped, "\"Active\"", "\"Stopped\""));
  Result<model::Collection> c = Collect(tree);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->errors.empty());
  // Covered, so the store retires the terminated instance's asset and resolves its findings.
  EXPECT_EQ(c->scopes, (std::vector<std::string>{"ssm:123456789012:ap-northeast-1"}));
  EXPECT_EQ(FindAsset(*c, Key(kAccount, kRegion, kUbuntu)), nullptr);
  EXPECT_EQ(c->stats.at("ssm.terminated"), "1");
  // A stopped instance may start again: still an asset (an ASG member here).
  const model::AssetReport* asg = FindAsset(*c, Key(kAccount, kRegion, "asg/web-frontend-asg"));
  ASSERT_NE(asg, nullptr);
  EXPECT_EQ(asg->asset.members, (std::vector<std::string>{kAl2a, kAl2b}));
  EXPECT_EQ(c->assets.size(), 1u);
}

TEST(SsmCollect, MissingRootIsAnError) {
  DirectoryObjectSource source("/nonexistent/vs-ssm-sync");
  Result<model::Collection> c = CollectSsm(source, {});
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kNotFound);
}

TEST(DirectoryObjectSource, ListsByStringPrefixAndRefusesEscapes) {
  SyncTree tree;
  DirectoryObjectSource source(tree.root().string());
  Result<std::vector<ObjectInfo>> all = source.List("AWS:Tag/accountid=123456789012/region=ap-n");
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].key,
            "AWS:Tag/accountid=123456789012/region=ap-northeast-1/"
            "resourcetype=ManagedInstanceInventory/i-0abc1234def567890.json");
  EXPECT_EQ((*all)[0].size, 724u);
  Result<std::vector<ObjectInfo>> none = source.List("AWS:Network/");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  Result<std::string> bytes = source.Get((*all)[0].key);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(bytes->size(), 724u);
  EXPECT_FALSE(source.Get("../etc/passwd"));
  EXPECT_EQ(source.Get("AWS:Tag/missing.json").error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace vs::collectors
