#include "collectors/local.h"

#include <algorithm>
#include <filesystem>

#include "collectors/rpmdb.h"
#include "io/documents.h"
#include "parsers/registry.h"
#include "version/registry.h"

namespace vs::collectors {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kMaxManifestBytes = 256ull << 20;

// Folders that hold installed copies or build output rather than the project's manifests.
bool SkipDirectory(const std::string& name) {
  return name.empty() || name[0] == '.' || name == "node_modules" || name == "vendor" ||
         name == "target" || name == "__pycache__";
}

bool IsOsEcosystem(std::string_view ecosystem) {
  Result<version::Ecosystem> eco = version::ResolveEcosystem(ecosystem);
  return eco && eco->is_os;
}

// Parses `bytes` as an inventory document; `required` makes "not an inventory" an error.
Status AddDocument(Inventory& inv, const std::string& path, std::string_view bytes, bool required) {
  std::string base = fs::path(path).filename().string();
  Result<const parsers::Parser*> parser = parsers::DetectFormat(bytes.substr(0, 64 * 1024), base);
  if (!parser || (*parser)->kind != parsers::Kind::kInventory) {
    if (!required) return Ok();
    return Fail(ErrorCode::kInvalidInput,
                path + ": not a recognised manifest, lockfile or SBOM" +
                    (parser ? " (it looks like a " + std::string((*parser)->key) + " feed)" : ""));
  }
  Result<model::Batch> batch = (*parser)->parse(bytes);
  if (!batch) return Fail(batch.error().WithContext(path));
  for (model::Package& p : batch->packages) {
    if (p.location.empty()) p.location = path;
    inv.packages.push_back(std::move(p));
  }
  for (model::Warning& w : batch->warnings)
    inv.warnings.push_back({path + ": " + w.record, w.reason});
  if (batch->os && !inv.os) inv.os = batch->os;
  inv.manifests.push_back(path);
  return Ok();
}

void Walk(Inventory& inv, const fs::path& dir, std::vector<model::Warning>& errors) {
  std::vector<fs::path> entries;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    entries.push_back(it->path());
  std::sort(entries.begin(), entries.end());
  // go.sum lists every module version the build ever resolved; go.mod is authoritative when both
  // are present.
  bool has_go_mod = std::any_of(entries.begin(), entries.end(),
                                [](const fs::path& p) { return p.filename() == "go.mod"; });
  for (const fs::path& e : entries) {
    std::error_code sec;
    std::string name = e.filename().string();
    if (fs::is_directory(e, sec) && !fs::is_symlink(e, sec)) {
      if (!SkipDirectory(name)) Walk(inv, e, errors);
      continue;
    }
    if (!fs::is_regular_file(e, sec) || fs::file_size(e, sec) > kMaxManifestBytes) continue;
    if (name == "go.sum" && has_go_mod) continue;
    Result<std::string> bytes = io::ReadFile(e.string());
    if (!bytes) {
      errors.push_back({e.string(), bytes.error().message});
      continue;
    }
    if (Status s = AddDocument(inv, e.string(), *bytes, false); !s) {
      errors.push_back({e.string(), s.error().message});
    }
  }
}

}  // namespace

void ApplyOs(Inventory& inventory, const model::OsInfo& os) {
  Result<version::Ecosystem> target = version::ResolveEcosystem(os.ecosystem);
  for (model::Package& p : inventory.packages) {
    bool os_package = p.ecosystem.empty() || IsOsEcosystem(p.ecosystem);
    if (!os_package) continue;
    Result<version::Ecosystem> eco = version::ResolveEcosystem(p.ecosystem);
    // Keep an explicit release (e.g. an SBOM that already says Debian:12); fill in the rest.
    if (eco && !eco->release.empty()) continue;
    if (target && eco && eco->scheme != target->scheme) continue;  // An apk package on a dpkg OS.
    p.ecosystem = os.ecosystem;
  }
  inventory.os = os;
}

