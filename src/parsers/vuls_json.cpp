#include "parsers/vuls_json.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "parsers/purl.h"
#include "parsers/trivy_json.h"

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

double Num(object o, std::string_view key) {
  double d;
  if (o.at_key(key).get_double().get(d)) return 0;
  return d;
}

bool Bool(object o, std::string_view key) {
  bool b;
  if (o.at_key(key).get_bool().get(b)) return false;
  return b;
}

std::vector<std::string_view> Strings(object o, std::string_view key) {
  std::vector<std::string_view> out;
  array a;
  if (o.at_key(key).get_array().get(a)) return out;
  for (element e : a) {
    std::string_view s;
    if (!e.get_string().get(s)) out.push_back(s);
  }
  return out;
}

// One CveContent entry with the fields we take from it.
struct Content {
  std::string_view type, summary, link, sev3, sev2, vec3, vec40, vec2;
  double score3 = 0, score40 = 0, score2 = 0;
};

// cveContents sources in preference order: the OS family's own (its Vuls type names start
// with the family: "redhat", "redhat_api"; Debian also has "debian_security_tracker"), then
// NVD, then everything else by name.
std::vector<Content> OrderedContents(object contents, std::string_view family) {
  std::vector<std::pair<int, Content>> ranked;
  for (auto field : contents) {
    array list;
    if (field.value.get_array().get(list)) continue;
    for (element e : list) {
      object c;
      if (e.get_object().get(c)) continue;
      Content x;
      x.type = field.key;
      x.summary = Str(c, "summary");
      if (x.summary.empty()) x.summary = Str(c, "title");
      x.link = Str(c, "sourceLink");
      x.sev3 = Str(c, "cvss3Severity");
      x.sev2 = Str(c, "cvss2Severity");
      x.vec3 = Str(c, "cvss3Vector");
      x.vec40 = Str(c, "cvss40Vector");
      x.vec2 = Str(c, "cvss2Vector");
      x.score3 = Num(c, "cvss3Score");
      x.score40 = Num(c, "cvss40Score");
      x.score2 = Num(c, "cvss2Score");
      int rank = 2;
      if (!family.empty() && x.type.substr(0, family.size()) == family) rank = 0;
      if (x.type == "nvd") rank = 1;
      ranked.emplace_back(rank, x);
    }
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second.type < b.second.type;
  });
  std::vector<Content> out;
  for (auto& [rank, c] : ranked) out.push_back(c);
  return out;
}

struct Installed {
  std::string version, arch, source_name, source_version;
};

class ResultParser {
 public:
  explicit ResultParser(model::Batch& batch) : batch_(batch) {}

  void Parse(object r) {
    model::AssetReport report;
    model::Asset& a = report.asset;
    a.kind = model::AssetKind::kHost;
    std::string_view server = Str(r, "serverName");
    object container;
    std::string_view container_name;
    if (!r.at_key("container").get_object().get(container)) container_name = Str(container, "name");
    a.key = container_name.empty() ? std::string(server)
                                   : std::string(container_name) + "@" + std::string(server);
    a.name = a.key;
    object platform;
    if (!r.at_key("platform").get_object().get(platform)) {
      a.instance_id = std::string(Str(platform, "instanceID"));
    }
    family_ = Str(r, "family");
    a.os = OsInfoFromNameVersion(family_, Str(r, "release"));
    if (a.os && a.os->ecosystem.empty()) {
      Warn(a.key, "family \"" + std::string(family_) + "\" has no OSV ecosystem");
    }
    ecosystem_ = a.os ? a.os->ecosystem : std::string();

    Sources(r);
    Packages(r, report);
    object cves;
    if (!r.at_key("scannedCves").get_object().get(cves)) {
      for (auto field : cves) {
        object v;
        if (field.value.get_object().get(v)) {
          Warn(std::string(field.key), "scannedCves entry is not an object");
          continue;
        }
        Cve(field.key, v, report);
      }
    }
    batch_.reports.push_back(std::move(report));
  }

 private:
  void Warn(std::string record, std::string reason) {
    batch_.warnings.push_back({std::move(record), std::move(reason)});
  }

  // Binary name → source package, from SrcPackages.binaryNames.
  void Sources(object r) {
    object src;
    if (r.at_key("SrcPackages").get_object().get(src) &&
        r.at_key("srcPackages").get_object().get(src)) {
      return;
    }
    for (auto field : src) {
      object s;
      if (field.value.get_object().get(s)) continue;
      std::string_view name = Str(s, "name");
      if (name.empty()) name = field.key;
      for (std::string_view bin : Strings(s, "binaryNames")) {
        sources_[std::string(bin)] = {std::string(name), std::string(Str(s, "version"))};
      }
    }
  }

