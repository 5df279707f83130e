#include "collectors/report_import.h"

#include <cctype>

#include "parsers/os_release.h"
#include "parsers/registry.h"
#include "version/registry.h"

namespace vs::collectors {
namespace {

// The finding source each report format's findings are stored under.
std::string FindingSourceFor(std::string_view key) {
  if (key == "trivy_json") return "trivy";
  if (key == "vuls_json") return "vuls";
  if (key == "sarif") return "sarif";
  if (key == "dependabot_alerts") return "dependabot";
  if (key == "prometheus_text") return "trivy";
  return std::string(key);
}

}  // namespace

// "--os debian:12", "--os rocky:9.3" (os-release ID:VERSION_ID) or an OSV ecosystem
// ("AlmaLinux:9", "Ubuntu:22.04:LTS").
Result<model::OsInfo> ParseOsOption(const std::string& value) {
  Result<version::Ecosystem> eco = version::ResolveEcosystem(value);
  if (eco && eco->is_os && !eco->release.empty()) {
    model::OsInfo os;
    for (char c : eco->name)
      os.family.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    os.release = std::string(eco->release);
    os.ecosystem = value;
    return os;
  }
  size_t colon = value.find(':');
  if (colon != std::string::npos) {
    if (auto os = parsers::OsInfoFor(value.substr(0, colon), value.substr(colon + 1))) return *os;
  }
  return Fail(ErrorCode::kInvalidInput,
              "--os " + value +
                  ": expected ID:VERSION (debian:12, rocky:9) or an OSV ecosystem (AlmaLinux:9)");
}

Result<model::Collection> CollectionFromDocument(std::string_view name, std::string_view bytes,
                                                 const ImportOptions& opts) {
  std::string_view base = name.substr(std::min(name.size(), name.find_last_of("/!") + 1));
  Result<const parsers::Parser*> parser = parsers::DetectFormat(bytes.substr(0, 64 * 1024), base);
  if (!parser) return Fail(parser.error().WithContext(std::string(name)));
  const parsers::Parser& p = **parser;
  if (p.kind == parsers::Kind::kAdvisory || p.kind == parsers::Kind::kIntel) {
    return Fail(ErrorCode::kInvalidInput, std::string(name) + ": is a feed (" + std::string(p.key) +
                                              "), not a report: use `vulnscope db import`");
  }
  Result<model::Batch> batch = p.parse(bytes);
  if (!batch) return Fail(batch.error().WithContext(std::string(name)));
  model::Collection c;
  for (const model::Warning& w : batch->warnings)
    c.warnings.push_back(std::string(name) + ": " + w.record + ": " + w.reason);
  c.source = "import";
  c.stats["format"] = p.key;
  c.stats["file"] = std::string(name);
  if (p.kind == parsers::Kind::kReport) {
    c.finding_source = FindingSourceFor(p.key);
    c.assets = std::move(batch->reports);
  } else {
    model::AssetReport rep;
    std::optional<model::AssetKind> kind =
        model::ParseAssetKind(opts.kind.empty() ? std::string("host") : opts.kind);
    if (!kind) return Fail(ErrorCode::kInvalidInput, "unknown asset kind " + opts.kind);
    rep.asset.kind = *kind;
    rep.asset.name = opts.asset.empty() ? std::string(base) : opts.asset;
    rep.asset.key = rep.asset.name;
    // An SBOM that names its image is that image, unless the user says otherwise.
    if (batch->subject && opts.asset.empty() && opts.kind.empty()) {
      rep.asset = *batch->subject;
      kind = rep.asset.kind;
    }
    rep.asset.os = batch->os;
    if (!opts.os.empty()) {
      Result<model::OsInfo> os = ParseOsOption(opts.os);
      if (!os) return Fail(os.error());
      rep.asset.os = *os;
      batch->os = *os;
    }
    if (*kind == model::AssetKind::kRepository && rep.asset.repo.empty())
      rep.asset.repo = rep.asset.name;
    if (*kind == model::AssetKind::kImage && rep.asset.image.empty())
      rep.asset.image = rep.asset.name;
    rep.has_inventory = true;
    for (model::Package& pkg : batch->packages) {
      if (pkg.ecosystem.empty() && batch->os) pkg.ecosystem = batch->os->ecosystem;
      rep.packages.push_back(std::move(pkg));
    }
    c.assets.push_back(std::move(rep));
  }
  for (model::AssetReport& r : c.assets)
    if (!opts.team.empty() && r.asset.team.empty()) r.asset.team = opts.team;
  c.asset_scopes.assign(c.assets.size(), "");
  if (c.assets.empty())
    return Fail(ErrorCode::kInvalidInput,
                std::string(name) + ": no asset in this " + std::string(p.key) + " document");
  return c;
}

}  // namespace vs::collectors
