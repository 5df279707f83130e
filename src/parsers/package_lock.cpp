#include "parsers/package_lock.h"

#include <set>
#include <string>
#include <utility>

#include <simdjson.h>

#include "parsers/purl.h"

namespace vs::parsers {
namespace {

constexpr std::string_view kKey = "package_lock";
// v1 trees nest one level per conflicting version; real lockfiles stay far below this, and the
// limit keeps hostile input from exhausting the stack.
constexpr int kMaxDepth = 256;

std::string_view SkipBom(std::string_view s) {
  if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
  return s;
}

// Local sources: nothing to look up in a registry and nothing worth a warning (npm docs,
// package-lock.json "packages": link entries, file: specs).
bool IsLocalSpec(std::string_view v) {
  return v.starts_with("file:") || v.starts_with("link:") || v.starts_with("workspace:");
}

bool IsGitSpec(std::string_view v) {
  return v.starts_with("git") || v.starts_with("github:") || v.starts_with("gitlab:") ||
         v.starts_with("bitbucket:") || v.starts_with("gist:");
}

class Collector {
 public:
  explicit Collector(model::Batch& batch) : batch_(batch) {}

  void Add(std::string_view name, std::string_view version) {
    if (seen_.emplace(std::string(name), std::string(version)).second) {
      batch_.packages.push_back(NpmPackage(name, version));
    }
  }
  void Warn(std::string_view record, std::string reason) {
    batch_.warnings.push_back({std::string(record), std::move(reason)});
  }

