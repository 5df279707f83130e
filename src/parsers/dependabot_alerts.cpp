#include "parsers/dependabot_alerts.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <set>
#include <utility>

#include <simdjson.h>

#include "model/severity.h"
#include "parsers/csv.h"
#include "parsers/cvss.h"

namespace vs::parsers {
namespace {

constexpr std::string_view kKey = "dependabot_alerts";

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

std::string_view SkipSpace(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  return s;
}

// String member, or "" when absent, null or not a string.
std::string_view Str(object o, const char* key) {
  std::string_view v;
  if (o[key].get_string().get(v) != simdjson::SUCCESS) return {};
  return v;
}

// Object member, or nullopt when absent, null or not an object.
std::optional<object> Obj(object o, const char* key) {
  object v;
  if (o[key].get_object().get(v) != simdjson::SUCCESS) return std::nullopt;
  return v;
}

// A JSON number, or a numeric string: GitHub's own example sends EPSS as "0.16001e0".
std::optional<double> Number(object o, const char* key) {
  element e;
  if (o[key].get(e) != simdjson::SUCCESS) return std::nullopt;
  double d = 0;
  if (e.get_double().get(d) == simdjson::SUCCESS) return d;
  std::string_view s;
  if (e.get_string().get(s) != simdjson::SUCCESS) return std::nullopt;
  s = csv::Trim(s);
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return d;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// "https://HOST[:port]/a/b" → {"HOST[:port]", "/a/b"}; {"", ""} when there is no scheme.
std::pair<std::string_view, std::string_view> SplitUrl(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme + 3);
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return {rest, {}};
  return {rest.substr(0, slash), rest.substr(slash)};
}

// The first two path segments after `prefix` ("/repos/o/r/…" → "o/r"), or "".
std::string OwnerRepo(std::string_view path, std::string_view prefix) {
  if (path.substr(0, prefix.size()) != prefix) return {};
  path.remove_prefix(prefix.size());
  size_t first = path.find('/');
  if (first == 0 || first == std::string_view::npos) return {};
  size_t second = path.find('/', first + 1);
  std::string_view name = path.substr(
      first + 1, second == std::string_view::npos ? std::string_view::npos : second - first - 1);
  if (name.empty()) return {};
  return std::string(path.substr(0, first)) + "/" + std::string(name);
}

// Web host of an API URL: api.github.com → github.com, api.<sub>.ghe.com → <sub>.ghe.com;
// a GHES API URL (https://HOST/api/v3/…) already names the web host.
std::string WebHostOfApi(std::string_view host) {
  std::string h = Lower(host);
  if (h.rfind("api.", 0) == 0) h.erase(0, 4);
  return h;
}

struct RepoId {
  std::string host;
  std::string full_name;
};

// Repository of an alert: `repository` on org/enterprise pages; repository pages omit it,
// so the alert's own html_url / url name it instead.
RepoId FindRepo(object alert) {
  RepoId id;
  std::optional<object> repo = Obj(alert, "repository");
  if (repo) {
    id.full_name = std::string(Str(*repo, "full_name"));
    if (id.full_name.empty()) {
      std::string_view name = Str(*repo, "name");
      std::optional<object> owner = Obj(*repo, "owner");
      std::string_view login = owner ? Str(*owner, "login") : std::string_view();
      if (!name.empty() && !login.empty())
        id.full_name = std::string(login) + "/" + std::string(name);
    }
    id.host = Lower(SplitUrl(Str(*repo, "html_url")).first);
  }
  auto [web_host, web_path] = SplitUrl(Str(alert, "html_url"));
  auto [api_host, api_path] = SplitUrl(Str(alert, "url"));
  if (id.host.empty()) id.host = Lower(web_host);
  if (id.host.empty() && !api_host.empty()) id.host = WebHostOfApi(api_host);
  if (id.full_name.empty()) id.full_name = OwnerRepo(web_path, "/");
  if (id.full_name.empty()) {
    size_t repos = api_path.find("/repos/");
    if (repos != std::string_view::npos)
      id.full_name = OwnerRepo(api_path.substr(repos), "/repos/");
  }
  if (id.host.empty()) id.host = "github.com";
  return id;
}

struct Cvss {
  double score = -1;
  std::string vector;
};

// One CVSS object ({score, vector_string}); GitHub sends {"score": 0.0, "vector_string": null}
// for "none", so a zero score without a vector counts as absent. A vector without a score is
// scored by our calculator.
std::optional<Cvss> ReadCvss(std::optional<object> o) {
  if (!o) return std::nullopt;
  Cvss c;
  c.vector = std::string(Str(*o, "vector_string"));
  c.score = Number(*o, "score").value_or(0);
  if (c.vector.empty() && c.score <= 0) return std::nullopt;
  if (c.score <= 0 && !c.vector.empty()) {
    Result<double> computed = CvssBaseScore(c.vector);
    c.score = computed ? *computed : -1;
  }
  return c;
}

std::string StatusReason(std::string_view reason, std::string_view comment) {
  if (reason.empty()) return std::string(comment);
  if (comment.empty()) return std::string(reason);
  return std::string(reason) + ": " + std::string(comment);
}

struct Builder {
  model::Batch batch;
  std::map<std::string, size_t> report_index;  // Asset key → index in batch.reports.
  std::set<std::pair<std::string, uint64_t>> seen;

