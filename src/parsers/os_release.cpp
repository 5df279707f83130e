#include "parsers/os_release.h"

#include <array>
#include <string>

namespace vs::parsers {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// os-release(5): shell-style assignments; values may be quoted with " or ' and use \ escapes.
std::string Unquote(std::string_view v) {
  v = Trim(v);
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
    v = v.substr(1, v.size() - 2);
  }
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size()) ++i;
    out.push_back(v[i]);
  }
  return out;
}

// The part of VERSION_ID before the n-th dot ("9.3" → "9" for n = 1, "3.19.1" → "3.19" for 2).
std::string_view Components(std::string_view v, int n) {
  size_t pos = 0;
  for (int i = 0; i < n; ++i) {
    pos = v.find('.', pos);
    if (pos == std::string_view::npos) return v;
    if (i + 1 < n) ++pos;
  }
  return v.substr(0, pos);
}

struct Distro {
  std::string_view id;         // os-release ID
  std::string_view ecosystem;  // OSV ecosystem name
  int release_parts;           // How many VERSION_ID components name the release.
  std::string_view prefix;     // Prepended to the release ("v" for Alpine).
};

// Sorted by id.
constexpr std::array kDistros = {
    Distro{"almalinux", "AlmaLinux", 1, ""},
    Distro{"alpine", "Alpine", 2, "v"},
    Distro{"amzn", "Amazon Linux", 1, ""},
    Distro{"centos", "CentOS", 1, ""},
    Distro{"debian", "Debian", 1, ""},
    Distro{"fedora", "Fedora", 1, ""},
    Distro{"mariner", "CBL-Mariner", 2, ""},
    Distro{"ol", "Oracle Linux", 1, ""},
    Distro{"opensuse-leap", "openSUSE", 2, ""},
    Distro{"rhel", "Red Hat", 1, ""},
    Distro{"rocky", "Rocky Linux", 1, ""},
    Distro{"ubuntu", "Ubuntu", 2, ""},
    Distro{"wolfi", "Wolfi", 0, ""},
};

}  // namespace

std::optional<model::OsInfo> OsInfoFor(std::string_view id, std::string_view version_id) {
  for (const Distro& d : kDistros) {
    if (d.id != id) continue;
    model::OsInfo os;
    os.family = std::string(id);
    os.release = std::string(version_id);
    os.ecosystem = std::string(d.ecosystem);
    if (d.release_parts > 0 && !version_id.empty()) {
      os.ecosystem.append(":").append(d.prefix).append(Components(version_id, d.release_parts));
    }
    return os;
  }
  return std::nullopt;
}

int SniffOsRelease(std::string_view head, std::string_view file_name) {
  if (file_name != "os-release") return 0;
  return head.find("ID=") != std::string_view::npos ? 90 : 0;
}

Result<model::Batch> ParseOsRelease(std::string_view bytes) {
  std::string id, version_id, version_codename;
  bool any = false;
  size_t line_no = 0;
  while (!bytes.empty()) {
    size_t nl = bytes.find('\n');
    std::string_view line = Trim(bytes.substr(0, nl));
    bytes.remove_prefix(nl == std::string_view::npos ? bytes.size() : nl + 1);
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) {
      return Fail(ErrorCode::kInvalidInput,
                  "os_release: line " + std::to_string(line_no) + " is not KEY=value");
    }
    any = true;
    std::string_view key = Trim(line.substr(0, eq));
    if (key == "ID") id = Unquote(line.substr(eq + 1));
    if (key == "VERSION_ID") version_id = Unquote(line.substr(eq + 1));
    if (key == "VERSION_CODENAME") version_codename = Unquote(line.substr(eq + 1));
  }
  if (!any || id.empty()) return Fail(ErrorCode::kInvalidInput, "os_release: no ID= line");
  model::Batch batch;
  // Debian testing/sid has no VERSION_ID; OSV files those under "Debian:<codename>"-less ids.
  if (id == "debian" && version_id.empty() && !version_codename.empty())
    version_id = version_codename;
  if (std::optional<model::OsInfo> os = OsInfoFor(id, version_id)) {
    batch.os = std::move(*os);
  } else {
    batch.warnings.push_back(
        {"ID=" + id, "unsupported distribution; its OS packages are not matched"});
  }
  return batch;
}

}  // namespace vs::parsers
