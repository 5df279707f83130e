#include "collectors/vuls.h"

#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace vs::collectors {
namespace {

struct Request {
  VulsHeaders headers;
  std::string body;
};

// Splits a recorded raw HTTP request (CRLF header lines, blank line, body).
Request ReadRequest(const std::string& name) {
  std::ifstream in(std::string(VS_SOURCE_DIR) + "/tests/testdata/collectors/vuls/" + name,
                   std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::stringstream ss;
  ss << in.rdbuf();
  std::string raw = ss.str();
  size_t end = raw.find("\r\n\r\n");
  Request r;
  r.body = raw.substr(end + 4);
  std::istringstream lines(raw.substr(0, end));
  std::string line;
  std::getline(lines, line);  // Request line.
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t colon = line.find(':');
    r.headers[line.substr(0, colon)] = line.substr(colon + 2);
  }
  return r;
}

const model::Package* Find(const model::AssetReport& r, std::string_view name) {
  for (const model::Package& p : r.packages)
    if (p.name == name) return &p;
  return nullptr;
}

TEST(VulsPush, DebianDpkgQuery) {
  Request req = ReadRequest("vuls-server-request-debian.txt");
  Result<model::AssetReport> r = ParseVulsPush(req.headers, req.body);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->asset.kind, model::AssetKind::kHost);
  EXPECT_EQ(r->asset.key, "i-0aaa1111bbb222333");
  ASSERT_TRUE(r->asset.os);
  EXPECT_EQ(r->asset.os->ecosystem, "Debian:12");
  EXPECT_TRUE(r->has_inventory);
  // The "rc" kernel is not installed; the running one (name contains the kernel release) stays.
  ASSERT_EQ(r->packages.size(), 7u);
  EXPECT_EQ(Find(*r, "linux-image-6.1.0-17-cloud-amd64"), nullptr);
  const model::Package* kernel = Find(*r, "linux-image-6.1.0-18-cloud-amd64");
  ASSERT_NE(kernel, nullptr);
  EXPECT_EQ(kernel->source_name, "linux-signed-amd64");
  EXPECT_EQ(kernel->source_version, "6.1.76+1");
  EXPECT_EQ(*Find(*r, "libssl3"), (model::Package{"Debian:12", "libssl3", "3.0.11-1~deb12u2",
                                                  "openssl", "", "amd64", "", ""}));
  // "bash (5.2.15-2)": only the source name counts; the binNMU version differs from the source.
  const model::Package* bash = Find(*r, "bash");
  EXPECT_EQ(bash->source_name, "");
  EXPECT_EQ(bash->source_version, "5.2.15-2");
  // Empty source fields fall back to the binary.
  EXPECT_EQ(Find(*r, "tar")->source_name, "");
  EXPECT_EQ(Find(*r, "libc6")->source_name, "glibc");
}

TEST(VulsPush, UbuntuFromSsmHasNoSourceNames) {
  Request req = ReadRequest("vuls-server-request-ubuntu-from-ssm.txt");
  Result<model::AssetReport> r = ParseVulsPush(req.headers, req.body);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->asset.os->ecosystem, "Ubuntu:22.04");
  ASSERT_EQ(r->packages.size(), 5u);
  EXPECT_EQ(Find(*r, "vim-tiny")->version, "2:8.2.3995-1ubuntu2.16");
  EXPECT_EQ(Find(*r, "libssl3")->source_name, "");
}

TEST(VulsPush, AmazonLinux2Rpm) {
  Request req = ReadRequest("vuls-server-request-amazon2.txt");
  Result<model::AssetReport> r = ParseVulsPush(req.headers, req.body);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->asset.os->ecosystem, "Amazon Linux:2");
  // gpg-pubkey skipped; of the two kernels only the running one is kept.
  ASSERT_EQ(r->packages.size(), 7u);
  EXPECT_EQ(*Find(*r, "openssl-libs"),
            (model::Package{"Amazon Linux:2", "openssl-libs", "1:1.0.2k-24.amzn2.0.4", "openssl",
                            "", "x86_64", "", ""}));
  EXPECT_EQ(Find(*r, "kernel")->version, "5.10.213-201.855.amzn2");
  EXPECT_EQ(Find(*r, "libcurl")->source_name, "curl");
  EXPECT_EQ(Find(*r, "gpg-pubkey"), nullptr);
}

TEST(VulsPush, AmazonLinux2023WithModularityColumn) {
  Request req = ReadRequest("vuls-server-request-amazon2023.txt");
  Result<model::AssetReport> r = ParseVulsPush(req.headers, req.body);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->asset.os->ecosystem, "Amazon Linux:2023");
  ASSERT_EQ(r->packages.size(), 3u);
  EXPECT_EQ(Find(*r, "nginx-core")->source_name, "nginx");
  EXPECT_EQ(Find(*r, "nginx-core")->version, "1:1.24.0-1.amzn2023.0.2");
}