  void Packages(object r, model::AssetReport& report) {
    object pkgs;
    if (r.at_key("packages").get_object().get(pkgs)) return;
    for (auto field : pkgs) {
      object p;
      if (field.value.get_object().get(p)) {
        Warn(std::string(field.key), "packages entry is not an object");
        continue;
      }
      model::Package pkg;
      pkg.ecosystem = ecosystem_;
      pkg.name = std::string(Str(p, "name"));
      if (pkg.name.empty()) pkg.name = std::string(field.key);
      pkg.version = std::string(Str(p, "version"));
      if (std::string_view rel = Str(p, "release"); !rel.empty()) {
        pkg.version += "-" + std::string(rel);
      }
      pkg.arch = std::string(Str(p, "arch"));
      if (pkg.version.empty()) {
        Warn(pkg.name, "package without version");
        continue;
      }
      if (auto it = sources_.find(pkg.name); it != sources_.end()) {
        if (it->second.first != pkg.name) pkg.source_name = it->second.first;
        if (it->second.second != pkg.version) pkg.source_version = it->second.second;
      }
      installed_[pkg.name] = {pkg.version, pkg.arch, pkg.source_name, pkg.source_version};
      report.packages.push_back(std::move(pkg));
    }
    if (report.packages.empty()) {
      Warn(report.asset.key, "no packages: the stored inventory is kept");
    } else {
      report.has_inventory = true;
    }
  }

  void Cve(std::string_view cve_id, object v, model::AssetReport& report) {
    model::ExternalFinding base;
    base.vulnerability_id = std::string(Str(v, "cveID"));
    if (base.vulnerability_id.empty()) base.vulnerability_id = std::string(cve_id);
    std::string_view advisory_severity;
    array advisories;
    if (!v.at_key("distroAdvisories").get_array().get(advisories)) {
      for (element e : advisories) {
        object adv;
        if (e.get_object().get(adv)) continue;
        if (std::string_view id = Str(adv, "advisoryID"); !id.empty())
          base.aliases.emplace_back(id);
        if (advisory_severity.empty()) advisory_severity = Str(adv, "severity");
      }
    }
    object contents;
    std::vector<Content> ordered;
    if (!v.at_key("cveContents").get_object().get(contents)) {
      ordered = OrderedContents(contents, family_);
    }
    Score(ordered, base);
    std::string_view severity_word;
    for (const Content& c : ordered) {
      severity_word = !c.sev3.empty() ? c.sev3 : c.sev2;
      if (!severity_word.empty()) break;
    }
    if (severity_word.empty()) severity_word = advisory_severity;
    if (auto s = model::ParseSeverity(severity_word)) {
      base.severity = *s;
    } else {
      Warn(base.vulnerability_id, "unknown severity \"" + std::string(severity_word) + "\"");
    }
    if (base.severity == model::Severity::kUnknown && base.cvss_score >= 0) {
      base.severity = model::SeverityFromScore(base.cvss_score);
    }
    for (const Content& c : ordered) {
      if (base.summary.empty() && !c.summary.empty()) base.summary = std::string(c.summary);
      if (base.url.empty() && !c.link.empty()) base.url = std::string(c.link);
    }
    Exploits(base.vulnerability_id, v);

    size_t before = report.findings.size();
    array affected;
    if (!v.at_key("affectedPackages").get_array().get(affected)) {
      for (element e : affected) {
        object ap;
        if (e.get_object().get(ap)) continue;
        model::ExternalFinding f = base;
        f.package.ecosystem = ecosystem_;
        f.package.name = std::string(Str(ap, "name"));
        if (f.package.name.empty()) continue;
        if (auto it = installed_.find(f.package.name); it != installed_.end()) {
          f.package.version = it->second.version;
          f.package.arch = it->second.arch;
          f.package.source_name = it->second.source_name;
          f.package.source_version = it->second.source_version;
        }
        if (!Bool(ap, "notFixedYet")) f.fixed_version = std::string(Str(ap, "fixedIn"));
        f.status_reason = std::string(Str(ap, "fixState"));
        f.external_id = f.vulnerability_id + "/" + f.package.name;
        report.findings.push_back(std::move(f));
      }
    }
    array libs;
    if (!v.at_key("libraryFixedIns").get_array().get(libs)) {
      for (element e : libs) {
        object lib;
        if (e.get_object().get(lib)) continue;
        model::ExternalFinding f = base;
        f.package.ecosystem = std::string(TrivyTypeEcosystem(Str(lib, "key")));
        f.package.name = std::string(Str(lib, "name"));
        f.package.location = std::string(Str(lib, "path"));
        if (f.package.name.empty()) continue;
        f.fixed_version = std::string(Str(lib, "fixedIn"));
        f.external_id = f.vulnerability_id + "/" + f.package.location + "/" + f.package.name;
        report.findings.push_back(std::move(f));
      }
    }
    if (report.findings.size() == before) {
      Warn(base.vulnerability_id, "no affected package");
    }
  }

