#include "parsers/rpm_qa.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "parsers/csv.h"

namespace vs::parsers {
namespace {

// rpm's arch names (rpmrc.in arch_canon plus "noarch", "src", "nosrc"); "(none)" is what rpm
// prints for the unset ARCH tag of gpg-pubkey entries.
constexpr std::string_view kArches[] = {
    "(none)",       "aarch64",  "alpha",   "armhfp",       "armv5tel", "armv6hl", "armv6l",
    "armv7hl",      "armv7hnl", "armv7l",  "athlon",       "geode",    "i386",    "i486",
    "i586",         "i686",     "ia64",    "loongarch64",  "mips",     "mips64",  "mips64el",
    "mipsel",       "noarch",   "nosrc",   "pentium3",     "pentium4", "ppc",     "ppc64",
    "ppc64iseries", "ppc64le",  "ppc64p7", "ppc64pseries", "riscv64",  "s390",    "s390x",
    "sparc",        "sparc64",  "sparcv9", "src",          "x86_64",
};

bool IsArch(std::string_view a) {
  return std::find(std::begin(kArches), std::end(kArches), a) != std::end(kArches);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// rpm prints "(none)" for unset tags under --queryformat.
std::string_view Unset(std::string_view v) {
  v = Trim(v);
  return v == "(none)" ? std::string_view() : v;
}

std::string Evr(std::string_view epoch, std::string_view version, std::string_view release) {
  std::string out;
  if (!epoch.empty() && epoch != "0") out.append(epoch).push_back(':');
  out.append(version);
  if (!release.empty()) out.append("-").append(release);
  return out;
}

struct Nvr {
  std::string_view name, version, release;
};

// Splits "name-version-release" at its last two hyphens (names may contain hyphens; version and
// release may not, per rpm packaging rules).
std::optional<Nvr> SplitNvr(std::string_view s) {
  size_t r = s.rfind('-');
  if (r == std::string_view::npos || r == 0 || r + 1 == s.size()) return std::nullopt;
  size_t v = s.rfind('-', r - 1);
  if (v == std::string_view::npos || v == 0 || v + 1 == r) return std::nullopt;
  return Nvr{s.substr(0, v), s.substr(v + 1, r - v - 1), s.substr(r + 1)};
}

// "openssl-3.0.7-24.el9.src.rpm" → openssl, 3.0.7, 24.el9.
std::optional<Nvr> SplitSourceRpm(std::string_view srpm) {
  for (std::string_view suffix : {".src.rpm", ".nosrc.rpm"}) {
    if (srpm.size() > suffix.size() && srpm.substr(srpm.size() - suffix.size()) == suffix) {
      return SplitNvr(srpm.substr(0, srpm.size() - suffix.size()));
    }
  }
  return std::nullopt;
}

struct Line {
  std::string_view text;
  size_t number;
};

// One rpm --queryformat TSV line: rpm does no quoting, so quotes are literal.
std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> fields;
  while (true) {
    size_t tab = line.find('\t');
    fields.push_back(line.substr(0, tab));
    if (tab == std::string_view::npos) break;
    line.remove_prefix(tab + 1);
  }
  return fields;
}

struct Columns {
  char delim = ',';
  int epoch = -1, name = -1, version = -1, release = -1, arch = -1, sourcerpm = -1;
};

// Recognises a --queryformat header such as "epoch,name,version,release,arch,sourcerpm,…";
// tag names may be written as rpm tags ("NAME", "%{NAME}").
std::optional<Columns> ParseHeader(std::string_view line) {
  Columns c;
  c.delim = line.find('\t') != std::string_view::npos ? '\t' : ',';
  if (c.delim == ',' && line.find(',') == std::string_view::npos) return std::nullopt;
  // Owned copies: a CSV field with '""' lives in the Reader, which ends with this block.
  std::vector<std::string> cols;
  if (c.delim == '\t') {
    for (std::string_view f : SplitTabs(line)) cols.emplace_back(f);
  } else {
    csv::Reader reader(line);
    if (!reader.Next()) return std::nullopt;
    for (std::string_view f : reader.fields()) cols.emplace_back(f);
  }
  for (size_t i = 0; i < cols.size(); ++i) {
    std::string n = Lower(Trim(cols[i]));
    if (n.size() > 3 && n.compare(0, 2, "%{") == 0 && n.back() == '}')
      n = n.substr(2, n.size() - 3);
    constexpr std::pair<std::string_view, int Columns::*> kTags[] = {
        {"epoch", &Columns::epoch},     {"name", &Columns::name},
        {"version", &Columns::version}, {"release", &Columns::release},
        {"arch", &Columns::arch},       {"sourcerpm", &Columns::sourcerpm},
    };
    for (const auto& [tag, field] : kTags)
      if (n == tag) c.*field = static_cast<int>(i);
  }
  if (c.name < 0 || c.version < 0) return std::nullopt;
  if (c.release < 0 && c.epoch < 0 && c.arch < 0 && c.sourcerpm < 0) return std::nullopt;
  return c;
}

std::string_view Field(std::span<const std::string_view> f, int i) {
  return i >= 0 && static_cast<size_t>(i) < f.size() ? f[static_cast<size_t>(i)]
                                                     : std::string_view();
}

void ParseRow(std::span<const std::string_view> f, size_t line, const Columns& c,
              model::Batch& batch) {
  if (f.size() == 1 && Trim(f[0]).empty()) return;
  std::string record = "line " + std::to_string(line);
  std::string_view name = Trim(Field(f, c.name));
  if (name.empty()) {
    batch.warnings.push_back({record, "no name"});
    return;
  }
  if (name == "gpg-pubkey") return;  // An imported signing key, not software.
  std::string_view version = Unset(Field(f, c.version));
  if (version.empty()) {
    batch.warnings.push_back({record, "no version for " + std::string(name)});
    return;
  }
  std::string_view epoch = Unset(Field(f, c.epoch));
  model::Package pkg;
  pkg.name = std::string(name);
  pkg.version = Evr(epoch, version, Unset(Field(f, c.release)));
  pkg.arch = std::string(Unset(Field(f, c.arch)));
  if (auto src = SplitSourceRpm(Unset(Field(f, c.sourcerpm)))) {
    pkg.source_name = std::string(src->name);
    // The SRPM file name has no epoch; a binary inherits its source package's epoch.
    pkg.source_version = Evr(epoch, src->version, src->release);
  }
  batch.packages.push_back(std::move(pkg));
}

enum class LineResult { kPackage, kSkipped, kBad };

// "openssl-libs-1:3.0.7-24.el9.x86_64" (dnf/--qf NEVRA puts an epoch before the version).
LineResult ParsePlainLine(std::string_view line, model::Package& pkg) {
  if (line.find_first_of(" \t") != std::string_view::npos) return LineResult::kBad;
  std::string_view arch;
  if (size_t dot = line.rfind('.'); dot != std::string_view::npos) {
    std::string_view suffix = line.substr(dot + 1);
    // A trailing "." is an unset arch (rpm -qa prints "gpg-pubkey-c105b9de-4e0fd3a3." on old rpm).
    if (suffix.empty() || IsArch(suffix)) {
      arch = suffix == "(none)" ? std::string_view() : suffix;
      line = line.substr(0, dot);
    }
  }
  auto nvr = SplitNvr(line);
  if (!nvr) return LineResult::kBad;
  if (nvr->name == "gpg-pubkey") return LineResult::kSkipped;
  std::string_view epoch, version = nvr->version;
  if (size_t colon = version.find(':'); colon != std::string_view::npos) {
    epoch = version.substr(0, colon);
    version = version.substr(colon + 1);
    if (epoch.empty() || version.empty() ||
        !std::all_of(epoch.begin(), epoch.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
      return LineResult::kBad;
    }
  }
  pkg.name = std::string(nvr->name);
  pkg.version = Evr(epoch, version, nvr->release);
  pkg.arch = std::string(arch);
  return LineResult::kPackage;
}

// Next non-blank line from `pos` (without its "\n"/"\r\n"), counting lines.
std::optional<Line> NextLine(std::string_view bytes, size_t& pos, size_t& line_no) {
  while (pos < bytes.size()) {
    size_t nl = bytes.find('\n', pos);
    std::string_view text =
        bytes.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? bytes.size() : nl + 1;
    ++line_no;
    text = Trim(text);
    if (!text.empty()) return Line{text, line_no};
  }
  return std::nullopt;
}

// The rows after the header line, which ends at `pos`. Line numbers count from the file start.
void ParseTable(std::string_view bytes, size_t pos, size_t header_line, const Columns& c,
                model::Batch& batch) {
  if (c.delim == ',') {
    csv::Reader reader(bytes.substr(pos));
    while (reader.Next()) {
      size_t line = header_line + reader.line();
      if (!reader.problem().empty()) {
        batch.warnings.push_back({"line " + std::to_string(line), std::string(reader.problem())});
        continue;
      }
      ParseRow(reader.fields(), line, c, batch);
    }
    return;
  }
  // TSV: not trimmed, since a leading tab is an empty (unset) epoch column.
  size_t line = header_line;
  while (pos < bytes.size()) {
    size_t nl = bytes.find('\n', pos);
    std::string_view text =
        bytes.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? bytes.size() : nl + 1;
    ++line;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (Trim(text).empty()) continue;
    std::vector<std::string_view> fields = SplitTabs(text);
    ParseRow(fields, line, c, batch);
  }
}

}  // namespace

int SniffRpmQa(std::string_view head, std::string_view file_name) {
  size_t pos = 0, line_no = 0;
  auto first = NextLine(head, pos, line_no);
  if (!first) return 0;
  if (ParseHeader(first->text)) return 90;
  // Plain output: look at up to 20 complete lines (the head may end mid-line).
  int total = 0, good = 0;
  pos = 0;
  line_no = 0;
  while (total < 20) {
    auto l = NextLine(head, pos, line_no);
    if (!l || pos >= head.size()) break;  // The last line of the head may be cut.
    ++total;
    model::Package pkg;
    std::string_view text = l->text;
    size_t dot = text.rfind('.');
    bool known_arch =
        dot != std::string_view::npos && (dot + 1 == text.size() || IsArch(text.substr(dot + 1)));
    if (known_arch && ParsePlainLine(text, pkg) != LineResult::kBad) ++good;
  }
  if (total == 0) {  // A single (possibly cut) line.
    model::Package pkg;
    size_t dot = first->text.rfind('.');
    if (dot != std::string_view::npos && IsArch(first->text.substr(dot + 1)) &&
        ParsePlainLine(first->text, pkg) == LineResult::kPackage) {
      return 50;
    }
    return 0;
  }
  if (good * 10 < total * 8) return 0;
  bool rpm_name = Lower(file_name).find("rpm") != std::string::npos;
  return rpm_name ? 85 : 75;
}

Result<model::Batch> ParseRpmQa(std::string_view bytes) {
  if (bytes.find('\0') != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidInput, "rpm_qa: binary data, not rpm -qa output");
  }
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);  // BOM.
  model::Batch batch;
  size_t pos = 0, line_no = 0;
  auto first = NextLine(bytes, pos, line_no);
  if (!first) return batch;
  if (auto cols = ParseHeader(first->text)) {
    ParseTable(bytes, pos, line_no, *cols, batch);
  } else {
    pos = 0;
    line_no = 0;
    while (auto l = NextLine(bytes, pos, line_no)) {
      if (l->text.front() == '#') continue;
      model::Package pkg;
      switch (ParsePlainLine(l->text, pkg)) {
        case LineResult::kPackage: batch.packages.push_back(std::move(pkg)); break;
        case LineResult::kSkipped: break;
        case LineResult::kBad:
          batch.warnings.push_back(
              {"line " + std::to_string(l->number),
               "not NAME-VERSION-RELEASE[.ARCH]: \"" + std::string(l->text.substr(0, 120)) + "\""});
          break;
      }
    }
  }
  if (batch.packages.empty() && !batch.warnings.empty()) {
    return Fail(ErrorCode::kInvalidInput, "rpm_qa: no NAME-VERSION-RELEASE line or row found (" +
                                              batch.warnings.front().record + ": " +
                                              batch.warnings.front().reason + ")");
  }
  return batch;
}

}  // namespace vs::parsers
