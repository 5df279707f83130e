#include "parsers/spdx.h"

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

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// SPDX ids of the document's subject: documentDescribes[] (SPDX ≤2.2 style) and DESCRIBES /
// DESCRIBED_BY relationships with the document (SPDX 2.3 §11.1).
std::set<std::string_view> DescribedIds(object root) {
  std::string_view doc_id = Str(root, "SPDXID");
  if (doc_id.empty()) doc_id = "SPDXRef-DOCUMENT";
  std::set<std::string_view> ids;
  array described;
  if (!root.at_key("documentDescribes").get_array().get(described)) {
    for (element e : described) {
      std::string_view s;
      if (!e.get_string().get(s)) ids.insert(s);
    }
  }
  array rels;
  if (!root.at_key("relationships").get_array().get(rels)) {
    for (element e : rels) {
      object r;
      if (e.get_object().get(r)) continue;
      std::string_view type = Str(r, "relationshipType");
      if (type == "DESCRIBES" && Str(r, "spdxElementId") == doc_id) {
        ids.insert(Str(r, "relatedSpdxElement"));
      } else if (type == "DESCRIBED_BY" && Str(r, "relatedSpdxElement") == doc_id) {
        ids.insert(Str(r, "spdxElementId"));
      }
    }
  }
  return ids;
}

std::string_view PurlOf(object pkg) {
  array refs;
  if (pkg.at_key("externalRefs").get_array().get(refs)) return {};
  for (element e : refs) {
    object r;
    if (e.get_object().get(r)) continue;
    if (EqualsIgnoreCase(Str(r, "referenceType"), "purl")) return Str(r, "referenceLocator");
  }
  return {};
}

// Trivy writes the source package of OS packages as "built package from: <name> <version>"
// (trivy pkg/sbom/spdx/marshal.go); other tools use free text, which is ignored.
void SourceFromSourceInfo(std::string_view info, model::Package& pkg) {
  constexpr std::string_view kPrefix = "built package from: ";
  if (info.substr(0, kPrefix.size()) != kPrefix) return;
  info.remove_prefix(kPrefix.size());
  size_t sp = info.find(' ');
  pkg.source_name = std::string(info.substr(0, sp));
  pkg.source_version =
      sp == std::string_view::npos ? std::string() : std::string(info.substr(sp + 1));
}

bool LooksLikeSoftware(std::string_view purpose) {
  return purpose.empty() || purpose == "LIBRARY" || purpose == "FRAMEWORK" ||
         purpose == "APPLICATION";
}

}  // namespace

int SniffSpdx(std::string_view head, std::string_view) {
  size_t i = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (i == std::string_view::npos || head[i] != '{') return 0;
  size_t sv = head.find("\"spdxVersion\"");
  if (sv != std::string_view::npos) {
    size_t v = head.find_first_not_of(" \t\r\n:", sv + 13);
    if (v != std::string_view::npos && head.compare(v, 6, "\"SPDX-") == 0) return 95;
  }
  if (head.find("\"@context\"") != std::string_view::npos &&
      head.find("spdx.org/rdf/3") != std::string_view::npos) {
    return 60;
  }
  return 0;
}

Result<model::Batch> ParseSpdx(std::string_view bytes) {
  simdjson::dom::parser parser;
  element doc;
  if (auto err = parser.parse(bytes.data(), bytes.size()).get(doc); err) {
    return Fail(ErrorCode::kInvalidInput,
                std::string("spdx: not JSON: ") + simdjson::error_message(err));
  }
  object root;
  if (doc.get_object().get(root)) {
    return Fail(ErrorCode::kInvalidInput, "spdx: expected a JSON object with \"spdxVersion\"");
  }
  std::string_view version = Str(root, "spdxVersion");
  if (version.empty()) {
    if (root.at_key("@context").error() == simdjson::SUCCESS) {
      return Fail(ErrorCode::kUnsupported, "spdx: SPDX 3 JSON-LD is not supported; use SPDX 2.3");
    }
    return Fail(ErrorCode::kInvalidInput, "spdx: expected a JSON object with \"spdxVersion\"");
  }
  model::Batch batch;
  if (version.substr(0, 7) != "SPDX-2.") {
    batch.warnings.push_back(
        {"spdxVersion", "unknown spdxVersion \"" + std::string(version) + "\"; read as SPDX 2.x"});
  }
  element packages_el;
  if (root.at_key("packages").get(packages_el)) return batch;  // A document of files only.
  array packages;
  if (packages_el.get_array().get(packages)) {
    return Fail(ErrorCode::kInvalidInput, "spdx: \"packages\" is not an array");
  }
  std::set<std::string_view> described = DescribedIds(root);
  std::map<std::string, int> unsupported_types;
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  size_t index = 0;
  for (element e : packages) {
    ++index;
    object p;
    if (e.get_object().get(p)) {
      batch.warnings.push_back({"packages[" + std::to_string(index - 1) + "]", "not an object"});
      continue;
    }
    std::string_view spdx_id = Str(p, "SPDXID");
    std::string id(spdx_id.empty() ? Str(p, "name") : spdx_id);
    if (id.empty()) id = "packages[" + std::to_string(index - 1) + "]";
    std::string_view purpose = Str(p, "primaryPackagePurpose");
    std::string_view version_info = Str(p, "versionInfo");

    if (purpose == "OPERATING-SYSTEM") {
      auto os = OsInfoFromNameVersion(Str(p, "name"), version_info);
      if (os && !batch.os) {
        batch.os = std::move(*os);
      } else if (os && !(*batch.os == *os)) {
        batch.warnings.push_back({id, "second OPERATING-SYSTEM package ignored"});
      }
      continue;
    }
    if (!spdx_id.empty() && described.count(spdx_id) != 0) continue;  // The document's subject.

    std::string_view purl = PurlOf(p);
    if (purl.empty()) {
      if (LooksLikeSoftware(purpose) && !IsPlaceholderVersion(version_info)) {
        batch.warnings.push_back(
            {id, "package \"" + std::string(Str(p, "name")) + "\" has no purl"});
      }
      continue;
    }
    auto parts = ParsePurl(purl);
    if (!parts) {
      batch.warnings.push_back({id, parts.error().message});
      continue;
    }
    if (PurlTypeToEcosystem(parts->type, parts->ns).empty() && !IsOsPurlType(parts->type)) {
      ++unsupported_types[parts->type];
      continue;
    }
    model::Package pkg = PackageFromPurl(*parts);
    if (pkg.version.empty()) pkg.version = std::string(version_info);
    if (IsPlaceholderVersion(pkg.version)) {
      batch.warnings.push_back(
          {id, pkg.version.empty() ? "no version" : "no release version (" + pkg.version + ")"});
      continue;
    }
    SourceFromSourceInfo(Str(p, "sourceInfo"), pkg);
    if (!seen.insert({pkg.purl, pkg.source_name, pkg.version}).second) continue;
    batch.packages.push_back(std::move(pkg));
  }
  for (const auto& [type, count] : unsupported_types) {
    batch.warnings.push_back(
        {"purl type " + type, std::to_string(count) + " package(s) skipped: no OSV ecosystem"});
  }
  if (batch.os) {
    for (model::Package& pkg : batch.packages)
      pkg.ecosystem = OsPackageEcosystem(pkg.ecosystem, *batch.os);
  }
  return batch;
}

}  // namespace vs::parsers
