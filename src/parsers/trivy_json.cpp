#include "parsers/trivy_json.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "parsers/purl.h"

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

// Trivy writes Epoch as an int; hand-edited reports sometimes quote it.
std::string IntStr(object o, std::string_view key) {
  element e;
  if (o.at_key(key).get(e)) return {};
  int64_t i;
  if (!e.get_int64().get(i)) return i == 0 ? std::string() : std::to_string(i);
  std::string_view s;
  if (!e.get_string().get(s) && s != "0") return std::string(s);
  return {};
}

std::optional<double> Num(object o, std::string_view key) {
  double d;
  if (o.at_key(key).get_double().get(d)) return std::nullopt;
  return d;
}

// [epoch:]version[-release], as dpkg and rpm print it.
std::string Evr(std::string_view epoch, std::string_view version, std::string_view release) {
  std::string out;
  if (!epoch.empty() && epoch != "0") out.append(epoch).push_back(':');
  out.append(version);
  if (!release.empty()) out.append("-").append(release);
  return out;
}

struct TypeEcosystem {
  std::string_view type, ecosystem;
};
constexpr std::array kTypes = {
    TypeEcosystem{"bun", "npm"},
    TypeEcosystem{"bundler", "RubyGems"},
    TypeEcosystem{"cargo", "crates.io"},
    TypeEcosystem{"composer", "Packagist"},
    TypeEcosystem{"composer-vendor", "Packagist"},
    TypeEcosystem{"dotnet-core", "NuGet"},
    TypeEcosystem{"gemspec", "RubyGems"},
    TypeEcosystem{"gobinary", "Go"},
    TypeEcosystem{"gomod", "Go"},
    TypeEcosystem{"gradle", "Maven"},
    TypeEcosystem{"hex", "Hex"},
    TypeEcosystem{"jar", "Maven"},
    TypeEcosystem{"node-pkg", "npm"},
    TypeEcosystem{"npm", "npm"},
    TypeEcosystem{"nuget", "NuGet"},
    TypeEcosystem{"packages-props", "NuGet"},
    TypeEcosystem{"pip", "PyPI"},
    TypeEcosystem{"pipenv", "PyPI"},
    TypeEcosystem{"pnpm", "npm"},
    TypeEcosystem{"poetry", "PyPI"},
    TypeEcosystem{"pom", "Maven"},
    TypeEcosystem{"pub", "Pub"},
    TypeEcosystem{"python-pkg", "PyPI"},
    TypeEcosystem{"rust-binary", "crates.io"},
    TypeEcosystem{"sbt", "Maven"},
    TypeEcosystem{"swift", "SwiftURL"},
    TypeEcosystem{"uv", "PyPI"},
    TypeEcosystem{"yarn", "npm"},
};

// "registry.example.com:5000/shop/web:1.4" → "registry.example.com:5000/shop/web"; a digest
// reference loses its "@sha256:…" part.
std::string_view StripTag(std::string_view ref) {
  if (size_t at = ref.find('@'); at != std::string_view::npos) ref = ref.substr(0, at);
  size_t slash = ref.rfind('/');
  size_t colon = ref.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    ref = ref.substr(0, colon);
  }
  return ref;
}

// "https://github.com/acme/api.git" → ("github.com/acme/api", "acme/api"); nullopt for a path.
std::optional<std::pair<std::string, std::string>> RepoFromUrl(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) {
    // scp-like "git@github.com:acme/api.git".
    size_t at = url.find('@'), colon = url.find(':');
    if (at == std::string_view::npos || colon == std::string_view::npos || colon < at) {
      return std::nullopt;
    }
    std::string host(url.substr(at + 1, colon - at - 1));
    url = url.substr(colon + 1);
    if (url.size() > 4 && url.substr(url.size() - 4) == ".git") url.remove_suffix(4);
    return std::make_pair(host + "/" + std::string(url), std::string(url));
  }
  url.remove_prefix(scheme + 3);
  if (size_t at = url.find('@'); at != std::string_view::npos && at < url.find('/')) {
    url.remove_prefix(at + 1);  // Credentials in the URL.
  }
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  if (url.size() > 4 && url.substr(url.size() - 4) == ".git") url.remove_suffix(4);
  size_t slash = url.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  return std::make_pair(std::string(url), std::string(url.substr(slash + 1)));
}

