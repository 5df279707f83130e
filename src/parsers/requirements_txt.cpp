#include "parsers/requirements_txt.h"

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "parsers/purl.h"

namespace vs::parsers {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

struct LogicalLine {
  std::string text;
  size_t number;  // Of its first physical line.
};

// pip's preprocessing (pip/_internal/req/req_file.py join_lines, ignore_comments): a line ending
// in '\' continues on the next one unless it is a comment line; "#" at the start or after
// whitespace begins a comment.
std::vector<LogicalLine> LogicalLines(std::string_view bytes) {
  std::vector<LogicalLine> lines;
  std::string pending;
  size_t pending_start = 0;
  bool continuing = false;
  size_t number = 0;
  size_t pos = 0;
  while (pos < bytes.size()) {
    size_t nl = bytes.find('\n', pos);
    std::string_view line =
        bytes.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? bytes.size() : nl + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view lead = Trim(line);
    bool comment = !lead.empty() && lead.front() == '#';
    if (!comment && !line.empty() && line.back() == '\\') {
      if (!continuing) pending_start = number;
      continuing = true;
      pending.append(line.substr(0, line.size() - 1));
      continue;
    }
    if (continuing) {
      if (!comment) pending.append(line);
      lines.push_back({std::move(pending), pending_start});
      pending.clear();
      continuing = false;
    } else {
      lines.push_back({std::string(line), number});
    }
  }
  if (continuing) lines.push_back({std::move(pending), pending_start});
  for (LogicalLine& l : lines) {
    // Strip "(^|\s+)#.*$".
    for (size_t i = 0; i < l.text.size(); ++i) {
      if (l.text[i] == '#' && (i == 0 || IsSpace(l.text[i - 1]))) {
        l.text.resize(i);
        break;
      }
    }
  }
  return lines;
}

enum class LineKind { kBlank, kOption, kPinned, kUnpinned, kUrl, kBad };

struct Requirement {
  LineKind kind = LineKind::kBlank;
  std::string_view name;
  std::string_view version;
  std::string reason;  // For kUnpinned, kUrl and kBad.
};

// pip's break_args_options: the requirement ends at the first whitespace-separated token that
// starts with '-' (per-requirement options such as --hash=sha256:…).
std::string_view RequirementPart(std::string_view line) {
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && IsSpace(line[i])) ++i;
    if (i < line.size() && line[i] == '-' && i > 0) return Trim(line.substr(0, i));
    while (i < line.size() && !IsSpace(line[i])) ++i;
  }
  return Trim(line);
}

bool IsUrlOrPath(std::string_view s) {
  return s.find("://") != std::string_view::npos || s.starts_with(".") || s.starts_with("/") ||
         s.starts_with("~") || s.starts_with("file:") || s.starts_with("git+") ||
         s.starts_with("hg+") || s.starts_with("svn+") || s.starts_with("bzr+");
}

// Classifies one logical line: a PEP 508 requirement `name [extras] specifiers ; markers`.
Requirement Classify(std::string_view line) {
  Requirement r;
  line = Trim(line);
  if (line.empty()) return r;
  if (line.front() == '-') {
    r.kind = LineKind::kOption;  // -r, -c, -e, -i, --index-url, --hash alone, …
    return r;
  }
  std::string_view req = RequirementPart(line);
  if (IsUrlOrPath(req)) {
    r.kind = LineKind::kUrl;
    r.reason = "URL or path requirement, not a PyPI release; skipped";
    return r;
  }
  size_t i = 0;
  if (i < req.size() && IsAlnum(req[i])) {
    while (i < req.size() && (IsAlnum(req[i]) || req[i] == '.' || req[i] == '-' || req[i] == '_'))
      ++i;
  }
  while (i > 0 && !IsAlnum(req[i - 1])) --i;  // Names end with a letter or digit (PEP 508).
  if (i == 0) {
    r.kind = LineKind::kBad;
    r.reason = "not a requirement";
    return r;
  }
  r.name = req.substr(0, i);
  std::string_view rest = Trim(req.substr(i));
  if (!rest.empty() && rest.front() == '[') {
    size_t close = rest.find(']');
    if (close == std::string_view::npos) {
      r.kind = LineKind::kBad;
      r.reason = std::string(r.name) + ": unterminated extras";
      return r;
    }
    rest = Trim(rest.substr(close + 1));
  }
  std::string_view spec = rest.substr(0, rest.find(';'));  // Environment markers follow ';'.
  spec = Trim(spec);
  if (!spec.empty() && spec.front() == '@') {
    r.kind = LineKind::kUrl;
    r.reason = std::string(r.name) + ": direct URL reference, not a PyPI release; skipped";
    return r;
  }
  if (!spec.empty() && spec.front() == '(' && spec.back() == ')') {  // Old "name (==1.0)" form.
    spec = Trim(spec.substr(1, spec.size() - 2));
  }
  if (spec.empty()) {
    r.kind = LineKind::kUnpinned;
    r.reason = std::string(r.name) + ": not pinned; skipped";
    return r;
  }
  std::optional<std::string_view> pin;
  std::string_view clauses = spec;
  while (true) {
    size_t comma = clauses.find(',');
    std::string_view clause = Trim(clauses.substr(0, comma));
    std::string_view op;
    for (std::string_view o : {"===", "==", "!=", "~=", ">=", "<=", ">", "<"}) {
      if (clause.starts_with(o)) {
        op = o;
        break;
      }
    }
    std::string_view version = Trim(clause.substr(op.size()));
    if (op.empty() || version.empty() ||
        version.find_first_of(" \t()[]'\"") != std::string_view::npos) {
      r.kind = LineKind::kBad;
      r.reason = std::string(r.name) + ": bad version specifier \"" + std::string(clause) + "\"";
      return r;
    }
    // "==1.4.*" is a prefix match (PEP 440 "Version matching"), not a pin.
    if (op == "===" || (op == "==" && !EndsWith(version, ".*"))) pin = version;
    if (comma == std::string_view::npos) break;
    clauses.remove_prefix(comma + 1);
  }
  if (!pin) {
    r.kind = LineKind::kUnpinned;
    r.reason = std::string(r.name) + std::string(spec) + ": not pinned; skipped";
    return r;
  }
  r.kind = LineKind::kPinned;
  r.version = *pin;
  return r;
}

}  // namespace

