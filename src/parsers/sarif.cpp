#include "parsers/sarif.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <simdjson.h>

namespace vs::parsers {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

std::string_view Str(object o, std::string_view key) {
  std::string_view s;
  if (o.at_key(key).get_string().get(s)) return {};
  return s;
}

// "message": {"text": "…"} and similar SARIF text holders.
std::string_view Text(object o, std::string_view key) {
  object m;
  if (o.at_key(key).get_object().get(m)) return {};
  return Str(m, "text");
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The first "CVE-YYYY-NNNN…" in `s` (any case), upper-cased, and the offset just past it;
// ("", npos) when there is none.
std::pair<std::string, size_t> NextCve(std::string_view s) {
  for (size_t i = 0; i + 13 <= s.size(); ++i) {
    if (Lower(s.substr(i, 4)) != "cve-") continue;
    size_t j = i + 4;
    size_t year = j;
    while (j < s.size() && IsDigit(s[j])) ++j;
    if (j - year != 4 || j >= s.size() || s[j] != '-') continue;
    size_t num = ++j;
    while (j < s.size() && IsDigit(s[j])) ++j;
    if (j - num < 4) continue;
    return {"CVE-" + std::string(s.substr(year, 4)) + "-" + std::string(s.substr(num, j - num)), j};
  }
  return {std::string(), std::string_view::npos};
}

std::string FindCve(std::string_view s) { return NextCve(s).first; }

// Every CVE id in `s`, in order, without repeats.
std::vector<std::string> AllCves(std::string_view s) {
  std::vector<std::string> out;
  for (auto [cve, end] = NextCve(s); !cve.empty(); std::tie(cve, end) = NextCve(s)) {
    if (std::find(out.begin(), out.end(), cve) == out.end()) out.push_back(cve);
    s.remove_prefix(end);
  }
  return out;
}

// "https://Example.com:443/a?b" → "https://example.com"; nullopt unless absolute http(s).
std::optional<std::string> BaseUrl(std::string_view url) {
  std::string scheme;
  if (Lower(url.substr(0, 7)) == "http://") {
    scheme = "http";
  } else if (Lower(url.substr(0, 8)) == "https://") {
    scheme = "https";
  } else {
    return std::nullopt;
  }
  url.remove_prefix(scheme.size() + 3);
  std::string_view authority = url.substr(0, url.find_first_of("/?#"));
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);  // Credentials never become part of the key.
  }
  if (authority.empty()) return std::nullopt;
  std::string host = Lower(authority);
  size_t colon = host.rfind(':');
  if (colon != std::string::npos && host.find(']', colon) == std::string::npos) {
    std::string_view port = std::string_view(host).substr(colon + 1);
    if ((scheme == "http" && port == "80") || (scheme == "https" && port == "443") ||
        port.empty()) {
      host.resize(colon);
    }
  }
  return scheme + "://" + host;
}

struct Rule {
  std::string id, name, level, help_uri;
  std::optional<double> security_severity;
  std::vector<std::string> cwes;
};

std::optional<double> SecuritySeverity(object holder) {
  object props;
  if (holder.at_key("properties").get_object().get(props)) return std::nullopt;
  element e;
  if (props.at_key("security-severity").get(e)) return std::nullopt;
  double d;
  if (!e.get_double().get(d)) return d;
  std::string_view s;
  if (e.get_string().get(s)) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return d;
}

void AddCwe(std::vector<std::string>& cwes, std::string_view raw) {
  std::string s = Lower(raw);
  for (std::string_view prefix : {"external/cwe/cwe-", "cwe-"}) {
    if (s.rfind(prefix, 0) == 0) {
      s.erase(0, prefix.size());
      break;
    }
  }
  size_t first = s.find_first_not_of('0');
  if (s.empty() || first == std::string::npos) return;
  s.erase(0, first);
  for (char c : s)
    if (!IsDigit(c)) return;
  std::string id = "CWE-" + s;
  for (const std::string& c : cwes)
    if (c == id) return;
  cwes.push_back(id);
}

