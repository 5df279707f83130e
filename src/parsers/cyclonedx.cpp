#include "parsers/cyclonedx.h"

#include <map>
#include <set>
#include <string>
#include <tuple>

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

bool StartsWithXml(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  size_t i = bytes.find_first_not_of(" \t\r\n");
  return i != std::string_view::npos && bytes[i] == '<';
}

struct Walker {
  model::Batch batch;
  std::map<std::string, int> unsupported_types;  // purl type → components skipped.
  std::set<std::tuple<std::string, std::string, std::string, std::string>> seen;

  void SetOs(object c, std::string_view id) {
    auto os = OsInfoFromNameVersion(Str(c, "name"), Str(c, "version"));
    if (!os) return;
    if (!batch.os) {
      batch.os = std::move(*os);
    } else if (!(*batch.os == *os)) {
      batch.warnings.push_back({std::string(id), "second operating-system component (" +
                                                     os->family + " " + os->release + ") ignored"});
    }
  }

  void Component(object c) {
    std::string_view type = Str(c, "type");
    std::string_view bom_ref = Str(c, "bom-ref");
    std::string_view name = Str(c, "name");
    std::string id(bom_ref.empty() ? name : bom_ref);
    if (id.empty()) id = "component without name";

    if (type == "operating-system") {
      SetOs(c, id);
    } else if (std::string_view purl = Str(c, "purl"); !purl.empty()) {
      FromPurl(c, purl, id);
    } else if (type.empty() || type == "library" || type == "framework") {
      // Applications, files, containers … legitimately have no purl; a library should.
      batch.warnings.push_back({id, std::string(type.empty() ? "component" : type) + " \"" +
                                        std::string(name) + "\" has no purl"});
    }

    array children;
    if (!c.at_key("components").get_array().get(children)) {
      for (element child : children) {
        object o;
        if (!child.get_object().get(o)) Component(o);
      }
    }
  }

  void FromPurl(object c, std::string_view purl, const std::string& id) {
    auto parts = ParsePurl(purl);
    if (!parts) {
      batch.warnings.push_back({id, parts.error().message});
      return;
    }
    if (PurlTypeToEcosystem(parts->type, parts->ns).empty() && !IsOsPurlType(parts->type)) {
      ++unsupported_types[parts->type];
      return;
    }
    model::Package pkg = PackageFromPurl(*parts);
    if (pkg.version.empty()) pkg.version = std::string(Str(c, "version"));
    if (IsPlaceholderVersion(pkg.version)) {
      batch.warnings.push_back(
          {id, pkg.version.empty() ? "no version" : "no release version (" + pkg.version + ")"});
      return;
    }
    TrivyProperties(c, pkg);
    auto key = std::make_tuple(pkg.purl, pkg.location, pkg.source_name, pkg.version);
    if (!seen.insert(key).second) return;  // The same package listed twice.
    batch.packages.push_back(std::move(pkg));
  }

  // Trivy splits the source EVR over SrcEpoch, SrcVersion and SrcRelease (trivy
  // pkg/sbom/cyclonedx/marshal.go); "SrcVersion" alone is a full version for apk and older
  // Trivy output.
  static void TrivyProperties(object c, model::Package& pkg) {
    array props;
    if (c.at_key("properties").get_array().get(props)) return;
    std::string_view src_name, src_version, src_release, src_epoch;
    for (element p : props) {
      object o;
      if (p.get_object().get(o)) continue;
      std::string_view n = Str(o, "name");
      constexpr std::string_view kPrefix = "aquasecurity:trivy:";
      if (n.substr(0, kPrefix.size()) != kPrefix) continue;
      n.remove_prefix(kPrefix.size());
      std::string_view v = Str(o, "value");
      if (n == "SrcName")
        src_name = v;
      else if (n == "SrcVersion")
        src_version = v;
      else if (n == "SrcRelease")
        src_release = v;
      else if (n == "SrcEpoch")
        src_epoch = v;
      else if (n == "FilePath" && pkg.location.empty())
        pkg.location = std::string(v);
    }
    if (src_name.empty()) return;
    pkg.source_name = std::string(src_name);
    pkg.source_version.clear();
    if (src_version.empty()) return;
    if (!src_epoch.empty() && src_epoch != "0") pkg.source_version = std::string(src_epoch) + ":";
    pkg.source_version += std::string(src_version);
    if (!src_release.empty()) pkg.source_version += "-" + std::string(src_release);
  }
};

}  // namespace