struct Parser {
  model::Batch batch;
  model::AssetReport report;
  std::set<std::string> warned_types;
  std::set<std::tuple<std::string, std::string, std::string, std::string>> seen_packages;

  void Warn(std::string record, std::string reason) {
    batch.warnings.push_back({std::move(record), std::move(reason)});
  }

  // The ecosystem of one result's packages, or "" (with one warning per type) when unknown.
  std::string ResultEcosystem(object result, std::string_view target) {
    std::string_view cls = Str(result, "Class");
    std::string_view type = Str(result, "Type");
    std::string_view lang = TrivyTypeEcosystem(type);
    if (!lang.empty() && cls != "os-pkgs") return std::string(lang);
    // An OS result: the report's OS, or the result's own Type ("debian") when the report has
    // no Metadata (legacy).
    if (report.asset.os && !report.asset.os->ecosystem.empty()) return report.asset.os->ecosystem;
    if (auto os = OsInfoFromNameVersion(type, ""); os && !os->ecosystem.empty()) {
      return os->ecosystem;
    }
    if (warned_types.insert(std::string(type)).second) {
      Warn(std::string(target), "result type \"" + std::string(type) + "\" has no OSV ecosystem");
    }
    return {};
  }

  void Packages(array pkgs, const std::string& ecosystem, std::string_view target, bool lang,
                std::map<std::string, model::Package>& by_id) {
    for (element pe : pkgs) {
      object p;
      if (pe.get_object().get(p)) {
        Warn(std::string(target), "Packages entry is not an object");
        continue;
      }
      model::Package pkg;
      pkg.ecosystem = ecosystem;
      pkg.name = std::string(Str(p, "Name"));
      pkg.version = Evr(IntStr(p, "Epoch"), Str(p, "Version"), Str(p, "Release"));
      pkg.arch = std::string(Str(p, "Arch"));
      pkg.source_name = std::string(Str(p, "SrcName"));
      std::string src_version =
          Evr(IntStr(p, "SrcEpoch"), Str(p, "SrcVersion"), Str(p, "SrcRelease"));
      if (src_version != pkg.version) pkg.source_version = std::move(src_version);
      if (pkg.source_name == pkg.name) pkg.source_name.clear();
      object ident;
      if (!p.at_key("Identifier").get_object().get(ident))
        pkg.purl = std::string(Str(ident, "PURL"));
      if (std::string_view fp = Str(p, "FilePath"); !fp.empty()) {
        pkg.location = std::string(fp);
      } else if (lang) {
        pkg.location = std::string(target);
      }
      std::string_view id = Str(p, "ID");
      if (pkg.name.empty() || pkg.version.empty()) {
        Warn(std::string(id.empty() ? target : id), "package without name or version");
        continue;
      }
      by_id[std::string(id.empty() ? pkg.name + "@" + pkg.version : std::string(id))] = pkg;
      if (ecosystem.empty()) continue;
      auto key = std::make_tuple(pkg.ecosystem, pkg.name, pkg.version, pkg.location);
      if (seen_packages.insert(key).second) report.packages.push_back(std::move(pkg));
    }
  }