Rule ReadRule(object r) {
  Rule rule;
  rule.id = std::string(Str(r, "id"));
  rule.name = std::string(Str(r, "name"));
  if (rule.name.empty()) rule.name = std::string(Text(r, "shortDescription"));
  if (rule.name.empty()) rule.name = rule.id;
  object config;
  if (!r.at_key("defaultConfiguration").get_object().get(config)) {
    rule.level = std::string(Str(config, "level"));
  }
  rule.help_uri = std::string(Str(r, "helpUri"));
  rule.security_severity = SecuritySeverity(r);
  object props;
  if (!r.at_key("properties").get_object().get(props)) {
    for (std::string_view key : {"cwe", "cweid", "cweId"}) {
      element e;
      if (props.at_key(key).get(e)) continue;
      std::string_view s;
      int64_t n;
      if (!e.get_string().get(s)) AddCwe(rule.cwes, s);
      if (!e.get_int64().get(n)) AddCwe(rule.cwes, std::to_string(n));
    }
    array tags;
    if (!props.at_key("tags").get_array().get(tags)) {
      for (element t : tags) {
        std::string_view s;
        if (!t.get_string().get(s) && Lower(s).find("cwe-") != std::string::npos)
          AddCwe(rule.cwes, s);
      }
    }
  }
  // ZAP: relationships[{target: {id: "693", toolComponent: {name: "CWE"}}}].
  array rels;
  if (!r.at_key("relationships").get_array().get(rels)) {
    for (element e : rels) {
      object rel, target, component;
      if (e.get_object().get(rel) || rel.at_key("target").get_object().get(target)) continue;
      if (target.at_key("toolComponent").get_object().get(component) ||
          Str(component, "name") != "CWE") {
        continue;
      }
      AddCwe(rule.cwes, Str(target, "id"));
    }
  }
  return rule;
}

// Rule ids that are vulnerability ids in their own right (scanners' SARIF), not a tool's
// check names ("10038", "js/sql-injection").
bool IsAdvisoryId(std::string_view id) {
  for (std::string_view prefix :
       {"CVE-", "GHSA-", "PYSEC-", "GO-", "RUSTSEC-", "OSV-", "ALSA-", "ALBA-", "ALEA-", "RLSA-",
        "RHSA-", "RHBA-", "DSA-", "DLA-", "ALAS", "USN-", "ELSA-", "MAL-"})
    if (id.starts_with(prefix) && id.size() > prefix.size() + 1) return true;
  return false;
}

std::string ToolKey(std::string_view driver) {
  std::string lower = Lower(driver);
  if (lower == "zap" || lower == "owasp zap" || lower == "owasp zed attack proxy" ||
      lower == "zed attack proxy") {
    return "zap";
  }
  for (char& c : lower)
    if (c == ' ') c = '-';
  return lower;
}

std::optional<model::Severity> LevelSeverity(std::string_view level) {
  if (level == "error") return model::Severity::kHigh;
  if (level == "warning") return model::Severity::kMedium;
  if (level == "note") return model::Severity::kLow;
  if (level == "none") return model::Severity::kNone;
  return std::nullopt;
}

class RunParser {
 public:
  RunParser(model::Batch& batch, std::string record) : batch_(batch), record_(std::move(record)) {}

  void Parse(object run) {
    object tool, driver;
    if (!run.at_key("tool").get_object().get(tool) &&
        !tool.at_key("driver").get_object().get(driver)) {
      tool_ = ToolKey(Str(driver, "name"));
      array rules;
      if (!driver.at_key("rules").get_array().get(rules)) {
        for (element e : rules) {
          object r;
          if (e.get_object().get(r)) continue;
          rules_.push_back(ReadRule(r));
        }
      }
    }
    if (tool_.empty()) {
      Warn(record_, "run without tool.driver.name");
      tool_ = "sarif";
    }
    object details;
    if (!run.at_key("automationDetails").get_object().get(details)) {
      automation_id_ = std::string(Str(details, "id"));
    }
    array results;
    if (run.at_key("results").get_array().get(results)) return;  // A run may have no results.
    size_t index = 0;
    for (element e : results) {
      std::string record = record_ + ".results[" + std::to_string(index++) + "]";
      object r;
      if (e.get_object().get(r)) {
        Warn(record, "not an object");
        continue;
      }
      Result(r, record);
    }
    for (auto& [key, report] : web_) batch_.reports.push_back(std::move(report));
    if (host_) batch_.reports.push_back(std::move(*host_));
  }