 private:
  model::Batch& batch_;
  std::set<std::pair<std::string, std::string>> seen_;
};

std::string_view StringField(simdjson::dom::object obj, std::string_view key) {
  std::string_view value;
  if (obj[key].get_string().get(value) != simdjson::SUCCESS) return {};
  return value;
}

bool TrueField(simdjson::dom::object obj, std::string_view key) {
  bool value = false;
  return obj[key].get_bool().get(value) == simdjson::SUCCESS && value;
}

// lockfileVersion 2 and 3: "packages" keyed by install path (npm docs, package-lock.json,
// "packages"). "" is the root project; paths without node_modules/ are workspace folders.
void ParsePackagesMap(simdjson::dom::object packages, Collector& out) {
  for (simdjson::dom::key_value_pair kv : packages) {
    std::string_view path = kv.key;
    if (path.empty()) continue;
    size_t nm = path.rfind("node_modules/");
    if (nm == std::string_view::npos) continue;
    simdjson::dom::object entry;
    if (kv.value.get_object().get(entry) != simdjson::SUCCESS) {
      out.Warn(path, "entry is not an object");
      continue;
    }
    if (TrueField(entry, "link")) continue;
    // An alias ("node_modules/string-width-cjs") names the real package in "name".
    std::string_view name = StringField(entry, "name");
    if (name.empty()) name = path.substr(nm + 13);
    std::string_view version = StringField(entry, "version");
    std::string_view resolved = StringField(entry, "resolved");
    if (name.empty()) {
      out.Warn(path, "no package name");
    } else if (IsLocalSpec(resolved)) {
      continue;
    } else if (IsGitSpec(resolved)) {
      out.Warn(path, "git dependency " + std::string(resolved) + ": no registry version");
    } else if (version.empty()) {
      out.Warn(path, "no version");
    } else if (!IsNpmRegistryVersion(version)) {
      out.Warn(path, "version \"" + std::string(version) + "\" is not a registry version");
    } else {
      out.Add(name, version);
    }
  }
}

// lockfileVersion 1: "dependencies" maps name → {version, dependencies: {…nested…}}; the
// version is a semver, "npm:<real>@<version>" for an alias, or a git/file/tarball spec.
void ParseDependencyTree(simdjson::dom::object deps, int depth, Collector& out) {
  for (simdjson::dom::key_value_pair kv : deps) {
    std::string_view name = kv.key;
    simdjson::dom::object entry;
    if (kv.value.get_object().get(entry) != simdjson::SUCCESS) {
      out.Warn(name, "entry is not an object");
      continue;
    }
    std::string_view version = StringField(entry, "version");
    if (version.empty()) {
      out.Warn(name, "no version");
    } else if (version.starts_with("npm:")) {
      std::string_view real = version.substr(4);
      size_t at = real.rfind('@');
      if (at == std::string_view::npos || at == 0 || !IsNpmRegistryVersion(real.substr(at + 1))) {
        out.Warn(name, "alias \"" + std::string(version) + "\" has no registry version");
      } else {
        out.Add(real.substr(0, at), real.substr(at + 1));
      }
    } else if (IsNpmRegistryVersion(version)) {
      out.Add(name, version);
    } else if (!IsLocalSpec(version)) {
      out.Warn(name, "\"" + std::string(version) + "\" is not a registry version");
    }
    simdjson::dom::object nested;
    if (entry["dependencies"].get_object().get(nested) == simdjson::SUCCESS) {
      if (depth >= kMaxDepth) {
        out.Warn(name, "dependencies nested too deeply");
      } else {
        ParseDependencyTree(nested, depth + 1, out);
      }
    }
  }
}

}  // namespace

model::Package NpmPackage(std::string_view name, std::string_view version) {
  PurlParts parts;
  parts.type = "npm";
  if (name.starts_with("@")) {
    size_t slash = name.find('/');
    if (slash != std::string_view::npos) {
      parts.ns = std::string(name.substr(0, slash));
      parts.name = std::string(name.substr(slash + 1));
    }
  }
  if (parts.name.empty()) parts.name = std::string(name);
  parts.version = std::string(version);
  model::Package pkg;
  pkg.ecosystem = "npm";
  pkg.name = std::string(name);
  pkg.version = std::string(version);
  pkg.purl = BuildPurl(parts);
  return pkg;
}

bool IsNpmRegistryVersion(std::string_view version) {
  return !version.empty() && version.front() >= '0' && version.front() <= '9' &&
         version.find_first_of(":/ ") == std::string_view::npos;
}

int SniffPackageLock(std::string_view head, std::string_view file_name) {
  head = SkipBom(head);
  size_t i = head.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos || head[i] != '{') return 0;
  if (head.find("\"lockfileVersion\"") == std::string_view::npos) return 0;
  if (head.find("\"packages\"") == std::string_view::npos &&
      head.find("\"dependencies\"") == std::string_view::npos) {
    return 0;
  }
  // bun.lock also says "lockfileVersion" but lists "workspaces" instead of npm's "requires"
  // or node_modules/ paths.
  if (head.find("\"workspaces\"") != std::string_view::npos &&
      head.find("\"node_modules/") == std::string_view::npos &&
      head.find("\"requires\"") == std::string_view::npos) {
    return 20;
  }
  return file_name == "package-lock.json" || file_name == "npm-shrinkwrap.json" ? 95 : 90;
}

Result<model::Batch> ParsePackageLock(std::string_view bytes) {
  bytes = SkipBom(bytes);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto err = parser.parse(bytes.data(), bytes.size()).get(root); err != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidInput,
                std::string(kKey) + ": not JSON: " + simdjson::error_message(err));
  }
  simdjson::dom::object doc;
  if (root.get_object().get(doc) != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidInput,
                std::string(kKey) + ": expected a JSON object with 'packages' or 'dependencies'");
  }
  model::Batch batch;
  Collector out(batch);
  // v2 carries both sections with the same content; "packages" is the authoritative one.
  simdjson::dom::object section;
  if (doc["packages"].get_object().get(section) == simdjson::SUCCESS) {
    ParsePackagesMap(section, out);
  } else if (doc["dependencies"].get_object().get(section) == simdjson::SUCCESS) {
    ParseDependencyTree(section, 0, out);
  } else if (!doc["lockfileVersion"].is_number()) {
    return Fail(ErrorCode::kInvalidInput,
                std::string(kKey) + ": expected a JSON object with 'packages' or 'dependencies'");
  }
  return batch;
}

}  // namespace vs::parsers
