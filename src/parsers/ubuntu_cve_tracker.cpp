#include "parsers/ubuntu_cve_tracker.h"

#include <array>
#include <string>
#include <utility>
#include <vector>

#include "parsers/cvss.h"

namespace vs::parsers {
namespace {

constexpr std::string_view kKey = "ubuntu_cve_tracker";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::string_view FirstWord(std::string_view s) {
  s = Trim(s);
  size_t sp = s.find_first_of(" \t");
  return sp == std::string_view::npos ? s : s.substr(0, sp);
}

// Release codename → OSV ecosystem as Canonical's OSV records spell it ("Ubuntu:20.04:LTS").
struct Release {
  std::string_view codename;
  std::string_view ecosystem;
};
constexpr std::array kReleases = {
    Release{"artful", "Ubuntu:17.10"},      Release{"bionic", "Ubuntu:18.04:LTS"},
    Release{"breezy", "Ubuntu:5.10"},       Release{"cosmic", "Ubuntu:18.10"},
    Release{"dapper", "Ubuntu:6.06:LTS"},   Release{"disco", "Ubuntu:19.04"},
    Release{"edgy", "Ubuntu:6.10"},         Release{"eoan", "Ubuntu:19.10"},
    Release{"feisty", "Ubuntu:7.04"},       Release{"focal", "Ubuntu:20.04:LTS"},
    Release{"groovy", "Ubuntu:20.10"},      Release{"gutsy", "Ubuntu:7.10"},
    Release{"hardy", "Ubuntu:8.04:LTS"},    Release{"hirsute", "Ubuntu:21.04"},
    Release{"hoary", "Ubuntu:5.04"},        Release{"impish", "Ubuntu:21.10"},
    Release{"intrepid", "Ubuntu:8.10"},     Release{"jammy", "Ubuntu:22.04:LTS"},
    Release{"jaunty", "Ubuntu:9.04"},       Release{"karmic", "Ubuntu:9.10"},
    Release{"kinetic", "Ubuntu:22.10"},     Release{"lucid", "Ubuntu:10.04:LTS"},
    Release{"lunar", "Ubuntu:23.04"},       Release{"mantic", "Ubuntu:23.10"},
    Release{"maverick", "Ubuntu:10.10"},    Release{"natty", "Ubuntu:11.04"},
    Release{"noble", "Ubuntu:24.04:LTS"},   Release{"oneiric", "Ubuntu:11.10"},
    Release{"oracular", "Ubuntu:24.10"},    Release{"plucky", "Ubuntu:25.04"},
    Release{"precise", "Ubuntu:12.04:LTS"}, Release{"quantal", "Ubuntu:12.10"},
    Release{"questing", "Ubuntu:25.10"},    Release{"raring", "Ubuntu:13.04"},
    Release{"saucy", "Ubuntu:13.10"},       Release{"trusty", "Ubuntu:14.04:LTS"},
    Release{"utopic", "Ubuntu:14.10"},      Release{"vivid", "Ubuntu:15.04"},
    Release{"warty", "Ubuntu:4.10"},        Release{"wily", "Ubuntu:15.10"},
    Release{"xenial", "Ubuntu:16.04:LTS"},  Release{"yakkety", "Ubuntu:16.10"},
    Release{"zesty", "Ubuntu:17.04"},
};

std::string_view EcosystemOf(std::string_view codename) {
  for (const Release& r : kReleases)
    if (r.codename == codename) return r.ecosystem;
  return {};
}

// Keys that are not a plain release: "upstream" (upstream's fix), "devel" (the release under
// development, whose name changes), "product"/"snap" (non-deb), and every "<release>/<variant>"
// (trusty/esm, precise/esm, vivid/ubuntu-core, vivid/stable-phone-overlay): ESM and overlay
// archives are not the release's own archive.
bool IsSkippedKey(std::string_view release) {
  return release == "upstream" || release == "devel" || release == "product" || release == "snap" ||
         release.find('/') != std::string_view::npos || release.substr(0, 4) == "esm-";
}

model::Severity SeverityOf(std::string_view priority) {
  std::string_view word = FirstWord(priority);  // "low (requires javascript)" → "low".
  return model::ParseSeverity(word).value_or(model::Severity::kUnknown);
}

bool IsCveId(std::string_view id) {
  if (id.size() < 13 || id.substr(0, 4) != "CVE-" || id[8] != '-') return false;
  for (size_t i = 4; i < id.size(); ++i)
    if (i != 8 && !IsDigit(id[i])) return false;
  return true;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

// "2020-03-23 16:15:00 UTC" → "2020-03-23T16:15:00Z", "2007-10-26" → "2007-10-26T00:00:00Z";
// "unknown" and anything else → "".
std::string ParsePublicDate(std::string_view s) {
  s = Trim(s);
  auto digits = [&](size_t from, size_t n) {
    if (s.size() < from + n) return false;
    for (size_t i = from; i < from + n; ++i)
      if (!IsDigit(s[i])) return false;
    return true;
  };
  if (!digits(0, 4) || s.size() < 10 || s[4] != '-' || !digits(5, 2) || s[7] != '-' ||
      !digits(8, 2))
    return {};
  std::string out(s.substr(0, 10));
  if (s.size() >= 19 && s[10] == ' ' && digits(11, 2) && s[13] == ':' && digits(14, 2) &&
      s[16] == ':' && digits(17, 2)) {
    out += 'T';
    out += s.substr(11, 8);
  } else {
    out += "T00:00:00";
  }
  out += 'Z';
  return out;
}

struct Field {
  size_t line = 0;
  std::string_view key;
  std::string_view value;              // Text after "Key:" on the same line, trimmed.
  std::vector<std::string_view> more;  // Continuation lines (leading blank), trimmed.
};

// "released (1.2-3)" / "released [1.2-3]" (seen on ESM lines) → "1.2-3". Hand-edited files
// also drop a bracket: "(1.6.19-1.2ubuntu1" and "0.94.dfsg.1-1ubuntu0.1)" are accepted.
std::string_view Parenthesised(std::string_view rest) {
  rest = Trim(rest);
  if (rest.empty()) return {};
  if (rest.front() == '(' || rest.front() == '[') {
    char close = rest.front() == '(' ? ')' : ']';
    rest.remove_prefix(1);
    return Trim(rest.substr(0, rest.find(close)));
  }
  if (!IsDigit(rest.front())) return {};
  rest = FirstWord(rest);
  while (!rest.empty() && (rest.back() == ')' || rest.back() == ']')) rest.remove_suffix(1);
  return rest;
}

}  // namespace

int SniffUbuntuCveTracker(std::string_view head, std::string_view /*file_name*/) {
  size_t pos = 0;
  while (pos < head.size()) {
    // "Candidate: CVE-…"; a few old files write "Candidate:CVE-…" or "Candidate:  CVE-…".
    if (head.compare(pos, 10, "Candidate:") == 0) {
      size_t v = head.find_first_not_of(" \t", pos + 10);
      if (v != std::string_view::npos && head.compare(v, 4, "CVE-") == 0) return 95;
    }
    size_t eol = head.find('\n', pos);
    if (eol == std::string_view::npos) break;
    pos = eol + 1;
  }
  return 0;
}

Result<model::Batch> ParseUbuntuCveTracker(std::string_view bytes) {
  model::Batch batch;
  if (Trim(bytes).empty()) return batch;

  // Pass 1: split into "Key: value" fields with their continuation lines.
  std::vector<Field> fields;
  size_t line_no = 0, pos = 0;
  while (pos < bytes.size()) {
    size_t eol = bytes.find('\n', pos);
    if (eol == std::string_view::npos) eol = bytes.size();
    std::string_view raw = bytes.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    if (Trim(raw).empty() || raw[0] == '#') continue;
    if (IsSpace(raw[0])) {
      if (!fields.empty()) fields.back().more.push_back(Trim(raw));
      continue;
    }
    size_t colon = raw.find(':');
    std::string_view key =
        colon == std::string_view::npos ? std::string_view() : raw.substr(0, colon);
    if (key.empty() || key.find_first_of(" \t") != std::string_view::npos) {
      // Stray text such as "-- Tags_xen: universe-binary" in a few retired files.
      batch.warnings.push_back({"line " + std::to_string(line_no), "not a \"Key: value\" line"});
      continue;
    }
    fields.push_back({line_no, key, Trim(raw.substr(colon + 1)), {}});
  }

  std::string cve;
  for (const Field& f : fields)
    if (f.key == "Candidate") cve = Upper(FirstWord(f.value));
  if (cve.substr(0, 4) != "CVE-")
    return Fail(ErrorCode::kInvalidInput, std::string(kKey) + ": no \"Candidate: CVE-…\" line");
  if (!IsCveId(cve)) {
    // Placeholders for ids not yet assigned ("CVE-2009-NNN2", 10 files in 2020-06): the record
    // cannot be joined to anything, so it is skipped rather than failing the whole import.
    batch.warnings.push_back({cve, "placeholder CVE id, record skipped"});
    return batch;
  }

  model::Advisory adv;
  adv.id = "UBUNTU-" + cve;
  adv.aliases.push_back(cve);
  adv.source = std::string(kKey);
  model::Severity priority = model::Severity::kUnknown;
  std::vector<std::pair<std::string_view, model::Severity>> package_priority;
  for (const Field& f : fields) {
    if (f.key == "PublicDate") {
      adv.published = ParsePublicDate(f.value);
    } else if (f.key == "Description") {
      std::string text(f.value);
      for (std::string_view l : f.more) {
        if (!text.empty()) text += '\n';
        text += l;
      }
      adv.details = std::move(text);
    } else if (f.key == "Priority") {
      priority = SeverityOf(f.value);
    } else if (f.key.substr(0, 9) == "Priority_") {
      package_priority.emplace_back(f.key.substr(9), SeverityOf(f.value));
    } else if (f.key == "CVSS") {
      // " nvd: CVSS:3.1/AV:N/…" lines; the first valid vector wins.
      for (std::string_view l : f.more) {
        size_t sp = l.find(": ");
        std::string_view vec = Trim(sp == std::string_view::npos ? l : l.substr(sp + 2));
        vec = FirstWord(vec);
        if (Result<double> score = CvssBaseScore(vec); score && adv.cvss_vector.empty()) {
          adv.cvss_vector = std::string(vec);
          adv.cvss_score = *score;
        }
      }
    }
  }

  for (const Field& f : fields) {
    size_t us = f.key.find('_');
    if (us == std::string_view::npos || us == 0 || us + 1 == f.key.size()) continue;
    std::string_view release = f.key.substr(0, us), pkg = f.key.substr(us + 1);
    // Patches_<pkg>, Tags_<pkg>, Priority_<pkg> are per-package metadata, not release lines.
    if (release == "Patches" || release == "Tags" || release == "Priority" || release == "BugLink")
      continue;
    if (IsSkippedKey(release)) continue;
    std::string_view ecosystem = EcosystemOf(release);
    std::string where = "line " + std::to_string(f.line);
    if (ecosystem.empty()) {
      batch.warnings.push_back(
          {adv.id, where + ": unknown release \"" + std::string(release) + "\""});
      continue;
    }
    std::string_view status = FirstWord(f.value);
    std::string_view rest = Trim(f.value.substr(status.size()));
    model::AffectedRange range;
    range.events.push_back({model::EventKind::kIntroduced, "0"});
    if (status == "released") {
      std::string_view version = Parenthesised(rest);
      if (version.empty() || version.find_first_of(" ,") != std::string_view::npos) {
        batch.warnings.push_back({adv.id, where + ": released without a single version"});
        continue;
      }
      range.events.push_back({model::EventKind::kFixed, std::string(version)});
    } else if (status == "needed" || status == "pending" || status == "deferred") {
      // Affected, no fix published yet ("pending (v)" names a version still in -proposed).
    } else if (status == "not-affected" || status == "DNE" || status == "ignored" ||
               status == "needs-triage") {
      continue;  // Not affected, not in the release, won't fix, or not yet looked at.
    } else {
      batch.warnings.push_back(
          {adv.id, where + ": unknown status \"" + std::string(status) + "\""});
      continue;
    }
    model::Affected af;
    af.ecosystem = std::string(ecosystem);
    af.package = std::string(pkg);
    af.purl = "pkg:deb/ubuntu/" + af.package + "?arch=source";
    af.ranges.push_back(std::move(range));
    af.severity = priority;
    for (const auto& [name, sev] : package_priority)
      if (name == pkg) af.severity = sev;
    adv.affected.push_back(std::move(af));
  }
  batch.advisories.push_back(std::move(adv));
  return batch;
}

}  // namespace vs::parsers
