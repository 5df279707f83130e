// A Resource Data Sync tree in a temporary directory for the SSM tests: a copy of the fixture
// tree (tests/testdata/collectors/ssm/sync) plus nodes derived from it or from a real
// `rpm -qa --queryformat` CSV (go-rpmdb's format, tests/testdata/e2e/rockylinux9.csv), written
// the way the SSM agent's rpm gatherer would (formats.md §1.2 AWS:Application table).
#pragma once

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace vs::fakes {

class TempSyncTree {
 public:
  static constexpr const char* kAccount = "123456789012";
  static constexpr const char* kRegion = "ap-northeast-1";

  TempSyncTree() {
    namespace fs = std::filesystem;
    root_ = fs::temp_directory_path() /
            ("vs-sync-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::remove_all(root_);
    fs::create_directories(root_);
    fs::copy(fs::path(VS_SOURCE_DIR) / "tests/testdata/collectors/ssm/sync", root_,
             fs::copy_options::recursive);
  }
  ~TempSyncTree() { std::filesystem::remove_all(root_); }
  TempSyncTree(const TempSyncTree&) = delete;
  TempSyncTree& operator=(const TempSyncTree&) = delete;

  const std::filesystem::path& root() const { return root_; }

  static std::filesystem::path Rel(const std::string& type, const std::string& account,
                                   const std::string& region, const std::string& node) {
    return std::filesystem::path(type) / ("accountid=" + account) / ("region=" + region) /
           "resourcetype=ManagedInstanceInventory" / (node + ".json");
  }

  void Write(const std::string& type, const std::string& account, const std::string& region,
             const std::string& node, const std::string& content) const {
    std::filesystem::path p = root_ / Rel(type, account, region, node);
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }

  std::string Read(const std::string& type, const std::string& account, const std::string& region,
                   const std::string& node) const {
    return ReadAll(root_ / Rel(type, account, region, node));
  }

  // Copies the objects of fixture node `from` (account kAccount, region kRegion) to another
  // account, region and instance id.
  void CopyNode(const std::string& from, const std::string& account, const std::string& region,
                const std::string& node) const {
    for (const char* type : {"AWS:InstanceInformation", "AWS:Application", "AWS:Tag"}) {
      std::filesystem::path src = root_ / Rel(type, kAccount, kRegion, from);
      if (!std::filesystem::exists(src)) continue;
      Write(type, account, region, node, ReplaceAll(ReadAll(src), from, node));
    }
  }

  void Info(const std::string& account, const std::string& region, const std::string& node,
            const std::string& platform, const std::string& version,
            const std::string& capture = "2024-05-01T03:00:12Z",
            const std::string& status = "Active") const {
    Write("AWS:InstanceInformation", account, region, node,
          "{\"AgentType\":\"amazon-ssm-agent\",\"ComputerName\":\"ip-" + node +
              "\",\"InstanceId\":\"" + node + "\",\"InstanceStatus\":\"" + status +
              "\",\"IpAddress\":\"10.1.0.9\",\"PlatformName\":\"" + platform +
              "\",\"PlatformType\":\"Linux\",\"PlatformVersion\":\"" + version +
              "\",\"ResourceType\":\"EC2Instance\",\"resourceId\":\"" + node +
              "\",\"captureTime\":\"" + capture + "\",\"schemaVersion\":\"1.0\"}\n");
  }

  void Tags(const std::string& account, const std::string& region, const std::string& node,
            const std::map<std::string, std::string>& tags,
            const std::string& capture = "2024-05-01T03:00:12Z") const {
    std::string out;
    for (const auto& [k, v] : tags) {
      out += "{\"Key\":\"" + Escape(k) + "\",\"Value\":\"" + Escape(v) + "\",\"resourceId\":\"" +
             node + "\",\"captureTime\":\"" + capture + "\",\"schemaVersion\":\"1.0\"}\n";
    }
    Write("AWS:Tag", account, region, node, out);
  }

  // AWS:Application from go-rpmdb's CSV (epoch,name,version,release,arch,sourcerpm,size,
  // license,vendor,…): Epoch "" when none, Architecture as rpm reports it, PackageId the
  // source rpm, Publisher the vendor.
  void RpmApplications(const std::string& account, const std::string& region,
                       const std::string& node, const std::string& csv_path,
                       const std::string& capture = "2024-05-01T03:00:12Z") const {
    std::istringstream lines(ReadAll(csv_path));
    std::string line, out;
    std::getline(lines, line);  // Header.
    while (std::getline(lines, line)) {
      std::vector<std::string> f;
      std::stringstream fields(line);
      std::string cell;
      for (int i = 0; i < 9 && std::getline(fields, cell, ','); ++i) f.push_back(cell);
      if (f.size() < 9) continue;
      out += "{\"Name\":\"" + f[1] + "\",\"Publisher\":\"" + f[8] + "\",\"Version\":\"" + f[2] +
             "\",\"Release\":\"" + f[3] + "\",\"Epoch\":\"" + f[0] + "\",\"Architecture\":\"" +
             f[4] + "\",\"PackageId\":\"" + f[5] + "\",\"resourceId\":\"" + node +
             "\",\"captureTime\":\"" + capture + "\",\"schemaVersion\":\"1.1\"}\n";
    }
    Write("AWS:Application", account, region, node, out);
  }

  static std::string ReadAll(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  // JSON string content: quotes and backslashes escaped (test values have no controls).
  static std::string Escape(const std::string& s) {
    std::string out;
    for (char c : s) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out;
  }

  static std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
      s.replace(at, from.size(), to);
    return s;
  }

 private:
  static inline int counter_ = 0;
  std::filesystem::path root_;
};

}  // namespace vs::fakes