  void Add(object alert, const std::string& record);
  void Finish();
};

void Builder::Add(object alert, const std::string& record) {
  uint64_t number = 0;
  if (alert["number"].get_uint64().get(number) != simdjson::SUCCESS) {
    batch.warnings.push_back({record, "alert has no number; skipped"});
    return;
  }
  RepoId repo = FindRepo(alert);
  std::string id =
      (repo.full_name.empty() ? record : repo.full_name) + "#" + std::to_string(number);
  if (repo.full_name.empty()) {
    batch.warnings.push_back({id, "no repository (repository, html_url or url); skipped"});
    return;
  }
  std::optional<object> advisory = Obj(alert, "security_advisory");
  if (!advisory) {
    batch.warnings.push_back({id, "no security_advisory; skipped"});
    return;
  }
  std::string key = repo.host + "/" + repo.full_name;
  if (!seen.insert({key, number}).second) {
    // GitHub can repeat an alert on the next page when it changes during pagination.
    batch.warnings.push_back({id, "duplicate alert; the first one is kept"});
    return;
  }

  model::ExternalFinding f;
  // Ids: the CVE leads because the rest of vulnscope (KEV, ExploitDB, EPSS) is keyed by it.
  std::vector<std::string> ids;
  std::string cve;
  if (std::string_view raw = Str(*advisory, "cve_id"); !raw.empty()) {
    if (std::optional<std::string> n = NormalizeCveId(raw)) {
      cve = *n;
    } else {
      batch.warnings.push_back({id, "invalid cve_id \"" + std::string(raw) + "\"; kept as alias"});
      ids.emplace_back(raw);
    }
  }
  if (std::string_view ghsa = Str(*advisory, "ghsa_id"); !ghsa.empty()) ids.emplace_back(ghsa);
  array identifiers;
  if ((*advisory)["identifiers"].get_array().get(identifiers) == simdjson::SUCCESS) {
    for (element e : identifiers) {
      object ident;
      if (e.get_object().get(ident) != simdjson::SUCCESS) continue;
      std::string_view value = Str(ident, "value");
      if (value.empty()) continue;
      if (cve.empty() && Str(ident, "type") == "CVE") {
        if (std::optional<std::string> n = NormalizeCveId(value)) {
          cve = *n;
          continue;
        }
      }
      ids.emplace_back(value);
    }
  }
  if (!cve.empty()) ids.insert(ids.begin(), cve);
  for (std::string& i : ids) {
    if (f.vulnerability_id.empty()) {
      f.vulnerability_id = std::move(i);
    } else if (i != f.vulnerability_id &&
               std::find(f.aliases.begin(), f.aliases.end(), i) == f.aliases.end()) {
      f.aliases.push_back(std::move(i));
    }
  }
  if (f.vulnerability_id.empty()) {
    batch.warnings.push_back({id, "advisory has neither a CVE nor a GHSA id; skipped"});
    return;
  }

  std::optional<object> vuln = Obj(alert, "security_vulnerability");
  std::optional<object> dependency = Obj(alert, "dependency");

  // CVSS: v3 first, as the other sources (NVD, Trivy) mostly score v3; then v4, then the
  // legacy single `cvss` object.
  std::optional<object> severities = Obj(*advisory, "cvss_severities");
  std::optional<Cvss> cvss = severities ? ReadCvss(Obj(*severities, "cvss_v3")) : std::nullopt;
  if (!cvss && severities) cvss = ReadCvss(Obj(*severities, "cvss_v4"));
  if (!cvss) cvss = ReadCvss(Obj(*advisory, "cvss"));
  if (cvss) {
    f.cvss_score = cvss->score;
    f.cvss_vector = cvss->vector;
  }

  std::string_view severity = Str(*advisory, "severity");
  if (severity.empty() && vuln) severity = Str(*vuln, "severity");
  if (std::optional<model::Severity> s = model::ParseSeverity(severity)) {
    f.severity = *s;
  } else {
    batch.warnings.push_back({id, "unknown severity \"" + std::string(severity) + "\""});
  }
  if (f.severity == model::Severity::kUnknown && f.cvss_score > 0) {
    f.severity = model::SeverityFromScore(f.cvss_score);
  }

  if (std::optional<object> epss = Obj(*advisory, "epss")) {
    element raw;
    if ((*epss)["percentage"].get(raw) == simdjson::SUCCESS && !raw.is_null()) {
      std::optional<double> pct = Number(*epss, "percentage");
      if (pct && *pct >= 0 && *pct <= 1) {
        f.epss = *pct;
      } else {
        batch.warnings.push_back({id, "epss.percentage is not a probability in [0, 1]; ignored"});
      }
    }
  }

  std::optional<object> package = dependency ? Obj(*dependency, "package") : std::nullopt;
  if (!package && vuln) package = Obj(*vuln, "package");
  if (package) {
    std::string_view ecosystem = Str(*package, "ecosystem");
    if (std::optional<std::string> osv = OsvEcosystemFromDependabot(ecosystem)) {
      f.package.ecosystem = *osv;
    } else {
      batch.warnings.push_back(
          {id, "unknown ecosystem \"" + std::string(ecosystem) + "\"; kept as given"});
      f.package.ecosystem = std::string(ecosystem);
    }
    f.package.name = std::string(Str(*package, "name"));
  }
  std::string manifest;
  if (dependency) {
    manifest = std::string(Str(*dependency, "manifest_path"));
    f.package.location = manifest;
    f.dependency_scope = std::string(Str(*dependency, "scope"));
  }
  if (vuln) {
    f.vulnerable_range = std::string(Str(*vuln, "vulnerable_version_range"));
    if (std::optional<object> patched = Obj(*vuln, "first_patched_version")) {
      f.fixed_version = std::string(Str(*patched, "identifier"));
    }
  }
  f.summary = std::string(Str(*advisory, "summary"));
  f.url = std::string(Str(alert, "html_url"));
  f.external_id = std::to_string(number);

  std::string_view state = Str(alert, "state");
  if (state == "open") {
    f.status = "open";
  } else if (state == "fixed") {
    f.status = "resolved";
  } else if (state == "dismissed") {
    f.status = "suppressed";
    f.status_reason = StatusReason(Str(alert, "dismissed_reason"), Str(alert, "dismissed_comment"));
  } else if (state == "auto_dismissed") {
    f.status = "suppressed";
    f.status_reason = "auto_dismissed";
  } else {
    batch.warnings.push_back({id, "unknown state \"" + std::string(state) + "\"; kept open"});
    f.status = "open";
  }

  auto [it, inserted] = report_index.try_emplace(key, batch.reports.size());
  if (inserted) {
    model::AssetReport report;
    report.asset.kind = model::AssetKind::kRepository;
    report.asset.key = key;
    report.asset.name = repo.full_name;
    report.asset.repo = repo.full_name;
    report.has_inventory = false;
    batch.reports.push_back(std::move(report));
  }
  model::AssetReport& report = batch.reports[it->second];
  if (!manifest.empty()) report.asset.manifests.push_back(manifest);
  report.findings.push_back(std::move(f));
}

void Builder::Finish() {
  for (model::AssetReport& r : batch.reports) {
    std::vector<std::string>& m = r.asset.manifests;
    std::sort(m.begin(), m.end());
    m.erase(std::unique(m.begin(), m.end()), m.end());
  }
}

}  // namespace

std::optional<std::string> OsvEcosystemFromDependabot(std::string_view ecosystem) {
  // Dependabot's names (REST `ecosystem` parameter and alert payloads) → OSV ecosystems.
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kMap = {{
      {"actions", "GitHub Actions"},
      {"composer", "Packagist"},
      {"erlang", "Hex"},
      {"go", "Go"},
      {"maven", "Maven"},
      {"npm", "npm"},
      {"nuget", "NuGet"},
      {"pip", "PyPI"},
      {"pub", "Pub"},
      {"rubygems", "RubyGems"},
      {"rust", "crates.io"},
      {"swift", "SwiftURL"},
  }};
  std::string lower = Lower(ecosystem);
  for (const auto& [github, osv] : kMap)
    if (github == lower) return std::string(osv);
  return std::nullopt;
}

int SniffDependabotAlerts(std::string_view head, std::string_view) {
  std::string_view body = SkipSpace(csv::StripBom(head));
  if (body.empty() || (body.front() != '[' && body.front() != '{')) return 0;
  if (body.find("\"security_advisory\"") != std::string_view::npos &&
      body.find("\"security_vulnerability\"") != std::string_view::npos) {
    return 90;
  }
  return 0;
}

Result<model::Batch> ParseDependabotAlerts(std::string_view bytes) {
  std::string_view body = SkipSpace(csv::StripBom(bytes));
  if (body.empty()) return model::Batch{};
  simdjson::dom::parser parser;
  simdjson::padded_string padded(body);
  element doc;
  if (auto error = parser.parse(padded).get(doc); error != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidInput,
                std::string(kKey) + ": not JSON: " + simdjson::error_message(error));
  }
  Builder builder;
  array alerts;
  object single;
  if (doc.get_array().get(alerts) == simdjson::SUCCESS) {
    size_t index = 0;
    for (element e : alerts) {
      std::string record = "alerts[" + std::to_string(index++) + "]";
      object alert;
      if (e.get_object().get(alert) != simdjson::SUCCESS) {
        builder.batch.warnings.push_back({record, "not an object"});
        continue;
      }
      builder.Add(alert, record);
    }
  } else if (doc.get_object().get(single) == simdjson::SUCCESS) {
    // An error document ({"message": …}) is not an alert; say so rather than warn.
    if (single["number"].error() != simdjson::SUCCESS && !Str(single, "message").empty()) {
      return Fail(ErrorCode::kInvalidInput,
                  std::string(kKey) + ": GitHub error: " + std::string(Str(single, "message")));
    }
    builder.Add(single, "alert");
  } else {
    return Fail(ErrorCode::kInvalidInput,
                std::string(kKey) + ": expected a JSON array of alerts or one alert object");
  }
  builder.Finish();
  return std::move(builder.batch);
}

}  // namespace vs::parsers