TEST(VulsPush, AlpineApkDatabase) {
  Request req = ReadRequest("vuls-server-request-alpine.txt");
  Result<model::AssetReport> r = ParseVulsPush(req.headers, req.body);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->asset.key, "alpine-builder-01");
  EXPECT_EQ(r->asset.os->ecosystem, "Alpine:v3.19");
  const model::Package* crypto = Find(*r, "libcrypto3");
  ASSERT_NE(crypto, nullptr);
  EXPECT_EQ(crypto->ecosystem, "Alpine:v3.19");
  EXPECT_EQ(crypto->source_name, "openssl");
}

TEST(VulsPush, HeaderNamesAreCaseInsensitive) {
  Result<model::AssetReport> r = ParseVulsPush({{"x-vuls-os-family", "Debian"},
                                                {"x-vuls-os-release", "12"},
                                                {"x-vuls-server-name", "web1"},
                                                {"content-type", "text/plain; charset=utf-8"}},
                                               "bash,ii ,5.2.15-2+b2,bash,5.2.15-2\n");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->packages.size(), 1u);
}

TEST(VulsPush, ClearErrors) {
  VulsHeaders ok = {
      {"X-Vuls-OS-Family", "debian"}, {"X-Vuls-OS-Release", "12"}, {"X-Vuls-Server-Name", "web1"}};
  std::string body = "bash,ii ,5.2.15-2+b2,bash,5.2.15-2\n";
  struct Case {
    VulsHeaders headers;
    std::string body;
    ErrorCode code;
    std::string message;
  };
  auto without = [&](const std::string& name) {
    VulsHeaders h = ok;
    h.erase(name);
    return h;
  };
  auto with = [&](const std::string& name, const std::string& value) {
    VulsHeaders h = ok;
    h[name] = value;
    return h;
  };
  std::vector<Case> cases = {
      {without("X-Vuls-OS-Family"), body, ErrorCode::kInvalidInput,
       "vuls push: X-Vuls-OS-Family header is required"},
      {without("X-Vuls-OS-Release"), body, ErrorCode::kInvalidInput,
       "vuls push: X-Vuls-OS-Release header is required"},
      {without("X-Vuls-Server-Name"), body, ErrorCode::kInvalidInput,
       "vuls push: X-Vuls-Server-Name header is required (it names the host)"},
      {with("X-Vuls-OS-Family", "windows"), body, ErrorCode::kUnsupported,
       "vuls push: OS family \"windows\" is not supported"},
      {with("X-Vuls-OS-Family", "raspbian"), body, ErrorCode::kUnsupported,
       "vuls push: no OSV ecosystem for OS family \"raspbian\""},
      {with("Content-Type", "application/xml"), body, ErrorCode::kUnsupported,
       "vuls push: Content-Type \"application/xml\" is not supported (text/plain or "
       "application/json)"},
      {ok, "", ErrorCode::kInvalidInput, "vuls push: empty body: no installed package"},
      {ok, "bash,rc ,5.2.15-2+b2,bash,5.2.15-2\n", ErrorCode::kInvalidInput,
       "vuls push: empty body: no installed package"},
      {ok, body + "tar,ii ,1.34\n", ErrorCode::kInvalidInput,
       "vuls push: line 2: expected 5 comma-separated fields, got 3"},
      {with("X-Vuls-OS-Family", "amazon"), "bash 0 4.2.46 34.amzn2 x86_64\n",
       ErrorCode::kInvalidInput,
       "vuls push: line 1: expected 6 or 7 space-separated fields, got 5"},
      {with("X-Vuls-OS-Family", "amazon"), "bash 0 4.2.46 34.amzn2 x86_64 bash.rpm\n",
       ErrorCode::kInvalidInput, "vuls push: line 1: bad SOURCERPM \"bash.rpm\""},
  };
  for (const Case& c : cases) {
    Result<model::AssetReport> r = ParseVulsPush(c.headers, c.body);
    ASSERT_FALSE(r) << c.message;
    EXPECT_EQ(r.error().code, c.code) << c.message;
    EXPECT_EQ(r.error().message, c.message);
  }
}

TEST(VulsPush, JsonBodyIsAScanResult) {
  Result<model::AssetReport> r =
      ParseVulsPush({{"Content-Type", "application/json"}},
                    R"({"jsonVersion": 4, "serverName": "db1", "family": "redhat", "release": "9.3",
          "packages": {"openssl-libs": {"name": "openssl-libs", "version": "1:3.0.7",
                                        "release": "24.el9", "arch": "x86_64"}}})");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->asset.key, "db1");
  ASSERT_EQ(r->packages.size(), 1u);
  EXPECT_EQ(r->packages[0].version, "1:3.0.7-24.el9");
}

