#include "collectors/vuls.h"

#include <algorithm>
#include <array>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "parsers/apk_installed.h"
#include "parsers/purl.h"
#include "parsers/vuls_json.h"

namespace vs::collectors {
namespace {

using nlohmann::ordered_json;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::optional<std::string> Header(const VulsHeaders& headers, std::string_view name) {
  std::string want = Lower(name);
  for (const auto& [k, v] : headers)
    if (Lower(k) == want) return std::string(Trim(v));
  return std::nullopt;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

enum class BodyFormat { kDpkg, kRpm, kApk };

// Vuls family names (constant/constant.go) → the body its scanner sends.
std::optional<BodyFormat> FormatOf(std::string_view family) {
  if (family == "debian" || family == "ubuntu" || family == "raspbian") return BodyFormat::kDpkg;
  if (family == "alpine") return BodyFormat::kApk;
  constexpr std::array kRpm = {"redhat",
                               "centos",
                               "alma",
                               "rocky",
                               "oracle",
                               "fedora",
                               "amazon",
                               "opensuse",
                               "opensuse.leap",
                               "suse.linux.enterprise.server",
                               "suse.linux.enterprise.desktop"};
  for (std::string_view f : kRpm)
    if (f == family) return BodyFormat::kRpm;
  return std::nullopt;
}

// Vuls' own family spelling for our OsInfo family.
std::string VulsFamily(std::string_view family) {
  constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kMap = {{
      {"amzn", "amazon"},
      {"rhel", "redhat"},
      {"almalinux", "alma"},
      {"ol", "oracle"},
      {"opensuse-leap", "opensuse.leap"},
      {"sles", "suse.linux.enterprise.server"},
  }};
  for (const auto& [ours, vuls] : kMap)
    if (ours == family) return std::string(vuls);
  return std::string(family);
}

// Lines of `body` with their 1-based numbers, skipping blank lines.
template <typename Fn>
Status ForEachLine(std::string_view body, Fn fn) {
  size_t number = 0;
  for (std::string_view line : Split(body, '\n')) {
    ++number;
    line = Trim(line);
    if (line.empty()) continue;
    if (Status s = fn(line, number); !s) return s;
  }
  return Ok();
}

Result<std::vector<model::Package>> ParseDpkg(std::string_view body, const model::OsInfo& os,
                                              std::string_view kernel) {
  std::vector<model::Package> out;
  Status s = ForEachLine(body, [&](std::string_view line, size_t n) -> Status {
    std::vector<std::string_view> f = Split(line, ',');
    if (f.size() != 5) {
      return Fail(ErrorCode::kInvalidInput, "line " + std::to_string(n) +
                                                ": expected 5 comma-separated fields, got " +
                                                std::to_string(f.size()));
    }
    // ${db:Status-Abbrev} is "ii " for installed; "rc" (config files left), "un" … are not.
    std::string_view status = Trim(f[1]);
    if (status.size() < 2 || status[1] != 'i') return Ok();
    model::Package p;
    p.ecosystem = os.ecosystem;
    std::string_view name = Trim(f[0]);
    if (size_t colon = name.find(':'); colon != std::string_view::npos) {
      p.arch = std::string(name.substr(colon + 1));
      name = name.substr(0, colon);
    }
    p.name = std::string(name);
    p.version = std::string(Trim(f[2]));
    if (p.name.empty() || p.version.empty()) {
      return Fail(ErrorCode::kInvalidInput,
                  "line " + std::to_string(n) + ": empty name or version");
    }
    // ${source:Package} may read "bash (5.2.15-2)"; only the name counts.
    std::string_view src = Trim(f[3]);
    if (size_t sp = src.find(' '); sp != std::string_view::npos) src = src.substr(0, sp);
    std::string_view src_version = Trim(f[4]);
    if (!src.empty() && src != p.name) p.source_name = std::string(src);
    if (!src_version.empty() && src_version != p.version)
      p.source_version = std::string(src_version);
    std::string_view source = src.empty() ? std::string_view(p.name) : src;
    bool kernel_pkg = source == "linux" || source.rfind("linux-", 0) == 0;
    if (!kernel.empty() && kernel_pkg && p.name.find(kernel) == std::string::npos) return Ok();
    out.push_back(std::move(p));
    return Ok();
  });
  if (!s) return Fail(s.error());
  return out;
}

// "openssl-1.0.2k-24.amzn2.0.4.src.rpm" → ("openssl", "1.0.2k-24.amzn2.0.4").
std::optional<std::pair<std::string, std::string>> SplitSourceRpm(std::string_view srpm) {
  constexpr std::string_view kSuffix = ".src.rpm";
  if (srpm.size() <= kSuffix.size() || srpm.substr(srpm.size() - kSuffix.size()) != kSuffix) {
    return std::nullopt;
  }
  srpm.remove_suffix(kSuffix.size());
  size_t r = srpm.rfind('-');
  if (r == std::string_view::npos || r == 0) return std::nullopt;
  size_t v = srpm.rfind('-', r - 1);
  if (v == std::string_view::npos || v == 0) return std::nullopt;
  return std::make_pair(std::string(srpm.substr(0, v)), std::string(srpm.substr(v + 1)));
}

Result<std::vector<model::Package>> ParseRpm(std::string_view body, const model::OsInfo& os,
                                             std::string_view kernel) {
  std::vector<model::Package> out;
  Status s = ForEachLine(body, [&](std::string_view line, size_t n) -> Status {
    // Vuls splits on single spaces: no field may contain one.
    std::vector<std::string_view> f = Split(line, ' ');
    if (f.size() != 6 && f.size() != 7) {
      return Fail(ErrorCode::kInvalidInput, "line " + std::to_string(n) +
                                                ": expected 6 or 7 space-separated fields, got " +
                                                std::to_string(f.size()));
    }
    if (f[0] == "gpg-pubkey") return Ok();  // Imported signing keys, not software.
    std::string_view epoch = f[1] == "(none)" || f[1] == "0" ? std::string_view() : f[1];
    model::Package p;
    p.ecosystem = os.ecosystem;
    p.name = std::string(f[0]);
    p.version = (epoch.empty() ? std::string() : std::string(epoch) + ":") + std::string(f[2]) +
                "-" + std::string(f[3]);
    if (f[4] != "(none)") p.arch = std::string(f[4]);
    if (p.name.empty() || f[2].empty() || f[3].empty()) {
      return Fail(ErrorCode::kInvalidInput, "line " + std::to_string(n) + ": empty field");
    }
    if (f[5] != "(none)") {
      auto src = SplitSourceRpm(f[5]);
      if (!src) {
        return Fail(ErrorCode::kInvalidInput,
                    "line " + std::to_string(n) + ": bad SOURCERPM \"" + std::string(f[5]) + "\"");
      }
      std::string src_version =
          (epoch.empty() ? std::string() : std::string(epoch) + ":") + src->second;
      if (src->first != p.name) p.source_name = src->first;
      if (src_version != p.version) p.source_version = src_version;
    }
    bool kernel_pkg = p.name == "kernel" || p.name.rfind("kernel-", 0) == 0;
    if (!kernel.empty() && kernel_pkg) {
      // uname -r of an rpm kernel is VERSION-RELEASE.ARCH ("5.10.213-201.855.amzn2.x86_64").
      std::string vr = std::string(f[2]) + "-" + std::string(f[3]);
      if (kernel != vr && kernel != vr + "." + std::string(f[4])) return Ok();
    }
    out.push_back(std::move(p));
    return Ok();
  });
  if (!s) return Fail(s.error());
  return out;
}

}  // namespace

Result<model::AssetReport> ParseVulsPush(const VulsHeaders& headers, std::string_view body) {
  std::string content_type = Lower(Header(headers, "Content-Type").value_or("text/plain"));
  content_type = content_type.substr(0, content_type.find(';'));
  if (content_type == "application/json") {
    // An already-built ScanResult: only detection runs (formats.md §3.2).
    Result<model::Batch> batch = parsers::ParseVulsJson(body);
    if (!batch) return Fail(batch.error().WithContext("vuls push"));
    if (batch->reports.size() != 1) {
      return Fail(ErrorCode::kInvalidInput, "vuls push: expected one ScanResult");
    }
    return std::move(batch->reports[0]);
  }
  if (std::string(Trim(content_type)) != "text/plain") {
    return Fail(ErrorCode::kUnsupported,
                "vuls push: Content-Type \"" + content_type +
                    "\" is not supported (text/plain or application/json)");
  }
  std::optional<std::string> family = Header(headers, "X-Vuls-OS-Family");
  if (!family || family->empty()) {
    return Fail(ErrorCode::kInvalidInput, "vuls push: X-Vuls-OS-Family header is required");
  }
  *family = Lower(*family);
  std::optional<BodyFormat> format = FormatOf(*family);
  if (!format) {
    return Fail(ErrorCode::kUnsupported,
                "vuls push: OS family \"" + *family + "\" is not supported");
  }
  std::optional<std::string> release = Header(headers, "X-Vuls-OS-Release");
  if (!release || release->empty()) {
    return Fail(ErrorCode::kInvalidInput, "vuls push: X-Vuls-OS-Release header is required");
  }
  std::optional<std::string> server = Header(headers, "X-Vuls-Server-Name");
  if (!server || server->empty()) {
    return Fail(ErrorCode::kInvalidInput,
                "vuls push: X-Vuls-Server-Name header is required (it names the host)");
  }
  // "2 (Karoo)" and similar: the first token is the release (Vuls reads Amazon's this way).
  std::optional<model::OsInfo> os = parsers::OsInfoFromNameVersion(*family, *release);
  if (!os || os->ecosystem.empty()) {
    return Fail(ErrorCode::kUnsupported,
                "vuls push: no OSV ecosystem for OS family \"" + *family + "\"");
  }
  std::string kernel = Header(headers, "X-Vuls-Kernel-Release").value_or("");

  Result<std::vector<model::Package>> packages = [&]() -> Result<std::vector<model::Package>> {
    switch (*format) {
      case BodyFormat::kDpkg: return ParseDpkg(body, *os, kernel);
      case BodyFormat::kRpm: return ParseRpm(body, *os, kernel);
      case BodyFormat::kApk: {
        Result<model::Batch> batch = parsers::ParseApkInstalled(body);
        if (!batch) return Fail(batch.error());
        for (model::Package& p : batch->packages) p.ecosystem = os->ecosystem;
        return std::move(batch->packages);
      }
    }
    return Fail(ErrorCode::kInternal, "unreachable");
  }();
  if (!packages) return Fail(packages.error().WithContext("vuls push"));
  if (packages->empty()) {
    return Fail(ErrorCode::kInvalidInput, "vuls push: empty body: no installed package");
  }
  model::AssetReport report;
  report.asset.kind = model::AssetKind::kHost;
  report.asset.key = *server;
  report.asset.name = *server;
  report.asset.os = std::move(*os);
  report.has_inventory = true;
  report.packages = std::move(*packages);
  return report;
}

std::string RenderVulsResult(const model::AssetReport& report,
                             std::span<const model::Finding> findings,
                             std::string_view reported_at) {
  const model::Asset& a = report.asset;
  bool rpm_like = false;
  std::string family = a.os ? VulsFamily(a.os->family) : std::string();
  if (auto f = FormatOf(family)) rpm_like = *f == BodyFormat::kRpm;

  ordered_json packages = ordered_json::object();
  std::map<std::string, std::pair<std::string, std::vector<std::string>>> sources;
  for (const model::Package& p : report.packages) {
    std::string version = p.version, release;
    if (rpm_like) {
      if (size_t dash = version.rfind('-'); dash != std::string::npos) {
        release = version.substr(dash + 1);
        version.resize(dash);
      }
    }
    packages[p.name] = {{"name", p.name},   {"version", version},   {"release", release},
                        {"newVersion", ""}, {"newRelease", ""},     {"arch", p.arch},
                        {"repository", ""}, {"modularitylabel", ""}};
    std::string src = p.source_name.empty() ? p.name : p.source_name;
    auto& entry = sources[src];
    if (entry.first.empty()) entry.first = p.source_version.empty() ? p.version : p.source_version;
    entry.second.push_back(p.name);
  }
  ordered_json src_packages = ordered_json::object();
  for (const auto& [name, entry] : sources) {
    src_packages[name] = {
        {"name", name}, {"version", entry.first}, {"arch", ""}, {"binaryNames", entry.second}};
  }

  ordered_json cves = ordered_json::object();
  for (const model::Finding& f : findings) {
    auto it = cves.find(f.vulnerability_id);
    if (it == cves.end()) {
      ordered_json v;
      v["cveID"] = f.vulnerability_id;
      v["confidences"] =
          ordered_json::array({{{"score", 100}, {"detectionMethod", "VulnscopeMatch"}}});
      v["affectedPackages"] = ordered_json::array();
      v["distroAdvisories"] = ordered_json::array();
      for (const std::string& id : f.advisory_ids)
        v["distroAdvisories"].push_back({{"advisoryID", id}});
      ordered_json content = {{"type", "vulnscope"},
                              {"cveID", f.vulnerability_id},
                              {"title", ""},
                              {"summary", f.summary},
                              {"cvss3Score", f.cvss_score >= 0 ? f.cvss_score : 0.0},
                              {"cvss3Vector", f.cvss_vector},
                              {"cvss3Severity", std::string(model::SeverityName(f.severity))}};
      v["cveContents"] = {{"vulnscope", ordered_json::array({content})}};
      ordered_json exploits = ordered_json::array();
      for (const std::string& id : f.exploit.exploitdb) {
        exploits.push_back({{"exploitType", "OffensiveSecurity"},
                            {"id", id},
                            {"url", "https://www.exploit-db.com/exploits/" + id},
                            {"description", ""}});
      }
      if (f.exploit.poc) {
        exploits.push_back({{"exploitType", "GitHub"},
                            {"id", ""},
                            {"url", ""},
                            {"description", "public proof of concept"}});
      }
      v["exploits"] = exploits;
      v["metasploits"] = ordered_json::array();
      for (const std::string& m : f.exploit.metasploit) {
        v["metasploits"].push_back({{"name", m}, {"title", ""}, {"URLs", ordered_json::array()}});
      }
      v["kevs"] = ordered_json::array();
      if (f.exploit.kev) v["kevs"].push_back({{"type", "cisa"}});
      v["alertDict"] = {{"cisa", nullptr}, {"jpcert", nullptr}, {"uscert", nullptr}};
      it = cves.emplace(f.vulnerability_id, std::move(v)).first;
    }
    ordered_json affected = {{"name", f.package.name}};
    if (f.fixed_version.empty()) {
      affected["notFixedYet"] = true;
    } else {
      affected["fixedIn"] = f.fixed_version;
    }
    (*it)["affectedPackages"].push_back(std::move(affected));
  }

  ordered_json result = {
      {"jsonVersion", 4},
      {"lang", ""},
      {"serverUUID", ""},
      {"serverName", a.key},
      {"family", family},
      {"release", a.os ? a.os->release : std::string()},
      {"container", {{"containerID", ""}, {"name", ""}, {"image", ""}, {"type", ""}, {"uuid", ""}}},
      {"platform", {{"name", ""}, {"instanceID", a.instance_id}}},
      {"scannedAt", "0001-01-01T00:00:00Z"},
      {"scanMode", ""},
      {"scannedVersion", ""},
      {"scannedRevision", ""},
      {"scannedBy", ""},
      {"scannedVia", ""},
      {"reportedAt", std::string(reported_at)},
      {"reportedVersion", ""},
      {"reportedRevision", ""},
      {"reportedBy", "vulnscope"},
      {"errors", ordered_json::array()},
      {"warnings", ordered_json::array()},
      {"scannedCves", std::move(cves)},
      {"runningKernel", {{"release", ""}, {"version", ""}, {"rebootRequired", false}}},
      {"packages", std::move(packages)},
      {"SrcPackages", std::move(src_packages)},
  };
  return ordered_json::array({std::move(result)})
             .dump(2, ' ', false, ordered_json::error_handler_t::replace) +
         "\n";
}

}  // namespace vs::collectors
