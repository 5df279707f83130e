#include "parsers/victims.h"

#include <map>
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "parsers/csv.h"
#include "parsers/yaml_json.h"
#include "version/maven.h"
#include "version/pep440.h"

namespace vs::parsers {
namespace {

using nlohmann::json;

constexpr std::string_view kKey = "victims";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

tl::unexpected<Error> Invalid(std::string message) {
  return Fail(ErrorCode::kInvalidInput, std::string(kKey) + ": " + std::move(message));
}

bool LooksLikeYaml(std::string_view s) {
  if (s.empty() || s.front() == '{' || s.front() == '[') return false;
  return HasTopLevelYamlKey(s, "cve") && HasTopLevelYamlKey(s, "affected");
}

// Text of a scalar: victims YAML has unquoted numbers (`cve: 2009-0217` is a string, but a
// converted document keeps every scalar as a string anyway); JSON numbers are printed.
std::string Scalar(const json& j) {
  if (j.is_string()) return std::string(Trim(j.get_ref<const std::string&>()));
  if (j.is_number_integer()) return std::to_string(j.get<int64_t>());
  return {};
}

// The series after which a ">=X,series" bound ends: the series with its last numeric
// component incremented ("2.1" → "2.2", "0" → "1"); empty when it does not end in a number.
std::string NextSeries(std::string_view series) {
  size_t end = series.size(), start = end;
  while (start > 0 && IsDigit(series[start - 1])) --start;
  if (start == end || end - start > 9) return {};
  if (start > 0 && series[start - 1] != '.') return {};
  long n = std::stol(std::string(series.substr(start)));
  return std::string(series.substr(0, start)) + std::to_string(n + 1);
}

// One `version` entry: "<=1.2.3,1.2", "<=1.2.3", ">=1.2.3,1.2", "==1.2.3", "<1.2.3,1.2".
using CompareFn = Result<int> (*)(std::string_view, std::string_view);

// One `version` entry as an OSV range. `floor` is appended to a series to name its lowest
// version, pre-releases included (Maven "9" → "9-alpha", PEP 440 "1.7" → "1.7.dev0").
// `op_out` and `series_out` receive the entry's operator and series.
std::optional<model::AffectedRange> ConvertEntry(std::string_view entry, CompareFn compare,
                                                 std::string_view floor, std::string& why,
                                                 std::string* op_out = nullptr,
                                                 std::string* series_out = nullptr) {
  entry = Trim(entry);
  std::string_view op;
  for (std::string_view candidate : {"<=", ">=", "==", "<", ">"}) {
    if (entry.substr(0, candidate.size()) == candidate) {
      op = candidate;
      break;
    }
  }
  if (op.empty()) {
    why = "no operator";
    return std::nullopt;
  }
  entry.remove_prefix(op.size());
  std::string_view version = entry, series;
  if (size_t comma = entry.find(','); comma != std::string_view::npos) {
    version = entry.substr(0, comma);
    series = Trim(entry.substr(comma + 1));
  }
  version = Trim(version);
  if (version.empty() || version.find_first_of(" ,<>=") != std::string_view::npos) {
    why = "bad version";
    return std::nullopt;
  }
  if (op_out != nullptr) *op_out = std::string(op);
  if (series_out != nullptr) *series_out = std::string(series);
  model::AffectedRange r;
  r.type = model::RangeType::kEcosystem;
  using model::EventKind;
  if (op == "==") {
    r.events = {{EventKind::kIntroduced, std::string(version)},
                {EventKind::kLastAffected, std::string(version)}};
  } else if (op == "<=" || op == "<") {
    // The series is where the affected line starts ("<=2.0.11.2,2.0": 2.0 … 2.0.11.2). When the
    // bound is a pre-release sorting before its series ("<=9.0.0.M7,9", Django "<=1.7b1,1.7")
    // the line starts at the series' first pre-release ("9-alpha", "1.7.dev0"); "0" only when
    // even that sorts after the bound.
    std::string start = series.empty() ? "0" : std::string(series);
    if (!series.empty()) {
      Result<int> cmp = compare(series, version);
      if (!cmp || *cmp > 0) {
        start = std::string(series) + std::string(floor);
        Result<int> low = compare(start, version);
        if (!low || *low > 0) start = "0";
      }
    }
    r.events = {{EventKind::kIntroduced, std::move(start)},
                {op == "<=" ? EventKind::kLastAffected : EventKind::kFixed, std::string(version)}};
  } else if (op == ">=") {
    r.events = {{EventKind::kIntroduced, std::string(version)}};
    if (!series.empty()) {
      std::string next = NextSeries(series);
      if (next.empty()) {
        why = "series \"" + std::string(series) + "\" has no numeric end";
        return std::nullopt;
      }
      r.events.push_back({EventKind::kFixed, std::move(next)});
    }
  } else {
    why = "\">\" has no OSV event";
    return std::nullopt;
  }
  return r;
}

void ParseRecord(const json& rec, const std::string& where, model::Batch& batch) {
  if (!rec.is_object()) {
    batch.warnings.push_back({where, "not an object (skipped)"});
    return;
  }
  std::string cve = rec.contains("cve") ? Scalar(rec["cve"]) : std::string();
  if (cve.size() > 4 && (cve[0] | 0x20) == 'c' && (cve[1] | 0x20) == 'v' &&
      (cve[2] | 0x20) == 'e' && cve[3] == '-')
    cve = cve.substr(4);
  std::optional<std::string> norm = NormalizeCveId("CVE-" + cve);
  if (!norm) {
    batch.warnings.push_back({where, "bad or missing cve \"" + cve + "\" (skipped)"});
    return;
  }
  model::Advisory a;
  a.id = "VICTIMS-" + *norm;
  a.aliases.push_back(*norm);
  a.source = std::string(kKey);
  if (auto it = rec.find("title"); it != rec.end()) a.summary = Scalar(*it);
  if (auto it = rec.find("description"); it != rec.end()) a.details = Scalar(*it);
  auto affected = rec.find("affected");
  if (affected == rec.end() || !affected->is_array()) {
    batch.warnings.push_back({a.id, "no affected list (skipped)"});
    return;
  }
  for (const json& item : *affected) {
    if (!item.is_object()) {
      batch.warnings.push_back({a.id, "affected entry is not a mapping (ignored)"});
      continue;
    }
    model::Affected aff;
    std::string group = item.contains("groupId") ? Scalar(item["groupId"]) : "";
    std::string artifact = item.contains("artifactId") ? Scalar(item["artifactId"]) : "";
    std::string name = item.contains("name") ? Scalar(item["name"]) : "";
    CompareFn compare = version::ComparePep440;
    std::string_view floor = ".dev0";
    if (!group.empty() && !artifact.empty()) {
      compare = version::CompareMaven;
      floor = "-alpha";
      aff.ecosystem = "Maven";
      aff.package = group + ":" + artifact;
      aff.purl = "pkg:maven/" + group + "/" + artifact;
    } else if (!name.empty()) {
      aff.ecosystem = "PyPI";
      aff.package = name;
      aff.purl = "pkg:pypi/" + name;
    } else {
      batch.warnings.push_back(
          {a.id, "affected entry without groupId/artifactId or name (ignored)"});
      continue;
    }
    // Entries of one series are one line's bounds: ">=9.2.3,9.2" and "<=9.2.8,9.2" mean
    // 9.2.3 … 9.2.8, not their union (which would run to 9.3).
    struct Entry {
      model::AffectedRange range;
      std::string op, series;
    };
    std::vector<Entry> entries;
    if (auto v = item.find("version"); v != item.end() && v->is_array()) {
      for (const json& e : *v) {
        std::string text = Scalar(e), why;
        Entry entry;
        std::optional<model::AffectedRange> r =
            ConvertEntry(text, compare, floor, why, &entry.op, &entry.series);
        if (r) {
          entry.range = std::move(*r);
          entries.push_back(std::move(entry));
        } else {
          batch.warnings.push_back(
              {a.id, aff.package + " version \"" + text + "\": " + why + " (ignored)"});
        }
      }
    }
    for (Entry& low : entries) {
      if (low.op != ">=" || low.series.empty()) continue;
      for (Entry& high : entries) {
        if ((high.op != "<=" && high.op != "<") || high.series != low.series) continue;
        Result<int> cmp = compare(low.range.events[0].version, high.range.events.back().version);
        if (!cmp || *cmp > 0) continue;
        high.range.events[0] = low.range.events[0];
        low.op.clear();  // Folded into `high`.
        break;
      }
    }
    // `fixedin` ">=9.2.9,9.2" names the fix of that line's "<=9.2.8,9.2": report it.
    std::map<std::string, std::string> fixed_in;
    if (auto f = item.find("fixedin"); f != item.end() && f->is_array()) {
      for (const json& e : *f) {
        std::string text = Scalar(e), why, op, series;
        std::optional<model::AffectedRange> r =
            ConvertEntry(text, compare, floor, why, &op, &series);
        if (r && op == ">=") fixed_in.emplace(series, r->events[0].version);
      }
    }
    for (Entry& entry : entries) {
      if (entry.op.empty()) continue;
      model::RangeEvent& last = entry.range.events.back();
      if (last.kind == model::EventKind::kLastAffected && entry.op == "<=") {
        if (auto it = fixed_in.find(entry.series); it != fixed_in.end()) {
          Result<int> cmp = compare(last.version, it->second);
          if (cmp && *cmp < 0) last = {model::EventKind::kFixed, it->second};
        }
      }
      aff.ranges.push_back(std::move(entry.range));
    }
    if (aff.ranges.empty()) {
      batch.warnings.push_back({a.id, aff.package + ": no usable version range (ignored)"});
      continue;
    }
    a.affected.push_back(std::move(aff));
  }
  if (a.affected.empty()) {
    batch.warnings.push_back({a.id, "no affected package left (skipped)"});
    return;
  }
  if (auto refs = rec.find("references"); refs != rec.end() && refs->is_array()) {
    for (const json& r : *refs) {
      std::string url = Scalar(r);
      if (!url.empty()) a.references.push_back({"WEB", std::move(url)});
    }
  }
  batch.advisories.push_back(std::move(a));
}

void ParseDocument(const json& doc, const std::string& where, model::Batch& batch) {
  if (doc.is_array()) {
    size_t i = 0;
    for (const json& x : doc) ParseRecord(x, where + " element " + std::to_string(i++), batch);
  } else {
    ParseRecord(doc, where, batch);
  }
}

}  // namespace

int SniffVictims(std::string_view head, std::string_view) {
  std::string_view s = Trim(head);
  if (s.size() >= 3 && s.substr(0, 3) == "---") s = Trim(s.substr(3));
  if (LooksLikeYaml(s)) {
    // Python records may lack `fixedin` (python/2013/6396.yaml); every record lists `version`.
    return (s.find("version:") != std::string_view::npos ||
            s.find("fixedin:") != std::string_view::npos ||
            s.find("groupId:") != std::string_view::npos)
               ? 90
               : 0;
  }
  if (s.empty() || (s.front() != '{' && s.front() != '[')) return 0;
  if (s.find("\"cve\"") != std::string_view::npos &&
      s.find("\"affected\"") != std::string_view::npos &&
      (s.find("\"fixedin\"") != std::string_view::npos ||
       s.find("\"version\"") != std::string_view::npos ||
       s.find("\"groupId\"") != std::string_view::npos))
    return 90;
  return 0;
}

Result<model::Batch> ParseVictims(std::string_view bytes) {
  model::Batch batch;
  std::string_view text = Trim(bytes);
  if (text.empty()) return batch;
  if (text.front() != '{' && text.front() != '[') {
    std::string_view body = text.substr(0, 3) == "---" ? Trim(text.substr(3)) : text;
    if (!LooksLikeYaml(body))
      return Invalid("expected a YAML or JSON record with 'cve' and 'affected'");
    Result<std::string> converted = YamlToJson(text, kKey);
    if (!converted) return Fail(converted.error());
    json doc = json::parse(*converted, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return Invalid("expected a YAML mapping");
    ParseRecord(doc, "document", batch);
    return batch;
  }
  json doc = json::parse(text, nullptr, false);
  if (!doc.is_discarded()) {
    ParseDocument(doc, "document", batch);
    return batch;
  }
  size_t line_no = 0, good = 0, pos = 0;
  while (pos <= text.size()) {
    size_t eol = text.find('\n', pos);
    std::string_view line =
        Trim(text.substr(pos, eol == std::string_view::npos ? text.npos : eol - pos));
    ++line_no;
    if (!line.empty()) {
      json rec = json::parse(line, nullptr, false);
      const std::string where = "line " + std::to_string(line_no);
      if (rec.is_discarded()) {
        batch.warnings.push_back({where, "not JSON (skipped)"});
      } else {
        ++good;
        ParseDocument(rec, where, batch);
      }
    }
    if (eol == std::string_view::npos) break;
    pos = eol + 1;
  }
  if (good == 0) return Invalid("not JSON");
  return batch;
}

}  // namespace vs::parsers