  static void Score(const std::vector<Content>& ordered, model::ExternalFinding& f) {
    for (int pass = 0; pass < 3; ++pass) {
      for (const Content& c : ordered) {
        double score = pass == 0 ? c.score3 : pass == 1 ? c.score40 : c.score2;
        if (score <= 0) continue;
        f.cvss_score = score;
        f.cvss_vector = std::string(pass == 0 ? c.vec3 : pass == 1 ? c.vec40 : c.vec2);
        return;
      }
    }
  }

  void Exploits(const std::string& cve, object v) {
    if (cve.rfind("CVE-", 0) != 0) return;
    array list;
    if (!v.at_key("exploits").get_array().get(list)) {
      for (element e : list) {
        object x;
        if (e.get_object().get(x)) continue;
        std::string_view type = Str(x, "exploitType");
        if (type == "OffensiveSecurity") {
          batch_.exploits.push_back({cve, model::ExploitSource::kExploitDb,
                                     std::string(Str(x, "id")), std::string(Str(x, "url"))});
        } else if (type == "GitHub") {
          batch_.exploits.push_back(
              {cve, model::ExploitSource::kPoc, "github", std::string(Str(x, "url"))});
        }
      }
    }
    if (!v.at_key("metasploits").get_array().get(list)) {
      for (element e : list) {
        object x;
        if (e.get_object().get(x) || Str(x, "name").empty()) continue;
        batch_.exploits.push_back({cve, model::ExploitSource::kMetasploit,
                                   std::string(Str(x, "name")), std::string(Str(x, "title"))});
      }
    }
    if (!v.at_key("kevs").get_array().get(list)) {
      for (element e : list) {
        object x;
        if (e.get_object().get(x) || Str(x, "type") != "cisa") continue;
        std::string_view added = Str(x, "date_added");
        batch_.exploits.push_back({cve, model::ExploitSource::kKev,
                                   std::string(added.substr(0, std::min<size_t>(10, added.size()))),
                                   std::string(Str(x, "vulnerability_name"))});
      }
    }
  }

  model::Batch& batch_;
  std::string_view family_;
  std::string ecosystem_;
  std::map<std::string, std::pair<std::string, std::string>> sources_;
  std::map<std::string, Installed> installed_;
};

}  // namespace

int SniffVulsJson(std::string_view head, std::string_view) {
  size_t i = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (i == std::string_view::npos || (head[i] != '{' && head[i] != '[')) return 0;
  if (head.find("\"scannedCves\"") != std::string_view::npos) return 95;
  if (head.find("\"jsonVersion\"") != std::string_view::npos &&
      head.find("\"serverName\"") != std::string_view::npos) {
    return 90;
  }
  return 0;
}

Result<model::Batch> ParseVulsJson(std::string_view bytes) {
  simdjson::dom::parser json;
  element doc;
  if (auto err = json.parse(bytes.data(), bytes.size()).get(doc); err) {
    return Fail(ErrorCode::kInvalidInput,
                std::string("vuls_json: not JSON: ") + simdjson::error_message(err));
  }
  std::vector<object> results;
  object one;
  array many;
  if (!doc.get_object().get(one)) {
    results.push_back(one);
  } else if (!doc.get_array().get(many)) {
    for (element e : many) {
      object o;
      if (!e.get_object().get(o)) results.push_back(o);
    }
  }
  model::Batch batch;
  size_t index = 0;
  for (object r : results) {
    std::string record = "result[" + std::to_string(index++) + "]";
    if (Str(r, "serverName").empty()) {
      batch.warnings.push_back({record, "no serverName"});
      continue;
    }
    ResultParser(batch).Parse(r);
  }
  if (batch.reports.empty()) {
    return Fail(ErrorCode::kInvalidInput,
                "vuls_json: expected a Vuls ScanResult object (or an array of them) with a "
                "\"serverName\"");
  }
  return batch;
}

}  // namespace vs::parsers
