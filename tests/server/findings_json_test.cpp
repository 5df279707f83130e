// The findings JSON (`search --format json`, GET /api/v1/findings) is written without a JSON
// DOM; these tests hold it to the bytes nlohmann's dump() gives for the same document, which is
// how the contract was first written (the reference below is that original code).
#include <charconv>
#include <cmath>
#include <limits>
#include <random>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "report/findings.h"

namespace vs::report {
namespace {

using nlohmann::ordered_json;

ordered_json OrNull(const std::string& s) {
  return s.empty() ? ordered_json(nullptr) : ordered_json(s);
}

ordered_json ReferenceFinding(const store::FindingRow& f) {
  ordered_json exploitdb = ordered_json::array();
  for (const std::string& id : f.exploit.exploitdb) {
    long long n = 0;
    auto [p, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
    if (ec == std::errc() && p == id.data() + id.size())
      exploitdb.push_back(n);
    else
      exploitdb.push_back(id);
  }
  const model::Asset& a = f.asset;
  ordered_json j;
  j["id"] = f.id;
  j["vulnerability_id"] = f.vulnerability_id;
  j["aliases"] = f.aliases;
  j["severity"] = f.severity;
  j["cvss_score"] = f.cvss_score >= 0 ? ordered_json(f.cvss_score) : ordered_json(nullptr);
  j["status"] = f.status;
  j["source"] = f.source;
  j["first_seen"] = f.first_seen;
  j["last_seen"] = f.last_seen;
  j["fixed_version"] = OrNull(f.fixed_version);
  j["package"] = {
      {"ecosystem", f.package.ecosystem}, {"name", f.package.name}, {"version", f.package.version}};
  j["exploit"] = {{"exploitdb", exploitdb},
                  {"kev", f.exploit.kev},
                  {"poc", f.exploit.poc},
                  {"metasploit", f.exploit.metasploit},
                  {"epss", f.exploit.epss ? ordered_json(*f.exploit.epss) : ordered_json(nullptr)}};
  j["asset"] = ordered_json{{"kind", model::AssetKindName(a.kind)},
                            {"name", a.name},
                            {"team", OrNull(a.team)},
                            {"account_id", OrNull(a.account_id)},
                            {"region", OrNull(a.region)},
                            {"instance_id", OrNull(a.instance_id)},
                            {"asg", OrNull(a.asg)},
                            {"repo", OrNull(a.repo)},
                            {"image", OrNull(a.image)},
                            {"namespaces", a.namespaces},
                            {"key", a.key},
                            {"members", a.members},
                            {"digest", OrNull(a.digest)},
                            {"workloads", a.workloads}};
  j["asset"]["id"] = f.asset_id;
  j["resolved_at"] = OrNull(f.resolved_at);
  j["status_reason"] = OrNull(f.status_reason);
  j["summary"] = OrNull(f.summary);
  j["url"] = OrNull(f.url);
  return j;
}

std::string ReferenceJson(const std::vector<store::FindingRow>& rows) {
  ordered_json arr = ordered_json::array();
  for (const auto& r : rows) arr.push_back(ReferenceFinding(r));
  return arr.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

store::FindingRow Typical() {
  store::FindingRow f;
  f.id = 42;
  f.vulnerability_id = "CVE-2021-44228";
  f.aliases = {"CVE-2021-44228", "GHSA-jfh8-c2jp-5v3q"};
  f.severity = "critical";
  f.cvss_score = 10;
  f.status = "open";
  f.source = "vulnscope";
  f.first_seen = "2026-01-02T03:04:05Z";
  f.last_seen = "2026-01-03T03:04:05Z";
  f.fixed_version = "2.15.0";
  f.summary = "Apache Log4j2 JNDI features do not protect against \"attacker\" controlled LDAP";
  f.url = "https://nvd.nist.gov/vuln/detail/CVE-2021-44228";
  f.package.ecosystem = "Maven";
  f.package.name = "org.apache.logging.log4j:log4j-core";
  f.package.version = "2.14.1";
  f.exploit.exploitdb = {"50592", "EDB-x", ""};
  f.exploit.kev = true;
  f.exploit.metasploit = {"exploit/multi/http/log4shell_header_injection"};
  f.exploit.epss = 0.97565;
  f.asset_id = 7;
  f.asset.kind = model::AssetKind::kImage;
  f.asset.key = "image:sha256:abc";
  f.asset.name = "registry.example.com/app:1.2";
  f.asset.team = "payments";
  f.asset.image = "registry.example.com/app";
  f.asset.digest = "sha256:abc";
  f.asset.namespaces = {"prod", "batch"};
  f.asset.workloads = {"prod/deploy/app"};
  return f;
}

TEST(FindingsJson, EmptyListIsAnEmptyArray) {
  EXPECT_EQ(FindingsJson({}), "[]\n");
  EXPECT_EQ(FindingsJson({}), ReferenceJson({}));
}

TEST(FindingsJson, MatchesTheLibraryDumpForTypicalAndSparseRows) {
  store::FindingRow sparse;  // Every optional field empty: nulls and empty arrays.
  sparse.cvss_score = -1;
  std::vector<store::FindingRow> rows = {Typical(), sparse, Typical()};
  rows[2].exploit.epss = 1e-05;
  rows[2].cvss_score = 0;
  rows[2].id = -3;
  EXPECT_EQ(FindingsJson(rows), ReferenceJson(rows));
  for (const auto& r : rows) EXPECT_EQ(FindingJson(r), ReferenceFinding(r).dump());
}

TEST(FindingsJson, EscapesLikeTheLibraryIncludingInvalidUtf8) {
  std::vector<std::string> hostile = {
      "quote \" backslash \\ slash /",
      std::string("controls \b\f\n\r\t \x01\x1f\x7f end"),
      std::string("nul \0 inside", 13),
      "caf\xc3\xa9 \xe2\x80\x99 \xf0\x9f\x94\xa5",  // Valid UTF-8.
      "bad \xff\xfe tail",                          // Invalid: replaced.
      "escapes \" \t before non-ASCII caf\xc3\xa9 and after \\",
      "truncated \xe2\x80",
      "overlong \xc0\xaf and surrogate \xed\xa0\x80",
      "</script><img src=x onerror=alert(1)>",
  };
  std::vector<store::FindingRow> rows;
  for (const std::string& s : hostile) {
    store::FindingRow f = Typical();
    f.summary = s;
    f.package.name = s;
    f.aliases = {s, "x"};
    f.asset.namespaces = {s};
    f.exploit.exploitdb = {s};
    rows.push_back(f);
  }
  EXPECT_EQ(FindingsJson(rows), ReferenceJson(rows));
  // The single-object form keeps the library's strict UTF-8 handling.
  EXPECT_EQ(FindingJson(rows[3]), ReferenceFinding(rows[3]).dump());
  EXPECT_ANY_THROW((void)FindingJson(rows[4]));
}

TEST(FindingsJson, NumbersMatchTheLibraryFormatting) {
  std::mt19937_64 rng(12345);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<store::FindingRow> rows;
  std::vector<double> values = {
      0,           1,     10,   9.8,    0.1,   1e-4,   1e-5,
      0.00012,     123e7, 1e16, 1.5e17, 1e300, 5e-324, std::numeric_limits<double>::infinity(),
      std::nan("")};
  for (int i = 0; i < 500; ++i) values.push_back(unit(rng) * std::pow(10, (i % 12) - 6));
  for (double v : values) {
    store::FindingRow f = Typical();
    f.cvss_score = v;
    f.exploit.epss = v;
    f.id = static_cast<int64_t>(rng());
    f.asset_id = -static_cast<int64_t>(rng() >> 1);
    rows.push_back(f);
  }
  EXPECT_EQ(FindingsJson(rows), ReferenceJson(rows));
}

TEST(FindingsJson, RandomBytesMatchTheLibrary) {
  std::mt19937_64 rng(777);
  std::vector<store::FindingRow> rows;
  for (int i = 0; i < 300; ++i) {
    std::string s;
    size_t n = rng() % 24;
    for (size_t k = 0; k < n; ++k) {
      uint64_t r = rng();
      // Mostly printable ASCII, some controls and high bytes.
      s += static_cast<char>(r % 8 == 0 ? (r >> 8) % 256 : 0x20 + (r >> 8) % 95);
    }
    store::FindingRow f = Typical();
    f.vulnerability_id = s;
    f.asset.team = s;
    f.fixed_version = s;
    f.exploit.metasploit = {s};
    rows.push_back(f);
  }
  EXPECT_EQ(FindingsJson(rows), ReferenceJson(rows));
}

// A finding's asset object carries the same fields, in the same order, as the assets JSON.
TEST(FindingsJson, AssetFieldsAgreeWithTheAssetsJson) {
  store::FindingRow f = Typical();
  store::AssetRow a;
  a.id = f.asset_id;
  a.asset = f.asset;
  ordered_json from_finding = ordered_json::parse(FindingJson(f))["asset"];
  ordered_json from_assets = ordered_json::parse(AssetJson(a));
  std::vector<std::string> keys;
  for (const auto& [k, v] : from_finding.items()) keys.push_back(k);
  ASSERT_EQ(keys.back(), "id");
  keys.pop_back();
  std::vector<std::string> asset_keys;
  for (const auto& [k, v] : from_assets.items()) asset_keys.push_back(k);
  asset_keys.resize(keys.size());
  EXPECT_EQ(keys, asset_keys);
  for (const std::string& k : keys) EXPECT_EQ(from_finding[k], from_assets[k]) << k;
}

}  // namespace
}  // namespace vs::report
