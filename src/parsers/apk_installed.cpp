#include "parsers/apk_installed.h"

#include <string>

#include "parsers/purl.h"

namespace vs::parsers {
namespace {

bool IsFieldLine(std::string_view line) {
  return line.size() >= 2 && line[1] == ':' &&
         ((line[0] >= 'A' && line[0] <= 'Z') || (line[0] >= 'a' && line[0] <= 'z'));
}

struct Record {
  size_t first_line = 0;
  std::string_view name, version, arch, origin;
  size_t bad_line = 0;
};

void Finish(const Record& r, model::Batch& batch) {
  std::string id = r.name.empty() ? "line " + std::to_string(r.first_line) : std::string(r.name);
  if (r.bad_line != 0) {
    batch.warnings.push_back({id, "line " + std::to_string(r.bad_line) + " is not \"X:value\""});
    return;
  }
  if (r.name.empty()) {
    batch.warnings.push_back({id, "record without P: (name)"});
    return;
  }
  if (r.version.empty()) {
    batch.warnings.push_back({id, "no V: (version)"});
    return;
  }
  model::Package pkg;
  pkg.ecosystem = "Alpine";
  pkg.name = std::string(r.name);
  pkg.version = std::string(r.version);
  pkg.arch = std::string(r.arch);
  // "o:" is the origin: the aports package (APKBUILD pkgname) the subpackage was built from,
  // which is what secdb and OSV name. Subpackages share the origin's version.
  pkg.source_name = r.origin.empty() ? pkg.name : std::string(r.origin);
  pkg.source_version = pkg.version;
  PurlParts purl{"apk", "alpine", pkg.name, pkg.version, {}, {}};
  if (!pkg.arch.empty()) purl.qualifiers.emplace_back("arch", pkg.arch);
  pkg.purl = BuildPurl(purl);
  batch.packages.push_back(std::move(pkg));
}

}  // namespace

int SniffApkInstalled(std::string_view head, std::string_view file_name) {
  size_t i = head.find_first_not_of("\r\n");
  if (i == std::string_view::npos || !IsFieldLine(head.substr(i))) return 0;
  bool has_p = head.compare(i, 2, "P:") == 0 || head.find("\nP:") != std::string_view::npos;
  bool has_v = head.find("\nV:") != std::string_view::npos;
  if (!has_p || !has_v) return 0;
  return file_name == "installed" ? 95 : 85;
}

Result<model::Batch> ParseApkInstalled(std::string_view bytes) {
  if (bytes.find('\0') != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidInput, "apk_installed: binary data, not an apk database");
  }
  model::Batch batch;
  Record cur;
  bool in_record = false;
  bool saw_name = false;
  size_t line_no = 0;
  size_t pos = 0;
  while (pos <= bytes.size()) {
    size_t nl = bytes.find('\n', pos);
    std::string_view line =
        bytes.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? bytes.size() + 1 : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) {  // Blank: end of record.
      if (in_record) Finish(cur, batch);
      cur = Record{};
      in_record = false;
      continue;
    }
    if (!in_record) {
      in_record = true;
      cur.first_line = line_no;
    }
    if (!IsFieldLine(line)) {
      if (cur.bad_line == 0) cur.bad_line = line_no;
      continue;
    }
    std::string_view value = line.substr(2);
    switch (line[0]) {
      case 'P':
        cur.name = value;
        saw_name = true;
        break;
      case 'V': cur.version = value; break;
      case 'A': cur.arch = value; break;
      case 'o': cur.origin = value; break;
      default: break;  // C, S, I, T, U, L, m, t, c, D, p, r, i, k, F, R, a, M, Z, …
    }
  }
  if (in_record) Finish(cur, batch);
  if (!saw_name && bytes.find_first_not_of(" \t\r\n") != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidInput, "apk_installed: no \"P:\" record found");
  }
  return batch;
}

}  // namespace vs::parsers