Result<Inventory> CollectTarget(const std::string& path) {
  Inventory inv;
  inv.target = path;
  std::error_code ec;
  if (!fs::exists(path, ec))
    return Fail(ErrorCode::kNotFound, path + ": no such file or directory");
  if (fs::is_directory(path, ec)) {
    std::vector<model::Warning> errors;
    Walk(inv, path, errors);
    // Lockfiles that all failed to parse are an error, not an empty (clean) result: a CI gate
    // must not pass because the one lockfile it should check is corrupt.
    if (inv.manifests.empty() && !errors.empty()) {
      std::string why = errors.front().record + ": " + errors.front().reason;
      if (errors.size() > 1) why += " (and " + std::to_string(errors.size() - 1) + " more)";
      return Fail(ErrorCode::kInvalidInput, path + ": nothing could be read: " + why);
    }
    for (model::Warning& w : errors) inv.warnings.push_back(std::move(w));
    if (inv.manifests.empty()) {
      inv.warnings.push_back({path, "no manifest, lockfile or SBOM found"});
    }
  } else {
    // Compressed SBOMs (.cdx.json.gz) are common: decompress through the document reader.
    Status s = io::ForEachDocument(path, [&](std::string_view name, std::string_view bytes) {
      return AddDocument(inv, std::string(name), bytes, true);
    });
    if (!s) return Fail(s.error());
  }
  if (inv.os) ApplyOs(inv, *inv.os);
  return inv;
}

Result<Inventory> CollectRootfs(const std::string& dir) {
  Inventory inv;
  inv.target = dir;
  fs::path root(dir);
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return Fail(ErrorCode::kNotFound, dir + ": not a directory");
  for (const char* rel : {"etc/os-release", "usr/lib/os-release"}) {
    if (!fs::exists(root / rel, ec)) continue;
    Result<std::string> bytes = io::ReadFile((root / rel).string());
    if (!bytes) return Fail(bytes.error());
    Result<const parsers::Parser*> p = parsers::FindParser("os_release");
    Result<model::Batch> b = (*p)->parse(*bytes);
    if (!b) return Fail(b.error().WithContext((root / rel).string()));
    if (b->os) inv.os = b->os;
    for (model::Warning& w : b->warnings) inv.warnings.push_back(std::move(w));
    break;
  }
  auto add_file = [&](const fs::path& p, const char* format) -> Status {
    Result<std::string> bytes = io::ReadFile(p.string());
    if (!bytes) return Fail(bytes.error());
    Result<const parsers::Parser*> parser = parsers::FindParser(format);
    Result<model::Batch> b = (*parser)->parse(*bytes);
    if (!b) return Fail(b.error().WithContext(p.string()));
    for (model::Package& pkg : b->packages) {
      pkg.location = p.string();
      inv.packages.push_back(std::move(pkg));
    }
    for (model::Warning& w : b->warnings)
      inv.warnings.push_back({p.string() + ": " + w.record, w.reason});
    inv.manifests.push_back(p.string());
    return Ok();
  };
  if (fs::is_regular_file(root / "var/lib/dpkg/status", ec)) {
    if (Status s = add_file(root / "var/lib/dpkg/status", "dpkg_status"); !s)
      return Fail(s.error());
  }
  // Distroless images keep one stanza per package in status.d/.
  if (fs::is_directory(root / "var/lib/dpkg/status.d", ec)) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(root / "var/lib/dpkg/status.d", ec)) {
      std::string n = e.path().filename().string();
      if (e.is_regular_file() && n.find(".md5sums") == std::string::npos) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files)
      if (Status s = add_file(f, "dpkg_status"); !s) return Fail(s.error());
  }
  if (fs::is_regular_file(root / "lib/apk/db/installed", ec)) {
    if (Status s = add_file(root / "lib/apk/db/installed", "apk_installed"); !s)
      return Fail(s.error());
  }
  Result<std::vector<model::Package>> rpms = ReadRpmDatabase(dir);
  if (!rpms) {
    if (rpms.error().code != ErrorCode::kNotFound) return Fail(rpms.error());
  } else {
    for (model::Package& p : *rpms) inv.packages.push_back(std::move(p));
    inv.manifests.push_back(dir + " (rpm database)");
  }
  if (inv.manifests.empty()) {
    return Fail(ErrorCode::kNotFound, dir + ": no dpkg, apk or rpm package database found");
  }
  if (inv.os) {
    ApplyOs(inv, *inv.os);
  } else {
    inv.warnings.push_back({dir, "no /etc/os-release: OS packages cannot be matched (use --os)"});
  }
  return inv;
}

}  // namespace vs::collectors
