#include "parsers/yum_updateinfo.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "model/severity.h"

namespace vs::parsers {
namespace {

constexpr std::string_view kKey = "yum_updateinfo";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// "cve-2017-5754" → "CVE-2017-5754"; other ids are kept as given.
std::string NormaliseCve(std::string_view id) {
  std::string out(Trim(id));
  if (out.size() > 4 && Lower(out[0]) == 'c' && Lower(out[1]) == 'v' && Lower(out[2]) == 'e' &&
      out[3] == '-') {
    for (char& c : out)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// formats.md §9: the release is only in the id prefix. ALAS2023LIVEPATCH-… is AL2023 and
// ALAS2KERNEL-5.15-… (AL2 Extras) is AL2, so the longer numeric prefixes are tested first.
std::string_view EcosystemFromId(std::string_view id) {
  if (id.starts_with("ALAS2023")) return "Amazon Linux:2023";
  if (id.starts_with("ALAS2022")) return "Amazon Linux:2022";
  if (id.starts_with("ALAS2")) return "Amazon Linux:2";
  if (id.starts_with("ALAS-")) return "Amazon Linux:1";
  return {};
}

// The version stream of an Amazon Linux 2 Extras topic: "5.15" for ALAS2KERNEL-5.15-2022-001,
// "8.0" for ALAS2PHP8.0-…, "1" for ALAS2NGINX1-…; "" for core ALAS2- ids and topics without
// one (ALAS2DOCKER-…). Extras fix one stream only: kernel-5.15's fix says nothing of the 4.14
// and 5.10 kernels of the same release.
std::string_view ExtrasStream(std::string_view id) {
  if (!id.starts_with("ALAS2") || id.starts_with("ALAS2-") || id.starts_with("ALAS2022") ||
      id.starts_with("ALAS2023"))
    return {};
  std::string_view topic = id.substr(5);
  // The topic ends before "-YYYY-NNN".
  size_t year = std::string_view::npos;
  for (size_t i = 0; i + 5 < topic.size(); ++i) {
    if (topic[i] == '-' && IsDigit(topic[i + 1]) && IsDigit(topic[i + 2]) &&
        IsDigit(topic[i + 3]) && IsDigit(topic[i + 4]) && topic[i + 5] == '-') {
      year = i;
      break;
    }
  }
  if (year == std::string_view::npos) return {};
  topic = topic.substr(0, year);
  size_t start = topic.size();
  while (start > 0 && (IsDigit(topic[start - 1]) || topic[start - 1] == '.')) --start;
  std::string_view stream = topic.substr(start);
  while (!stream.empty() && stream.front() == '.') stream.remove_prefix(1);
  if (stream.empty() || stream.back() == '.') return {};
  return stream;
}

// Reads exactly `n` digits at `pos` into `out`.
bool ReadDigits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!IsDigit(s[i])) return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// Days since 1970-01-01 → civil date (H. Hinnant's algorithm).
void CivilFromDays(int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
}

std::string FormatRfc3339(int y, int mo, int d, int h, int mi, int s) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, s);
  return buf;
}

// updateinfo dates → RFC 3339 UTC. formats.md §9: AL2 writes "2018-01-11 21:05", AL2023
// "2023-02-17 20:41:00"; other repositories use a bare date, an ISO "T" or, on SUSE, Unix
// seconds ("1547156455"). Returns nullopt for anything else.
std::optional<std::string> NormaliseDate(std::string_view raw) {
  std::string_view s = Trim(raw);
  if (s.empty()) return std::nullopt;
  bool all_digits = s.size() <= 12;
  for (char c : s) all_digits = all_digits && IsDigit(c);
  if (all_digits) {
    int64_t secs = 0;
    for (char c : s) secs = secs * 10 + (c - '0');
    int y, mo, d;
    CivilFromDays(secs / 86400, y, mo, d);
    int64_t rem = secs % 86400;
    return FormatRfc3339(y, mo, d, static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60),
                         static_cast<int>(rem % 60));
  }
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (!ReadDigits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !ReadDigits(s, 5, 2, mo) ||
      s[7] != '-' || !ReadDigits(s, 8, 2, d))
    return std::nullopt;
  size_t pos = 10;
  if (pos < s.size() && (s[pos] == ' ' || s[pos] == 'T')) {
    if (!ReadDigits(s, pos + 1, 2, h) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !ReadDigits(s, pos + 4, 2, mi))
      return std::nullopt;
    pos += 6;
    if (pos < s.size() && s[pos] == ':') {
      if (!ReadDigits(s, pos + 1, 2, sec)) return std::nullopt;
      pos += 3;
      // Fractional seconds carry no meaning for an advisory date.
      if (pos < s.size() && s[pos] == '.') {
        ++pos;
        while (pos < s.size() && IsDigit(s[pos])) ++pos;
      }
    }
  }
  std::string_view rest = Trim(s.substr(pos));
  if (!(rest.empty() || rest == "Z" || rest == "UTC" || rest == "+00:00")) return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  return FormatRfc3339(y, mo, d, h, mi, sec);
}