  static void PickCvss(object v, model::ExternalFinding& f) {
    object cvss;
    if (v.at_key("CVSS").get_object().get(cvss)) return;
    std::vector<std::string_view> order;
    if (std::string_view s = Str(v, "SeveritySource"); !s.empty()) order.push_back(s);
    for (std::string_view s : {"nvd", "ghsa", "redhat"}) order.push_back(s);
    std::vector<std::string_view> rest;
    for (auto field : cvss) rest.push_back(field.key);
    std::sort(rest.begin(), rest.end());
    order.insert(order.end(), rest.begin(), rest.end());
    for (const char* ver : {"V3", "V40", "V2"}) {
      for (std::string_view src : order) {
        object entry;
        if (cvss.at_key(src).get_object().get(entry)) continue;
        std::optional<double> score = Num(entry, std::string(ver) + "Score");
        if (!score || *score <= 0) continue;
        f.cvss_score = *score;
        f.cvss_vector = std::string(Str(entry, std::string(ver) + "Vector"));
        return;
      }
    }
  }

  void Vulnerabilities(array vulns, const std::string& ecosystem, std::string_view target,
                       bool lang, const std::map<std::string, model::Package>& by_id) {
    size_t index = 0;
    for (element ve : vulns) {
      std::string record =
          std::string(target) + " Vulnerabilities[" + std::to_string(index++) + "]";
      object v;
      if (ve.get_object().get(v)) {
        Warn(record, "not an object");
        continue;
      }
      model::ExternalFinding f;
      f.vulnerability_id = std::string(Str(v, "VulnerabilityID"));
      std::string_view pkg_name = Str(v, "PkgName");
      if (f.vulnerability_id.empty() || pkg_name.empty()) {
        Warn(record, "no VulnerabilityID or PkgName");
        continue;
      }
      array vendor_ids;
      if (!v.at_key("VendorIDs").get_array().get(vendor_ids)) {
        for (element id : vendor_ids) {
          std::string_view s;
          if (!id.get_string().get(s) && !s.empty() && s != f.vulnerability_id) {
            f.aliases.emplace_back(s);
          }
        }
      }
      std::string_view installed = Str(v, "InstalledVersion");
      std::string pkg_id(Str(v, "PkgID"));
      if (pkg_id.empty()) pkg_id = std::string(pkg_name) + "@" + std::string(installed);
      if (auto it = by_id.find(pkg_id); it != by_id.end()) {
        f.package = it->second;
        f.package.version = std::string(installed);
      } else {
        f.package.ecosystem = ecosystem;
        f.package.name = std::string(pkg_name);
        f.package.version = std::string(installed);
        if (lang) f.package.location = std::string(target);
      }
      if (std::string_view path = Str(v, "PkgPath"); !path.empty()) {
        f.package.location = std::string(path);
      }
      object ident;
      if (!v.at_key("PkgIdentifier").get_object().get(ident)) {
        if (std::string_view purl = Str(ident, "PURL"); !purl.empty()) {
          f.package.purl = std::string(purl);
        }
      }
      if (f.package.ecosystem.empty() && !f.package.purl.empty()) {
        if (auto parts = ParsePurl(f.package.purl)) {
          f.package.ecosystem = std::string(PurlTypeToEcosystem(parts->type, parts->ns));
        }
      }
      std::string_view sev = Str(v, "Severity");
      if (auto s = model::ParseSeverity(sev)) {
        f.severity = *s;
      } else {
        Warn(f.vulnerability_id, "unknown severity \"" + std::string(sev) + "\"");
      }
      PickCvss(v, f);
      if (f.severity == model::Severity::kUnknown && f.cvss_score >= 0) {
        f.severity = model::SeverityFromScore(f.cvss_score);
      }
      f.fixed_version = std::string(Str(v, "FixedVersion"));
      f.summary = std::string(Str(v, "Title"));
      if (f.summary.empty()) f.summary = std::string(Str(v, "Description"));
      f.url = std::string(Str(v, "PrimaryURL"));
      f.external_id = std::string(target) + "|" + pkg_id + "|" + f.vulnerability_id;
      if (Str(v, "Status") == "not_affected") {
        f.status = "suppressed";
        f.status_reason = "not_affected";
      }
      report.findings.push_back(std::move(f));
    }
  }

