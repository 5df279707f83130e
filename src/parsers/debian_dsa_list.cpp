#include "parsers/debian_dsa_list.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace vs::parsers {
namespace {

constexpr std::string_view kKey = "debian_dsa_list";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Splits on runs of blanks.
std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsSpace(s[i])) ++i;
    size_t start = i;
    while (i < s.size() && !IsSpace(s[i])) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

// Codename → OSV ecosystem. Numbers as the brief / debian.org release list give them: the x.y
// form up to etch (4.0), the major only from lenny (5) on.
struct Release {
  std::string_view codename;
  std::string_view ecosystem;
};
constexpr std::array kReleases = {
    Release{"bookworm", "Debian:12"}, Release{"bullseye", "Debian:11"},
    Release{"buster", "Debian:10"},   Release{"etch", "Debian:4.0"},
    Release{"jessie", "Debian:8"},    Release{"lenny", "Debian:5"},
    Release{"sarge", "Debian:3.1"},   Release{"squeeze", "Debian:6"},
    Release{"stretch", "Debian:9"},   Release{"trixie", "Debian:13"},
    Release{"wheezy", "Debian:7"},    Release{"woody", "Debian:3.0"},
};

std::string_view EcosystemOf(std::string_view codename) {
  for (const Release& r : kReleases)
    if (r.codename == codename) return r.ecosystem;
  return {};
}

constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// "13 Mar 2023" → "2023-03-13T00:00:00Z"; "" when malformed.
std::string ParseDate(std::string_view s) {
  std::vector<std::string_view> w = Words(s);
  if (w.size() != 3) return {};
  std::string_view day = w[0], mon = w[1], year = w[2];
  if (day.empty() || day.size() > 2 || !std::all_of(day.begin(), day.end(), IsDigit)) return {};
  if (year.size() != 4 || !std::all_of(year.begin(), year.end(), IsDigit)) return {};
  auto it = std::find(kMonths.begin(), kMonths.end(), mon);
  if (it == kMonths.end()) return {};
  int d = (day.size() == 2 ? (day[0] - '0') * 10 : 0) + (day.back() - '0');
  if (d < 1 || d > 31) return {};
  int m = static_cast<int>(it - kMonths.begin()) + 1;
  std::string out(year);
  out += '-';
  out += static_cast<char>('0' + m / 10);
  out += static_cast<char>('0' + m % 10);
  out += '-';
  out += static_cast<char>('0' + d / 10);
  out += static_cast<char>('0' + d % 10);
  out += "T00:00:00Z";
  return out;
}

struct Header {
  std::string published;
  std::string_view id;
  std::string_view title;
};

// "[13 Mar 2023] DSA-5373-1 node-sqlite3 - security update". Old entries omit the "-M" revision
// ("DSA-1260 imagemagick") and some omit " - title"; both are kept as given.
bool ParseHeader(std::string_view line, Header& h) {
  if (line.empty() || line[0] != '[') return false;
  size_t close = line.find(']');
  if (close == std::string_view::npos) return false;
  h.published = ParseDate(line.substr(1, close - 1));
  if (h.published.empty()) return false;
  std::string_view rest = Trim(line.substr(close + 1));
  if (rest.size() < 5 || (rest.substr(0, 4) != "DSA-" && rest.substr(0, 4) != "DLA-")) return false;
  size_t sp = rest.find_first_of(" \t");
  h.id = rest.substr(0, sp);
  if (h.id.size() < 5 || !IsDigit(h.id[4])) return false;
  h.title = sp == std::string_view::npos ? std::string_view() : Trim(rest.substr(sp));
  return true;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

// "{CVE-2022-23824 CVE-2022-42331}" (sometimes "{ CVE-… }" or double blanks) → aliases.
void AddCves(std::string_view line, model::Advisory& adv) {
  for (std::string_view w : Words(line)) {
    while (!w.empty() && (w.front() == '{' || w.front() == '}')) w.remove_prefix(1);
    while (!w.empty() && (w.back() == '{' || w.back() == '}')) w.remove_suffix(1);
    if (w.empty()) continue;
    std::string id = Upper(w);
    if (std::find(adv.aliases.begin(), adv.aliases.end(), id) == adv.aliases.end())
      adv.aliases.push_back(std::move(id));
  }
}

// "[bullseye] - node-sqlite3 5.0.0+ds1-1+deb11u1", optionally followed by "(bug #1; medium)"
// (2005-era entries), or a marker <not-affected> / <unfixed> / <end-of-life> instead of the
// version. Returns "" on success, else the reason the line was skipped.
std::string AddPackage(std::string_view line, model::Advisory& adv) {
  size_t close = line.find(']');
  if (line.empty() || line[0] != '[' || close == std::string_view::npos)
    return "package line is not \"[codename] - package version\"";
  std::string_view codename = line.substr(1, close - 1);
  std::vector<std::string_view> w = Words(line.substr(close + 1));
  if (w.size() < 3 || w[0] != "-") return "package line is not \"[codename] - package version\"";
  std::string_view ecosystem = EcosystemOf(codename);
  if (ecosystem.empty()) return "unknown release \"" + std::string(codename) + "\"";
  std::string_view pkg = w[1], version = w[2];
  if (version == "<not-affected>") return {};  // Never affected that release: nothing to match.
  model::Affected af;
  af.ecosystem = std::string(ecosystem);
  af.package = std::string(pkg);
  af.purl = "pkg:deb/debian/" + af.package + "?arch=source";
  model::AffectedRange range;
  range.events.push_back({model::EventKind::kIntroduced, "0"});
  if (version == "<unfixed>" || version == "<end-of-life>") {
    // Affected, and no fix will come for that release (end-of-life) or none yet.
  } else if (!version.empty() && version.front() == '<') {
    return "unknown marker " + std::string(version);
  } else {
    range.events.push_back({model::EventKind::kFixed, std::string(version)});
  }
  af.ranges.push_back(std::move(range));
  // A trailing "(bug #332524; medium)" carries the old per-package urgency.
  for (size_t i = 3; i < w.size(); ++i) {
    std::string_view t = w[i];
    while (!t.empty() && (t.front() == '(' || t.front() == ';')) t.remove_prefix(1);
    while (!t.empty() && (t.back() == ')' || t.back() == ';')) t.remove_suffix(1);
    if (auto sev = model::ParseSeverity(t); sev && *sev != model::Severity::kUnknown)
      af.severity = *sev;
  }
  adv.affected.push_back(std::move(af));
  return {};
}

}  // namespace