 private:
  void Warn(std::string record, std::string reason) {
    batch_.warnings.push_back({std::move(record), std::move(reason)});
  }

  const Rule* FindRule(object r, std::string_view rule_id) const {
    int64_t index;
    if (!r.at_key("ruleIndex").get_int64().get(index) && index >= 0 &&
        static_cast<size_t>(index) < rules_.size()) {
      return &rules_[static_cast<size_t>(index)];
    }
    for (const Rule& rule : rules_)
      if (rule.id == rule_id) return &rule;
    return nullptr;
  }

  void Result(object r, const std::string& record) {
    std::string rule_id(Str(r, "ruleId"));
    object rule_ref;
    if (rule_id.empty() && !r.at_key("rule").get_object().get(rule_ref)) {
      rule_id = std::string(Str(rule_ref, "id"));
    }
    const Rule* rule = FindRule(r, rule_id);
    if (rule_id.empty() && rule != nullptr) rule_id = rule->id;
    if (rule_id.empty()) {
      Warn(record, "no ruleId");
      return;
    }
    std::string uri;
    object web;
    if (!r.at_key("webRequest").get_object().get(web)) uri = std::string(Str(web, "target"));
    array locations;
    if (uri.empty() && !r.at_key("locations").get_array().get(locations)) {
      for (element e : locations) {
        object loc, phys, art;
        if (e.get_object().get(loc) || loc.at_key("physicalLocation").get_object().get(phys) ||
            phys.at_key("artifactLocation").get_object().get(art)) {
          continue;
        }
        uri = std::string(Str(art, "uri"));
        if (!uri.empty()) break;
      }
    }
    std::string_view message = Text(r, "message");
    std::string rule_name = rule != nullptr ? rule->name : rule_id;

    model::ExternalFinding f;
    std::string tool_id = tool_ + ":" + rule_id;
    std::optional<std::string> base = BaseUrl(uri);
    object props;
    bool has_props = !r.at_key("properties").get_object().get(props);
    if (base) {
      std::string cve = FindCve(rule_id);
      if (cve.empty()) cve = FindCve(rule_name);
      if (cve.empty()) cve = FindCve(message);
      f.vulnerability_id = cve.empty() ? tool_id : cve;
      if (!cve.empty()) {
        f.aliases.push_back(tool_id);
        // Retire.js (ZAP 10003) lists every CVE of the library: the others become aliases.
        for (const std::string& other : AllCves(message))
          if (other != cve) f.aliases.push_back(other);
      }
      f.package.ecosystem = "web";
      f.package.name = rule_name;
      f.package.location = uri;
    } else {
      if (uri.empty() && automation_id_.empty()) {
        Warn(record, "no location");
        return;
      }
      f.vulnerability_id = IsAdvisoryId(rule_id) ? rule_id : tool_id;
      f.package.name = rule_name;
      f.package.location = uri;
      if (has_props) {
        // vulnscope's own SARIF (report/sarif.cpp) carries the package, rating and aliases in
        // result properties, and its rule ids are the vulnerability ids.
        if (std::string_view p = Str(props, "package"); !p.empty()) {
          f.package.name = std::string(p);
          if (tool_ == "vulnscope") f.vulnerability_id = rule_id;
        }
        f.package.version = std::string(Str(props, "installedVersion"));
        f.package.ecosystem = std::string(Str(props, "ecosystem"));
        f.fixed_version = std::string(Str(props, "fixedVersion"));
        array aliases;
        if (!props.at_key("aliases").get_array().get(aliases)) {
          for (element a : aliases) {
            std::string_view v;
            if (!a.get_string().get(v) && !v.empty()) f.aliases.emplace_back(v);
          }
        }
      }
    }
    if (rule != nullptr)
      for (const std::string& cwe : rule->cwes) f.aliases.push_back(cwe);

    std::optional<double> score = SecuritySeverity(r);
    if (!score && rule != nullptr) score = rule->security_severity;
    std::optional<model::Severity> own;  // vulnscope's own rating and CVSS, when written.
    if (has_props && tool_ == "vulnscope") {
      if (std::string_view word = Str(props, "severity"); !word.empty()) {
        own = model::ParseSeverity(word);
        double cvss;
        score = props.at_key("cvssScore").get_double().get(cvss) ? std::nullopt
                                                                 : std::optional<double>(cvss);
      }
    }
    if (own) {
      f.severity = *own;
      if (score) f.cvss_score = *score;
    } else if (score) {
      f.cvss_score = *score;
      f.severity = model::SeverityFromScore(*score);
    } else {
      std::string level(Str(r, "level"));
      if (level.empty() && rule != nullptr) level = rule->level;
      if (level.empty()) level = "warning";  // SARIF §3.27.10: the default level.
      if (auto s = LevelSeverity(level)) {
        f.severity = *s;
      } else {
        Warn(record, "unknown level \"" + level + "\"");
      }
    }
    f.summary = std::string(message.empty() ? std::string_view(rule_name) : message);
    if (rule != nullptr) f.url = rule->help_uri;
    f.external_id = rule_id + " " + uri;
    array suppressions;
    if (!r.at_key("suppressions").get_array().get(suppressions)) {
      for (element e : suppressions) {
        object s;
        if (e.get_object().get(s)) continue;
        std::string_view status = Str(s, "status");
        if (status.empty() || status == "accepted") {
          f.status = "suppressed";
          f.status_reason = std::string(Str(s, "justification"));
          if (f.status_reason.empty()) f.status_reason = std::string(Str(s, "kind"));
          break;
        }
      }
    }

    model::AssetReport* report;
    if (base) {
      auto [it, added] = web_.try_emplace(*base);
      report = &it->second;
      if (added) {
        report->asset.kind = model::AssetKind::kWebApp;
        report->asset.key = *base;
        report->asset.name = *base;
      }
    } else {
      if (!host_) {
        host_.emplace();
        host_->asset.kind = model::AssetKind::kHost;
        host_->asset.key = automation_id_.empty() ? uri : automation_id_;
        host_->asset.name = host_->asset.key;
      }
      report = &*host_;
    }
    if (!seen_.insert(report->asset.key + "\n" + f.external_id).second) return;
    report->findings.push_back(std::move(f));
  }