  void Result(object result, size_t index) {
    std::string target(Str(result, "Target"));
    if (target.empty()) target = "Results[" + std::to_string(index) + "]";
    std::string_view cls = Str(result, "Class");
    // Misconfigurations, secrets and licences are not package vulnerabilities.
    if (cls == "config" || cls == "secret" || cls == "license" || cls == "license-file") return;
    std::string_view type = Str(result, "Type");
    bool lang = cls == "lang-pkgs" || (cls.empty() && !TrivyTypeEcosystem(type).empty());
    std::string ecosystem = ResultEcosystem(result, target);
    std::map<std::string, model::Package> by_id;
    element pe;
    if (!result.at_key("Packages").get(pe)) {
      report.has_inventory = true;
      array pkgs;
      if (!pe.get_array().get(pkgs)) {
        Packages(pkgs, ecosystem, target, lang, by_id);
      } else if (!pe.is_null()) {
        Warn(target, "\"Packages\" is not an array");
      }
    }
    element ve;
    if (!result.at_key("Vulnerabilities").get(ve)) {
      array vulns;
      if (!ve.get_array().get(vulns)) {
        Vulnerabilities(vulns, ecosystem, target, lang, by_id);
      } else if (!ve.is_null()) {  // Trivy writes null for a clean result.
        Warn(target, "\"Vulnerabilities\" is not an array");
      }
    }
  }

  void Asset(object root) {
    model::Asset& a = report.asset;
    std::string_view name = Str(root, "ArtifactName");
    std::string_view type = Str(root, "ArtifactType");
    object meta;
    bool has_meta = !root.at_key("Metadata").get_object().get(meta);
    if (has_meta) {
      object os;
      if (!meta.at_key("OS").get_object().get(os)) {
        a.os = OsInfoFromNameVersion(Str(os, "Family"), Str(os, "Name"));
        if (a.os && a.os->ecosystem.empty()) {
          Warn("Metadata.OS", "operating system \"" + a.os->family + "\" has no OSV ecosystem");
        }
      }
    }
    a.name = std::string(name);
    if (type == "container_image") {
      a.kind = model::AssetKind::kImage;
      a.image = std::string(name);
      std::string repo(StripTag(name));
      array digests;
      if (has_meta && !meta.at_key("RepoDigests").get_array().get(digests)) {
        for (element d : digests) {
          std::string_view s;
          if (d.get_string().get(s)) continue;
          size_t at = s.find('@');
          if (at == std::string_view::npos) continue;
          repo = std::string(s.substr(0, at));
          a.digest = std::string(s.substr(at + 1));
          break;
        }
      }
      if (a.digest.empty() && has_meta) a.digest = std::string(Str(meta, "ImageID"));
      a.key = a.digest.empty() ? std::string(name) : repo + "@" + a.digest;
    } else if (type == "repository") {
      a.kind = model::AssetKind::kRepository;
      if (auto r = RepoFromUrl(name)) {
        a.key = r->first;
        a.repo = r->second;
        a.name = r->second;
      } else {
        a.key = std::string(name);
        a.repo = std::string(name);
      }
    } else {
      a.kind = model::AssetKind::kHost;
      a.key = std::string(name);
    }
  }

  // Legacy reports have no artifact fields: the OS result's Target "<image> (<family> <ver>)"
  // names the image and its OS.
  void LegacyAsset(array results) {
    model::Asset& a = report.asset;
    a.kind = model::AssetKind::kImage;
    for (element e : results) {
      object r;
      if (e.get_object().get(r)) continue;
      std::string_view target = Str(r, "Target");
      if (target.empty() || target.back() != ')') continue;
      size_t open = target.rfind(" (");
      if (open == std::string_view::npos) continue;
      std::string_view os = target.substr(open + 2, target.size() - open - 3);
      size_t sp = os.find(' ');
      if (sp == std::string_view::npos) continue;
      a.os = OsInfoFromNameVersion(os.substr(0, sp), os.substr(sp + 1));
      a.image = std::string(target.substr(0, open));
      break;
    }
    if (a.image.empty()) {
      // Without an OS result the report never names its artifact.
      for (element e : results) {
        object r;
        if (!e.get_object().get(r) && !Str(r, "Target").empty()) {
          a.kind = model::AssetKind::kHost;
          a.image.clear();
          a.key = a.name = std::string(Str(r, "Target"));
          Warn("Results",
               "legacy report without an OS result: asset named after \"" + a.key + "\"");
          return;
        }
      }
      return;
    }
    a.key = a.name = a.image;
  }
};

}  // namespace

