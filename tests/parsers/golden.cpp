#include "tests/parsers/golden.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>
#include <zlib.h>

#include "model/severity.h"

namespace vs::parsers::testing {
namespace {

using nlohmann::json;

const char* EventName(model::EventKind k) {
  switch (k) {
    case model::EventKind::kIntroduced: return "introduced";
    case model::EventKind::kFixed: return "fixed";
    case model::EventKind::kLastAffected: return "last_affected";
    case model::EventKind::kLimit: return "limit";
  }
  return "?";
}

const char* RangeTypeName(model::RangeType t) {
  switch (t) {
    case model::RangeType::kEcosystem: return "ECOSYSTEM";
    case model::RangeType::kSemver: return "SEMVER";
    case model::RangeType::kGit: return "GIT";
  }
  return "?";
}

// Puts `value` under `key` unless it is empty, so goldens stay short.
void PutString(json& j, const char* key, const std::string& value) {
  if (!value.empty()) j[key] = value;
}
void PutList(json& j, const char* key, const std::vector<std::string>& values) {
  if (!values.empty()) j[key] = values;
}

json DumpAdvisory(const model::Advisory& a) {
  json j;
  j["id"] = a.id;
  PutList(j, "aliases", a.aliases);
  PutList(j, "related", a.related);
  PutString(j, "source", a.source);
  PutString(j, "summary", a.summary);
  PutString(j, "details", a.details);
  PutString(j, "published", a.published);
  PutString(j, "modified", a.modified);
  if (a.severity != model::Severity::kUnknown) j["severity"] = model::SeverityName(a.severity);
  PutString(j, "cvss_vector", a.cvss_vector);
  if (a.cvss_score >= 0) j["cvss_score"] = a.cvss_score;
  for (const model::Affected& af : a.affected) {
    json x;
    x["ecosystem"] = af.ecosystem;
    x["package"] = af.package;
    PutString(x, "purl", af.purl);
    PutList(x, "versions", af.versions);
    if (af.severity != model::Severity::kUnknown) x["severity"] = model::SeverityName(af.severity);
    for (const model::AffectedRange& r : af.ranges) {
      json rj;
      rj["type"] = RangeTypeName(r.type);
      PutString(rj, "repo", r.repo);
      rj["events"] = json::array();
      for (const model::RangeEvent& e : r.events)
        rj["events"].push_back({{EventName(e.kind), e.version}});
      x["ranges"].push_back(rj);
    }
    j["affected"].push_back(x);
  }
  for (const model::Reference& r : a.references) {
    json rj;
    PutString(rj, "type", r.type);
    rj["url"] = r.url;
    j["references"].push_back(rj);
  }
  return j;
}

json DumpPackage(const model::Package& p) {
  json x{{"ecosystem", p.ecosystem}, {"name", p.name}, {"version", p.version}};
  PutString(x, "source_name", p.source_name);
  PutString(x, "source_version", p.source_version);
  PutString(x, "arch", p.arch);
  PutString(x, "purl", p.purl);
  PutString(x, "location", p.location);
  return x;
}

// Asset reports (Batch::reports): every non-empty Asset and ExternalFinding field.
json DumpReport(const model::AssetReport& r) {
  const model::Asset& a = r.asset;
  json asset{{"kind", model::AssetKindName(a.kind)}, {"key", a.key}};
  PutString(asset, "name", a.name);
  PutString(asset, "account_id", a.account_id);
  PutString(asset, "region", a.region);
  PutString(asset, "instance_id", a.instance_id);
  PutString(asset, "ami", a.ami);
  PutString(asset, "asg", a.asg);
  PutString(asset, "platform", a.platform);
  PutList(asset, "members", a.members);
  PutString(asset, "note", a.note);
  PutString(asset, "repo", a.repo);
  PutString(asset, "default_branch", a.default_branch);
  PutList(asset, "manifests", a.manifests);
  PutString(asset, "image", a.image);
  PutString(asset, "digest", a.digest);
  PutList(asset, "namespaces", a.namespaces);
  PutList(asset, "workloads", a.workloads);
  if (!a.tags.empty()) asset["tags"] = a.tags;
  PutString(asset, "team", a.team);
  if (a.os) {
    asset["os"] = {
        {"family", a.os->family}, {"release", a.os->release}, {"ecosystem", a.os->ecosystem}};
  }
  json j{{"asset", asset}, {"has_inventory", r.has_inventory}};
  for (const model::Package& p : r.packages) j["packages"].push_back(DumpPackage(p));
  for (const model::ExternalFinding& f : r.findings) {
    json x{{"vulnerability_id", f.vulnerability_id}, {"status", f.status}};
    PutList(x, "aliases", f.aliases);
    if (f.severity != model::Severity::kUnknown) x["severity"] = model::SeverityName(f.severity);
    if (f.cvss_score >= 0) x["cvss_score"] = f.cvss_score;
    PutString(x, "cvss_vector", f.cvss_vector);
    if (f.epss) x["epss"] = *f.epss;
    if (!f.package.name.empty() || !f.package.ecosystem.empty()) {
      x["package"] = DumpPackage(f.package);
    }
    PutString(x, "fixed_version", f.fixed_version);
    PutString(x, "vulnerable_range", f.vulnerable_range);
    PutString(x, "dependency_scope", f.dependency_scope);
    PutString(x, "summary", f.summary);
    PutString(x, "url", f.url);
    PutString(x, "external_id", f.external_id);
    PutString(x, "status_reason", f.status_reason);
    j["findings"].push_back(x);
  }
  return j;
}

}  // namespace

std::string DumpBatch(const model::Batch& batch) {
  json j = json::object();
  for (const auto& a : batch.advisories) j["advisories"].push_back(DumpAdvisory(a));
  for (const auto& e : batch.exploits) {
    json x{{"cve", e.cve}, {"source", model::ExploitSourceName(e.source)}};
    PutString(x, "id", e.id);
    PutString(x, "reference", e.reference);
    j["exploits"].push_back(x);
  }
  for (const auto& e : batch.epss) {
    json x{{"cve", e.cve}, {"score", e.score}, {"percentile", e.percentile}};
    PutString(x, "model", e.model);
    j["epss"].push_back(x);
  }
  for (const auto& p : batch.packages) {
    json x{{"ecosystem", p.ecosystem}, {"name", p.name}, {"version", p.version}};
    PutString(x, "source_name", p.source_name);
    PutString(x, "source_version", p.source_version);
    PutString(x, "arch", p.arch);
    PutString(x, "purl", p.purl);
    PutString(x, "location", p.location);
    j["packages"].push_back(x);
  }
  if (batch.os) {
    j["os"] = {{"family", batch.os->family},
               {"release", batch.os->release},
               {"ecosystem", batch.os->ecosystem}};
  }
  for (const auto& r : batch.reports) j["reports"].push_back(DumpReport(r));
  for (const auto& w : batch.warnings)
    j["warnings"].push_back({{"record", w.record}, {"reason", w.reason}});
  return j.dump(2) + "\n";
}

std::string TestdataPath(std::string_view key, std::string_view name) {
  return std::string(VS_SOURCE_DIR) + "/tests/testdata/parsers/" + std::string(key) + "/" +
         std::string(name);
}

std::string ReadTestdata(std::string_view key, std::string_view name) {
  std::string path = TestdataPath(key, name);
  if (path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0) {
    gzFile f = gzopen(path.c_str(), "rb");
    if (f == nullptr) {
      std::fprintf(stderr, "missing test input %s\n", path.c_str());
      std::abort();
    }
    std::string out;
    char buf[65536];
    int n;
    while ((n = gzread(f, buf, sizeof(buf))) > 0) out.append(buf, static_cast<size_t>(n));
    gzclose(f);
    return out;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "missing test input %s\n", path.c_str());
    std::abort();
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string CompareGolden(const model::Batch& batch, std::string_view key,
                          std::string_view case_name) {
  std::string actual = DumpBatch(batch);
  std::string path = TestdataPath(key, std::string(case_name) + ".golden.json");
  if (const char* u = std::getenv("VS_UPDATE_GOLDEN"); u != nullptr && std::string(u) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    return "";
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return "missing golden file " + path + " (run with VS_UPDATE_GOLDEN=1)";
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string expected = ss.str();
  if (expected == actual) return "";
  size_t line = 1, i = 0;
  while (i < expected.size() && i < actual.size() && expected[i] == actual[i]) {
    if (expected[i] == '\n') ++line;
    ++i;
  }
  auto excerpt = [&](const std::string& s) {
    size_t b = s.rfind('\n', i == 0 ? 0 : i - 1);
    b = b == std::string::npos ? 0 : b + 1;
    size_t e = s.find('\n', i);
    return s.substr(b, (e == std::string::npos ? s.size() : e) - b);
  };
  return path + " differs at line " + std::to_string(line) + ":\n  expected: " + excerpt(expected) +
         "\n  actual:   " + excerpt(actual);
}

}  // namespace vs::parsers::testing