  model::Batch& batch_;
  std::string record_;
  std::string tool_;
  std::string automation_id_;
  std::vector<Rule> rules_;
  std::map<std::string, model::AssetReport> web_;  // By base URL.
  std::optional<model::AssetReport> host_;
  std::set<std::string> seen_;
};

}  // namespace

int SniffSarif(std::string_view head, std::string_view) {
  size_t i = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (i == std::string_view::npos || head[i] != '{') return 0;
  if (head.find("\"runs\"") == std::string_view::npos) return 0;
  std::string lower = Lower(head.substr(0, 4096));
  if (lower.find("sarif") != std::string::npos ||
      head.find("\"2.1.0\"") != std::string_view::npos) {
    return 90;
  }
  return 0;
}

Result<model::Batch> ParseSarif(std::string_view bytes) {
  simdjson::dom::parser json;
  element doc;
  if (auto err = json.parse(bytes.data(), bytes.size()).get(doc); err) {
    return Fail(ErrorCode::kInvalidInput,
                std::string("sarif: not JSON: ") + simdjson::error_message(err));
  }
  object root;
  array runs;
  if (doc.get_object().get(root) || root.at_key("runs").get_array().get(runs)) {
    return Fail(ErrorCode::kInvalidInput, "sarif: expected an object with a \"runs\" array");
  }
  std::string_view version = Str(root, "version");
  if (!version.empty() && version.substr(0, 2) != "2.") {
    return Fail(ErrorCode::kInvalidInput,
                "sarif: unsupported version \"" + std::string(version) + "\" (expected 2.1.0)");
  }
  model::Batch batch;
  size_t index = 0;
  for (element e : runs) {
    std::string record = "runs[" + std::to_string(index++) + "]";
    object run;
    if (e.get_object().get(run)) {
      batch.warnings.push_back({record, "not an object"});
      continue;
    }
    RunParser(batch, record).Parse(run);
  }
  return batch;
}

}  // namespace vs::parsers