std::string_view TrivyTypeEcosystem(std::string_view type) {
  auto it = std::lower_bound(kTypes.begin(), kTypes.end(), type,
                             [](const TypeEcosystem& t, std::string_view k) { return t.type < k; });
  return it != kTypes.end() && it->type == type ? it->ecosystem : std::string_view();
}

int SniffTrivyJson(std::string_view head, std::string_view) {
  size_t i = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (i == std::string_view::npos) return 0;
  if (head[i] == '{') {
    if (head.find("\"SchemaVersion\"") != std::string_view::npos &&
        (head.find("\"ArtifactName\"") != std::string_view::npos ||
         head.find("\"Results\"") != std::string_view::npos)) {
      return 95;
    }
    return 0;
  }
  if (head[i] != '[') return 0;
  size_t j = head.find_first_not_of(" \t\r\n", i + 1);
  if (j == std::string_view::npos || head[j] != '{') return 0;
  // The first key of each legacy result is "Target".
  size_t k = head.find_first_not_of(" \t\r\n", j + 1);
  if (k == std::string_view::npos || head.compare(k, 8, "\"Target\"") != 0) return 0;
  if (head.find("\"Vulnerabilities\"") != std::string_view::npos ||
      head.find("\"Type\"") != std::string_view::npos) {
    return 80;
  }
  return 0;
}

Result<model::Batch> ParseTrivyJson(std::string_view bytes) {
  simdjson::dom::parser json;
  element doc;
  if (auto err = json.parse(bytes.data(), bytes.size()).get(doc); err) {
    return Fail(ErrorCode::kInvalidInput,
                std::string("trivy_json: not JSON: ") + simdjson::error_message(err));
  }
  Parser p;
  array results;
  bool have_results = false;  // A default dom::array must not be iterated.
  object root;
  if (!doc.get_array().get(results)) {
    have_results = true;
    p.LegacyAsset(results);
    if (p.report.asset.key.empty()) {
      return Fail(ErrorCode::kInvalidInput,
                  "trivy_json: legacy report array has no result with a \"Target\"");
    }
  } else if (!doc.get_object().get(root)) {
    int64_t schema = 0;
    if (root.at_key("SchemaVersion").get_int64().get(schema)) {
      return Fail(ErrorCode::kInvalidInput, "trivy_json: no numeric \"SchemaVersion\"");
    }
    if (schema != 2) {
      return Fail(ErrorCode::kInvalidInput, "trivy_json: unsupported SchemaVersion " +
                                                std::to_string(schema) + " (expected 2)");
    }
    if (Str(root, "ArtifactName").empty()) {
      return Fail(ErrorCode::kInvalidInput, "trivy_json: no \"ArtifactName\"");
    }
    p.Asset(root);
    element re;
    if (!root.at_key("Results").get(re) && !re.is_null()) {
      if (re.get_array().get(results)) {
        return Fail(ErrorCode::kInvalidInput, "trivy_json: \"Results\" is not an array");
      }
      have_results = true;
    }
  } else {
    return Fail(ErrorCode::kInvalidInput,
                "trivy_json: expected a report object or a legacy array of results");
  }
  size_t index = 0;
  if (have_results) {
    for (element e : results) {
      object r;
      if (e.get_object().get(r)) {
        p.Warn("Results[" + std::to_string(index++) + "]", "not an object");
        continue;
      }
      p.Result(r, index++);
    }
  }
  p.batch.reports.push_back(std::move(p.report));
  return std::move(p.batch);
}

}  // namespace vs::parsers