int SniffCyclonedx(std::string_view head, std::string_view) {
  if (StartsWithXml(head)) {
    return head.find("http://cyclonedx.org/schema/bom") != std::string_view::npos ? 60 : 0;
  }
  size_t i = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (i == std::string_view::npos || head[i] != '{') return 0;
  size_t bf = head.find("\"bomFormat\"");
  if (bf != std::string_view::npos) {
    size_t v = head.find_first_not_of(" \t\r\n:", bf + 11);
    if (v != std::string_view::npos && head.compare(v, 11, "\"CycloneDX\"") == 0) return 95;
  }
  if (head.find("cyclonedx.org/schema/bom") != std::string_view::npos &&
      head.find("\"specVersion\"") != std::string_view::npos) {
    return 85;
  }
  return 0;
}

namespace {

// An image SBOM's subject (metadata.component of type container, as Trivy and Syft write it):
// the image asset, keyed by repository@digest like a Trivy report of the same image.
model::Asset ContainerSubject(object c) {
  model::Asset a;
  a.kind = model::AssetKind::kImage;
  a.name = std::string(Str(c, "name"));
  a.image = a.name;
  std::string repo = a.name.substr(0, a.name.find('@'));
  if (size_t colon = repo.rfind(':');
      colon != std::string::npos && repo.find('/', colon) == std::string::npos)
    repo.resize(colon);  // The tag, not a registry port.
  if (Result<PurlParts> purl = ParsePurl(Str(c, "purl")); purl && purl->type == "oci") {
    if (purl->version.starts_with("sha256:")) a.digest = purl->version;
    if (std::string_view url = PurlQualifier(*purl, "repository_url"); !url.empty())
      repo = std::string(url);
  }
  if (a.name.empty()) a.name = a.image = repo;
  a.key = a.digest.empty() ? a.name : repo + "@" + a.digest;
  return a;
}

}  // namespace

Result<model::Batch> ParseCyclonedx(std::string_view bytes) {
  if (StartsWithXml(bytes)) {
    return Fail(ErrorCode::kUnsupported,
                "cyclonedx: XML BOMs are not supported; convert to JSON first "
                "(cyclonedx-cli: cyclonedx convert --output-format json)");
  }
  simdjson::dom::parser parser;
  element doc;
  if (auto err = parser.parse(bytes.data(), bytes.size()).get(doc); err) {
    return Fail(ErrorCode::kInvalidInput,
                std::string("cyclonedx: not JSON: ") + simdjson::error_message(err));
  }
  object root;
  if (doc.get_object().get(root) || Str(root, "bomFormat") != "CycloneDX") {
    return Fail(ErrorCode::kInvalidInput,
                "cyclonedx: expected a JSON object with \"bomFormat\": \"CycloneDX\"");
  }
  Walker w;
  std::string_view spec = Str(root, "specVersion");
  if (spec.substr(0, 2) != "1.") {
    w.batch.warnings.push_back({"specVersion", "unknown specVersion \"" + std::string(spec) +
                                                   "\"; read as CycloneDX 1.x"});
  }
  object metadata, subject;
  if (!root.at_key("metadata").get_object().get(metadata) &&
      !metadata.at_key("component").get_object().get(subject)) {
    if (Str(subject, "type") == "operating-system") w.SetOs(subject, "metadata.component");
    if (Str(subject, "type") == "container") w.batch.subject = ContainerSubject(subject);
  }
  element components_el;
  if (!root.at_key("components").get(components_el)) {
    array components;
    if (components_el.get_array().get(components)) {
      return Fail(ErrorCode::kInvalidInput, "cyclonedx: \"components\" is not an array");
    }
    for (element c : components) {
      object o;
      if (c.get_object().get(o)) {
        w.batch.warnings.push_back({"components", "entry is not an object"});
        continue;
      }
      w.Component(o);
    }
  }
  for (const auto& [type, count] : w.unsupported_types) {
    w.batch.warnings.push_back(
        {"purl type " + type, std::to_string(count) + " component(s) skipped: no OSV ecosystem"});
  }
  if (w.batch.os) {
    for (model::Package& p : w.batch.packages)
      p.ecosystem = OsPackageEcosystem(p.ecosystem, *w.batch.os);
  }
  return std::move(w.batch);
}

}  // namespace vs::parsers
