#include "parsers/dpkg_status.h"

#include <string>

#include "parsers/purl.h"

namespace vs::parsers {
namespace {

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
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

// The single-line fields we use from one stanza. Multi-line fields (Description, Conffiles)
// only contribute continuation lines, which are skipped.
struct Stanza {
  size_t first_line = 0;
  std::string_view package, version, architecture, source, status;
  bool has_status = false;
  size_t bad_line = 0;  // First line that is neither "Field: value" nor a continuation.
};

// dpkg(1) Status is "want flag state" (dpkg-query(1) "Package states"). Only packages whose
// files are on disk and that are meant to stay count: want install or hold, flag ok, state
// installed. "deinstall ok installed" (selected for removal) is skipped, as Trivy does.
bool IsInstalled(std::string_view status) {
  std::string_view words[3];
  size_t n = 0;
  while (!status.empty() && n < 3) {
    status = TrimSpace(status);
    size_t sp = status.find_first_of(" \t");
    words[n++] = status.substr(0, sp);
    status = sp == std::string_view::npos ? std::string_view() : status.substr(sp);
  }
  if (n != 3 || !TrimSpace(status).empty()) return false;
  return (words[0] == "install" || words[0] == "hold") && words[1] == "ok" &&
         words[2] == "installed";
}

void Finish(const Stanza& s, model::Batch& batch) {
  std::string record =
      s.package.empty() ? "line " + std::to_string(s.first_line) : std::string(s.package);
  if (s.bad_line != 0) {
    batch.warnings.push_back({record, "line " + std::to_string(s.bad_line) +
                                          " is neither \"Field: value\" nor a continuation"});
    return;
  }
  if (s.has_status && !IsInstalled(s.status)) return;
  if (s.package.empty()) {
    batch.warnings.push_back({record, "stanza without Package field"});
    return;
  }
  if (s.version.empty()) {
    batch.warnings.push_back({record, "no Version field"});
    return;
  }
  model::Package pkg;
  pkg.ecosystem = "Debian";
  pkg.name = std::string(s.package);
  pkg.version = std::string(s.version);
  pkg.arch = std::string(s.architecture);
  // Debian Policy §5.6.1: "Source: name" or "Source: name (version)" when the source version
  // differs from the binary one (binNMUs such as 2.36-9+deb12u4+b1, or split packages).
  std::string_view src = s.source;
  if (size_t paren = src.find('('); paren != std::string_view::npos) {
    std::string_view ver = src.substr(paren + 1);
    ver = ver.substr(0, ver.find(')'));
    pkg.source_version = std::string(TrimSpace(ver));
    src = TrimSpace(src.substr(0, paren));
  }
  pkg.source_name = src.empty() ? pkg.name : std::string(src);
  if (pkg.source_version.empty()) pkg.source_version = pkg.version;

  PurlParts purl{"deb", "debian", pkg.name, pkg.version, {}, {}};
  if (!pkg.arch.empty()) purl.qualifiers.emplace_back("arch", pkg.arch);
  pkg.purl = BuildPurl(purl);
  batch.packages.push_back(std::move(pkg));
}

}  // namespace

int SniffDpkgStatus(std::string_view head, std::string_view) {
  size_t i = head.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos || head.compare(i, 8, "Package:") != 0) return 0;
  bool status = head.find("\nStatus: ") != std::string_view::npos;
  bool version = head.find("\nVersion: ") != std::string_view::npos;
  // Apt's Packages indices share the stanza syntax but list available packages.
  if (!status && head.find("\nFilename: ") != std::string_view::npos) return 0;
  if (status) return 95;
  return version ? 70 : 30;
}

Result<model::Batch> ParseDpkgStatus(std::string_view bytes) {
  if (bytes.find('\0') != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidInput, "dpkg_status: binary data, not a dpkg status file");
  }
  model::Batch batch;
  Stanza cur;
  bool in_stanza = false;
  bool saw_package_field = false;
  bool prev_field = false;  // A continuation line needs a field before it.
  size_t line_no = 0;
  size_t pos = 0;
  while (pos <= bytes.size()) {
    size_t nl = bytes.find('\n', pos);
    std::string_view line =
        bytes.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? bytes.size() + 1 : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // CRLF copies.

    if (TrimSpace(line).empty()) {  // Blank line: end of stanza.
      if (in_stanza) Finish(cur, batch);
      cur = Stanza{};
      in_stanza = false;
      prev_field = false;
      continue;
    }
    if (!in_stanza) {
      in_stanza = true;
      cur.first_line = line_no;
    }
    if (line.front() == '#') continue;  // deb822 comment line.
    if (line.front() == ' ' || line.front() == '\t') {
      if (!prev_field && cur.bad_line == 0) cur.bad_line = line_no;
      continue;
    }
    size_t colon = line.find(':');
    std::string_view field =
        colon == std::string_view::npos ? std::string_view() : line.substr(0, colon);
    if (field.empty() || field.find_first_of(" \t") != std::string_view::npos) {
      if (cur.bad_line == 0) cur.bad_line = line_no;
      prev_field = false;
      continue;
    }
    prev_field = true;
    std::string_view value = TrimSpace(line.substr(colon + 1));
    if (EqualsIgnoreCase(field, "Package")) {
      cur.package = value;
      saw_package_field = true;
    } else if (EqualsIgnoreCase(field, "Version")) {
      cur.version = value;
    } else if (EqualsIgnoreCase(field, "Architecture")) {
      cur.architecture = value;
    } else if (EqualsIgnoreCase(field, "Source")) {
      cur.source = value;
    } else if (EqualsIgnoreCase(field, "Status")) {
      cur.status = value;
      cur.has_status = true;
    }
  }
  if (in_stanza) Finish(cur, batch);  // No trailing newline / blank line.

  if (!saw_package_field && bytes.find_first_not_of(" \t\r\n") != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidInput, "dpkg_status: no \"Package:\" stanza found");
  }
  return batch;
}

}  // namespace vs::parsers