model::Package PypiPackage(std::string_view name, std::string_view version) {
  PurlParts parts;
  parts.type = "pypi";
  parts.name = Lower(name);
  for (char& c : parts.name)
    if (c == '_') c = '-';
  parts.version = std::string(version);
  model::Package p;
  p.ecosystem = "PyPI";
  p.name = std::string(name);
  p.version = std::string(version);
  p.purl = BuildPurl(parts);
  return p;
}

int SniffRequirementsTxt(std::string_view head, std::string_view file_name) {
  if (head.starts_with(kBom)) head.remove_prefix(kBom.size());
  if (head.find('\0') != std::string_view::npos) return 0;
  std::string name = Lower(file_name);
  bool named = EndsWith(name, ".txt") && (name.find("requirements") != std::string::npos ||
                                          name.find("constraints") != std::string::npos);
  // The head may end mid-line: judge complete lines only, unless it is all there is.
  size_t last_nl = head.rfind('\n');
  if (last_nl != std::string_view::npos) head = head.substr(0, last_nl + 1);
  int total = 0, pinned = 0, bad = 0;
  for (const LogicalLine& l : LogicalLines(head)) {
    if (total >= 40) break;
    Requirement r = Classify(l.text);
    if (r.kind == LineKind::kBlank) continue;
    ++total;
    if (r.kind == LineKind::kPinned) ++pinned;
    if (r.kind == LineKind::kBad) ++bad;
  }
  if (named) {
    if (total == 0) return head.empty() ? 30 : 60;  // Comments only.
    return bad * 2 <= total ? 90 : 0;
  }
  // Without the name: mostly `name==version` lines and nothing that is not a requirement.
  if (pinned >= 2 && bad == 0 && pinned * 10 >= total * 8) return 60;
  return 0;
}

Result<model::Batch> ParseRequirementsTxt(std::string_view bytes) {
  if (bytes.find('\0') != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidInput, "requirements_txt: binary data, not a requirements file");
  }
  if (bytes.starts_with(kBom)) bytes.remove_prefix(kBom.size());  // pygoat's file has one.
  model::Batch batch;
  std::set<std::pair<std::string, std::string>> seen;
  size_t requirements = 0, bad = 0;
  std::optional<model::Warning> first_bad;
  for (const LogicalLine& l : LogicalLines(bytes)) {
    Requirement r = Classify(l.text);
    std::string record = "line " + std::to_string(l.number);
    switch (r.kind) {
      case LineKind::kBlank:
      case LineKind::kOption: break;
      case LineKind::kPinned:
        ++requirements;
        if (seen.emplace(std::string(r.name), std::string(r.version)).second)
          batch.packages.push_back(PypiPackage(r.name, r.version));
        break;
      case LineKind::kUnpinned:
      case LineKind::kUrl:
        ++requirements;
        batch.warnings.push_back({record, r.reason});
        break;
      case LineKind::kBad:
        ++bad;
        batch.warnings.push_back(
            {record, r.reason + ": \"" + std::string(Trim(l.text)).substr(0, 120) + "\""});
        if (!first_bad) first_bad = batch.warnings.back();
        break;
    }
  }
  if (requirements == 0 && bad > 0) {
    return Fail(ErrorCode::kInvalidInput, "requirements_txt: no requirement line (" +
                                              first_bad->record + ": " + first_bad->reason + ")");
  }
  return batch;
}

}  // namespace vs::parsers
