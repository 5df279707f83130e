#include "parsers/pnpm_lock.h"

#include <exception>
#include <set>
#include <string>
#include <utility>

#include <yaml-cpp/yaml.h>

#include "parsers/package_lock.h"

namespace vs::parsers {
namespace {

constexpr std::string_view kKey = "pnpm_lock";

bool IsLocal(std::string_view ref) {
  return ref.starts_with("file:") || ref.starts_with("link:") || ref.starts_with("workspace:");
}

struct KeyInfo {
  std::string_view name;
  std::string_view version;
  bool local = false;   // file:/link: — skipped silently.
  std::string problem;  // Non-empty: skipped with this warning.
};

// 5.x: "/name/1.2.3", "/@scope/name/1.2.3_peer@1.0.0" (peers after '_'); keys without the
// leading '/' name another source ("github.com/user/repo/<sha>", "registry.example/…").
KeyInfo ParseV5Key(std::string_view key) {
  KeyInfo info;
  if (IsLocal(key)) {
    info.local = true;
    return info;
  }
  if (!key.starts_with("/")) {
    info.problem = "not from the npm registry";
    return info;
  }
  std::string_view k = key.substr(1);
  size_t slash = k.find('/');
  if (k.starts_with("@") && slash != std::string_view::npos) slash = k.find('/', slash + 1);
  if (slash == std::string_view::npos) {
    info.problem = "key is not /name/version";
    return info;
  }
  info.name = k.substr(0, slash);
  std::string_view rest = k.substr(slash + 1);
  info.version = rest.substr(0, rest.find_first_of("_/("));
  return info;
}

// 6.x: "/name@1.2.3(peer@1.0.0)"; 9.x: "name@1.2.3" (peers only under `snapshots`). Other
// sources: "name@https://codeload.github.com/…", "name@file:…", 6.x "github.com/…".
KeyInfo ParseAtKey(std::string_view key, int major) {
  KeyInfo info;
  std::string_view k = key;
  if (k.starts_with("/")) {
    k.remove_prefix(1);
  } else if (major < 9) {
    info.local = IsLocal(k);
    if (!info.local) info.problem = "not from the npm registry";
    return info;
  }
  k = k.substr(0, k.find('('));
  size_t at = k.find('@', k.starts_with("@") ? 1 : 0);
  if (at == std::string_view::npos || at == 0) {
    info.problem = "key is not name@version";
    return info;
  }
  info.name = k.substr(0, at);
  info.version = k.substr(at + 1);
  if (IsLocal(info.version)) info.local = true;
  return info;
}

}  // namespace

int SniffPnpmLock(std::string_view head, std::string_view file_name) {
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  bool named = file_name == "pnpm-lock.yaml" || file_name == "shrinkwrap.yaml";
  if (head.starts_with("lockfileVersion:")) return named ? 95 : 90;
  if (head.find("\nlockfileVersion:") != std::string_view::npos) return named ? 90 : 70;
  return named && !head.empty() ? 10 : 0;
}

Result<model::Batch> ParsePnpmLock(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  model::Batch batch;
  if (bytes.find_first_not_of(" \t\r\n") == std::string_view::npos) return batch;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(bytes));
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kInvalidInput, std::string(kKey) + ": not YAML: " + e.what());
  }
  std::set<std::pair<std::string, std::string>> seen;
  // yaml-cpp reports shape surprises by throwing; contain them here.
  try {
    const YAML::Node& doc = root;
    if (!doc.IsMap() || !doc["lockfileVersion"] || !doc["lockfileVersion"].IsScalar()) {
      return Fail(ErrorCode::kInvalidInput,
                  std::string(kKey) + ": expected a YAML mapping with 'lockfileVersion'");
    }
    // "5.4" (a YAML number), '6.0', '9.0'.
    std::string lockfile_version = doc["lockfileVersion"].Scalar();
    int major = 0;
    size_t digits = 0;
    while (digits < lockfile_version.size() && digits < 4 && lockfile_version[digits] >= '0' &&
           lockfile_version[digits] <= '9') {
      major = major * 10 + (lockfile_version[digits] - '0');
      ++digits;
    }
    if (digits == 0) {
      return Fail(
          ErrorCode::kInvalidInput,
          std::string(kKey) + ": unrecognised lockfileVersion \"" + lockfile_version + "\"");
    }
    const YAML::Node packages = doc["packages"];
    if (!packages || packages.IsNull()) return batch;
    if (!packages.IsMap()) {
      return Fail(ErrorCode::kInvalidInput, std::string(kKey) + ": 'packages' is not a mapping");
    }
    for (const auto& kv : packages) {
      std::string key = kv.first.Scalar();
      KeyInfo info = major < 6 ? ParseV5Key(key) : ParseAtKey(key, major);
      if (info.local) continue;
      if (info.problem.empty() && !IsNpmRegistryVersion(info.version)) {
        info.problem = "version \"" + std::string(info.version) + "\" is not a registry version";
      }
      if (!info.problem.empty()) {
        batch.warnings.push_back({key, info.problem});
        continue;
      }
      if (seen.emplace(std::string(info.name), std::string(info.version)).second) {
        batch.packages.push_back(NpmPackage(info.name, info.version));
      }
    }
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kInvalidInput, std::string(kKey) + ": malformed lockfile: " + e.what());
  }
  return batch;
}

}  // namespace vs::parsers