int SniffDebianDsaList(std::string_view head, std::string_view /*file_name*/) {
  size_t start = head.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return 0;
  // Back up to the beginning of the first non-empty line.
  size_t bol = head.rfind('\n', start);
  bol = bol == std::string_view::npos ? 0 : bol + 1;
  std::string_view line = head.substr(bol);
  line = line.substr(0, line.find('\n'));
  if (line.size() >= 4096) return 0;
  Header h;
  return ParseHeader(Trim(line), h) ? 95 : 0;
}

Result<model::Batch> ParseDebianDsaList(std::string_view bytes) {
  model::Batch batch;
  bool have_entry = false;  // An advisory is open at the back of batch.advisories.
  bool saw_header = false, saw_text = false;
  size_t line_no = 0;
  size_t pos = 0;
  auto close_entry = [&] {
    if (!have_entry) return;
    have_entry = false;
    // Announcements (end-of-life notices, key changes) name neither a CVE nor a package;
    // regression updates (DSA-5356-2 "sox - regression update") fix a bug that a security
    // update brought, not a vulnerability, and name no CVE either.
    const model::Advisory& a = batch.advisories.back();
    bool regression = a.summary.find("regression update") != std::string::npos;
    if (a.aliases.empty() && (a.affected.empty() || regression)) batch.advisories.pop_back();
  };
  while (pos < bytes.size()) {
    size_t eol = bytes.find('\n', pos);
    if (eol == std::string_view::npos) eol = bytes.size();
    std::string_view raw = bytes.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    std::string_view line = Trim(raw);
    if (line.empty()) continue;
    saw_text = true;
    if (!IsSpace(raw[0])) {
      // Column 0: an entry header.
      close_entry();
      Header h;
      if (!ParseHeader(line, h)) {
        batch.warnings.push_back(
            {"line " + std::to_string(line_no), "not an entry header \"[d Mon yyyy] DSA-…\""});
        continue;
      }
      saw_header = true;
      model::Advisory adv;
      adv.id = std::string(h.id);
      adv.source = std::string(kKey);
      adv.summary = std::string(h.title);
      adv.published = std::move(h.published);
      batch.advisories.push_back(std::move(adv));
      have_entry = true;
      continue;
    }
    if (!have_entry) continue;  // Body of a skipped (malformed) entry.
    model::Advisory& adv = batch.advisories.back();
    if (line[0] == '{') {
      AddCves(line, adv);
    } else if (line[0] == '[') {
      std::string reason = AddPackage(line, adv);
      if (!reason.empty())
        batch.warnings.push_back({adv.id, "line " + std::to_string(line_no) + ": " + reason});
    } else if (line.substr(0, 5) == "NOTE:") {
      // Free-text tracker notes ("fixed in testing at time of DSA"): nothing to model.
    } else {
      batch.warnings.push_back({adv.id, "line " + std::to_string(line_no) + ": unrecognised line"});
    }
  }
  close_entry();
  if (saw_text && !saw_header)
    return Fail(ErrorCode::kInvalidInput,
                std::string(kKey) + ": no \"[d Mon yyyy] DSA-…\" entry header found");
  return batch;
}

}  // namespace vs::parsers