TEST(VulsResult, RendersAVulsStyleArray) {
  Request req = ReadRequest("vuls-server-request-amazon2.txt");
  Result<model::AssetReport> r = ParseVulsPush(req.headers, req.body);
  ASSERT_TRUE(r);
  model::Finding ssl;
  ssl.vulnerability_id = "CVE-2023-0286";
  ssl.advisory_ids = {"ALAS2-2023-1935"};
  ssl.severity = model::Severity::kHigh;
  ssl.cvss_score = 7.4;
  ssl.cvss_vector = "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:H";
  ssl.package = *Find(*r, "openssl");
  ssl.fixed_version = "1:1.0.2k-24.amzn2.0.6";
  ssl.summary = "X.400 address type confusion in X.509 GeneralName";
  ssl.exploit.exploitdb = {"51234"};
  model::Finding ssl_libs = ssl;
  ssl_libs.package = *Find(*r, "openssl-libs");
  model::Finding curl;
  curl.vulnerability_id = "CVE-2023-38545";
  curl.severity = model::Severity::kCritical;
  curl.package = *Find(*r, "curl");
  curl.exploit.kev = true;
  curl.exploit.metasploit = {"auxiliary/dos/http/curl_socks5"};
  std::vector<model::Finding> findings = {ssl, ssl_libs, curl};

  nlohmann::json out =
      nlohmann::json::parse(RenderVulsResult(*r, findings, "2024-05-01T12:00:03Z"));
  // Vuls answers an array holding one ScanResult (reporter/http.go), never a bare object.
  ASSERT_TRUE(out.is_array());
  ASSERT_EQ(out.size(), 1u);
  const nlohmann::json& res = out[0];
  EXPECT_EQ(res["jsonVersion"], 4);
  EXPECT_EQ(res["serverName"], "i-0abc1234def567890");
  EXPECT_EQ(res["family"], "amazon");
  EXPECT_EQ(res["release"], "2");
  EXPECT_EQ(res["reportedAt"], "2024-05-01T12:00:03Z");
  EXPECT_EQ(res["scannedAt"], "0001-01-01T00:00:00Z");
  // rpm: the epoch stays in "version", the release apart.
  EXPECT_EQ(res["packages"]["openssl"]["version"], "1:1.0.2k");
  EXPECT_EQ(res["packages"]["openssl"]["release"], "24.amzn2.0.4");
  EXPECT_EQ(res["SrcPackages"]["openssl"]["binaryNames"],
            nlohmann::json::array({"openssl-libs", "openssl"}));
  EXPECT_EQ(res["SrcPackages"]["curl"]["binaryNames"], nlohmann::json::array({"curl", "libcurl"}));
  const nlohmann::json& v = res["scannedCves"]["CVE-2023-0286"];
  ASSERT_EQ(v["affectedPackages"].size(), 2u);
  EXPECT_EQ(v["affectedPackages"][0]["name"], "openssl");
  EXPECT_EQ(v["affectedPackages"][0]["fixedIn"], "1:1.0.2k-24.amzn2.0.6");
  EXPECT_EQ(v["distroAdvisories"][0]["advisoryID"], "ALAS2-2023-1935");
  EXPECT_EQ(v["cveContents"]["vulnscope"][0]["cvss3Score"], 7.4);
  EXPECT_EQ(v["cveContents"]["vulnscope"][0]["cvss3Severity"], "high");
  EXPECT_EQ(v["exploits"][0]["exploitType"], "OffensiveSecurity");
  EXPECT_EQ(v["exploits"][0]["url"], "https://www.exploit-db.com/exploits/51234");
  const nlohmann::json& c = res["scannedCves"]["CVE-2023-38545"];
  EXPECT_EQ(c["affectedPackages"][0]["notFixedYet"], true);
  EXPECT_EQ(c["kevs"][0]["type"], "cisa");
  EXPECT_EQ(c["metasploits"][0]["name"], "auxiliary/dos/http/curl_socks5");
  EXPECT_TRUE(c["alertDict"]["cisa"].is_null());
}

TEST(VulsResult, DebianPackagesKeepTheFullVersion) {
  Request req = ReadRequest("vuls-server-request-debian.txt");
  Result<model::AssetReport> r = ParseVulsPush(req.headers, req.body);
  ASSERT_TRUE(r);
  nlohmann::json out = nlohmann::json::parse(RenderVulsResult(*r, {}, "2024-05-01T12:00:03Z"));
  const nlohmann::json& res = out[0];
  EXPECT_EQ(res["family"], "debian");
  EXPECT_EQ(res["packages"]["vim-tiny"]["version"], "2:9.0.1378-2");
  EXPECT_EQ(res["packages"]["vim-tiny"]["release"], "");
  EXPECT_TRUE(res["scannedCves"].empty());
  EXPECT_EQ(res["SrcPackages"]["glibc"]["binaryNames"], nlohmann::json::array({"libc6"}));
}

}  // namespace
}  // namespace vs::collectors