// Debug symbol packages are never installed on servers and only duplicate the fix
// (formats.md §9: package lists include -debuginfo/-debugsource).
bool IsDebugPackage(std::string_view name) {
  return EndsWith(name, "-debuginfo") || EndsWith(name, "-debugsource") ||
         name.find("-debuginfo-common") != std::string_view::npos;
}

// type="security" (createrepo writes it lower-case; compared without case to be lenient).
bool IsSecurity(std::string_view type) {
  constexpr std::string_view kSecurity = "security";
  if (type.size() != kSecurity.size()) return false;
  for (size_t i = 0; i < type.size(); ++i)
    if (Lower(type[i]) != kSecurity[i]) return false;
  return true;
}

// updateinfo reference types → OSV reference types (same choice as AlmaLinux's OSV export).
std::string ReferenceType(std::string_view type) {
  if (type == "self") return "ADVISORY";
  if (type == "cve" || type == "bugzilla") return "REPORT";
  return "WEB";
}

void Warn(model::Batch& batch, std::string record, std::string reason) {
  batch.warnings.push_back({std::move(record), std::move(reason)});
}

// {introduced `from` ("0" when empty), fixed `evr`}.
model::AffectedRange FixedRange(std::string evr, std::string from = "0") {
  model::AffectedRange range;
  range.type = model::RangeType::kEcosystem;
  range.events.push_back({model::EventKind::kIntroduced, std::move(from)});
  range.events.push_back({model::EventKind::kFixed, std::move(evr)});
  return range;
}

// Adds the fixed version of one <package> to the advisory, one Affected per package name.
// `from` is where the affected range starts ("0": every earlier version).
void AddPackage(model::Advisory& adv, std::string_view ecosystem, std::string_view name,
                std::string evr, std::string from) {
  for (model::Affected& af : adv.affected) {
    if (af.package != name) continue;
    // Same name again: usually another arch with the same EVR. A different EVR gets a range of
    // its own, so OSV evaluation takes the union (affected below the highest fix) without
    // comparing rpm versions here.
    for (const model::AffectedRange& r : af.ranges)
      if (r.events.back().version == evr) return;
    af.ranges.push_back(FixedRange(std::move(evr), std::move(from)));
    return;
  }
  model::Affected af;
  af.ecosystem = std::string(ecosystem);
  af.package = std::string(name);
  af.ranges.push_back(FixedRange(std::move(evr), std::move(from)));
  adv.affected.push_back(std::move(af));
}

// Converts one <update type="security">. Returns nullopt (after adding a warning) when the
// update cannot be used.
std::optional<model::Advisory> ParseUpdate(const pugi::xml_node& update, size_t index,
                                           std::string_view fallback_ecosystem,
                                           model::Batch& batch) {
  model::Advisory adv;
  adv.id = std::string(Trim(update.child_value("id")));
  if (adv.id.empty()) {
    Warn(batch, "update #" + std::to_string(index + 1), "missing <id>");
    return std::nullopt;
  }
  adv.source = std::string(kKey);
  adv.summary = std::string(Trim(update.child_value("title")));
  adv.details = std::string(Trim(update.child_value("description")));

  std::string_view issued = update.child("issued").attribute("date").value();
  if (auto date = NormaliseDate(issued)) {
    adv.published = *date;
  } else if (!Trim(issued).empty()) {
    Warn(batch, adv.id, "issued date \"" + std::string(issued) + "\" not understood; left empty");
  }
  std::string_view updated = update.child("updated").attribute("date").value();
  if (auto date = NormaliseDate(updated)) {
    adv.modified = *date;
  } else if (!Trim(updated).empty()) {
    Warn(batch, adv.id, "updated date \"" + std::string(updated) + "\" not understood; left empty");
  }

  // AL2 writes "important", AL2023 "Important" (formats.md §9); ParseSeverity ignores case.
  std::string_view severity = Trim(update.child_value("severity"));
  if (auto level = model::ParseSeverity(severity)) {
    adv.severity = *level;
  } else {
    Warn(batch, adv.id, "severity \"" + std::string(severity) + "\" not understood; left unknown");
  }

  for (pugi::xml_node ref : update.child("references").children("reference")) {
    std::string_view type = ref.attribute("type").value();
    std::string_view href = Trim(ref.attribute("href").value());
    if (type == "cve") {
      std::string cve = NormaliseCve(ref.attribute("id").value());
      bool seen = cve.empty();
      for (const std::string& a : adv.aliases) seen = seen || a == cve;
      if (!seen) adv.aliases.push_back(std::move(cve));
    }
    if (href.empty()) continue;
    bool seen = false;
    for (const model::Reference& r : adv.references) seen = seen || r.url == href;
    if (!seen) adv.references.push_back({ReferenceType(type), std::string(href)});
  }

  std::string_view ecosystem = EcosystemFromId(adv.id);
  if (ecosystem.empty()) ecosystem = fallback_ecosystem;
  std::string_view stream = ExtrasStream(adv.id);
  for (pugi::xml_node collection : update.child("pkglist").children("collection")) {
    for (pugi::xml_node pkg : collection.children("package")) {
      std::string_view name = Trim(pkg.attribute("name").value());
      if (name.empty() || IsDebugPackage(name)) continue;
      std::string_view version = Trim(pkg.attribute("version").value());
      if (version.empty()) {
        Warn(batch, adv.id, "package \"" + std::string(name) + "\" has no version; skipped");
        continue;
      }
      std::string_view epoch = Trim(pkg.attribute("epoch").value());
      std::string_view release = Trim(pkg.attribute("release").value());
      std::string e(epoch.empty() ? "0" : epoch);
      std::string evr = e + ":" + std::string(version);
      if (!release.empty()) evr += "-" + std::string(release);
      // An Extras fix in the topic's stream (kernel 5.15.43 for KERNEL-5.15) affects that
      // stream only: the range starts at the stream's first version.
      std::string from = "0";
      if (!stream.empty() && version.starts_with(stream) &&
          (version.size() == stream.size() || version[stream.size()] == '.'))
        from = e + ":" + std::string(stream);
      AddPackage(adv, ecosystem, name, std::move(evr), std::move(from));
    }
  }
  if (adv.affected.empty()) {
    Warn(batch, adv.id, "no installable package in <pkglist> (empty, or debug symbols only)");
    return std::nullopt;
  }
  return adv;
}

Result<model::Batch> Parse(std::string_view bytes, std::string_view fallback_ecosystem) {
  pugi::xml_document doc;
  // parse_default keeps only what we read; no DOCTYPE/PI nodes are needed.
  pugi::xml_parse_result parsed =
      doc.load_buffer(bytes.data(), bytes.size(), pugi::parse_default, pugi::encoding_auto);
  if (!parsed) {
    return Fail(ErrorCode::kInvalidInput, std::string(kKey) + ": not XML: " + parsed.description() +
                                              " at offset " + std::to_string(parsed.offset));
  }
  pugi::xml_node root = doc.document_element();
  if (std::string_view(root.name()) != "updates") {
    return Fail(
        ErrorCode::kInvalidInput,
        std::string(kKey) + ": expected an <updates> root element, got <" + root.name() + ">");
  }
  model::Batch batch;
  size_t index = 0;
  for (pugi::xml_node update : root.children("update")) {
    // Only security updates reference CVEs; bugfix/enhancement updates are skipped silently.
    if (IsSecurity(update.attribute("type").value())) {
      if (auto adv = ParseUpdate(update, index, fallback_ecosystem, batch))
        batch.advisories.push_back(std::move(*adv));
    }
    ++index;
  }
  return batch;
}

}  // namespace

int SniffYumUpdateinfo(std::string_view head, std::string_view) {
  // A root tag "<updates" followed by a delimiter (not "<updatesfoo").
  size_t pos = head.find("<updates");
  if (pos == std::string_view::npos) return 0;
  size_t after = pos + 8;
  if (after < head.size() && !(IsSpace(head[after]) || head[after] == '>' || head[after] == '/'))
    return 0;
  std::string_view rest = head.substr(after);
  if (rest.find("<update ") != std::string_view::npos ||
      rest.find("<update>") != std::string_view::npos)
    return 95;
  return 70;
}

Result<model::Batch> ParseYumUpdateinfo(std::string_view bytes) { return Parse(bytes, {}); }

Result<model::Batch> ParseYumUpdateinfoFor(std::string_view bytes, std::string_view ecosystem) {
  return Parse(bytes, ecosystem);
}

}  // namespace vs::parsers
