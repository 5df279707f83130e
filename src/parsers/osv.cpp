#include "parsers/osv.h"

#include <cstring>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "model/severity.h"
#include "parsers/csv.h"
#include "parsers/cvss.h"
#include "parsers/yaml_json.h"

namespace vs::parsers {
namespace {

namespace dom = simdjson::dom;
using simdjson::SUCCESS;

constexpr std::string_view kKey = "osv";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view SkipSpace(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  return s;
}

std::string_view StripBom(std::string_view s) {
  if (s.size() >= 3 && s.compare(0, 3, "\xEF\xBB\xBF") == 0) s.remove_prefix(3);
  return s;
}

// CVE ids are compared upper-case across feeds ("cve-2021-44228" → "CVE-2021-44228", via the
// shared NormalizeCveId); other ids, and malformed CVE ids, are kept as given.
std::string NormaliseId(std::string_view id) {
  if (id.size() > 4 && id[3] == '-' && (id[0] | 0x20) == 'c' && (id[1] | 0x20) == 'v' &&
      (id[2] | 0x20) == 'e' && id.substr(0, 3) != "CVE") {
    if (std::optional<std::string> cve = NormalizeCveId(id)) return std::move(*cve);
  }
  return std::string(id);
}

bool GetString(dom::element e, std::string_view& out) { return e.get_string().get(out) == SUCCESS; }

// Appends the string elements of `e` (if it is an array) to `out` as normalised ids.
void AppendIds(dom::element e, std::vector<std::string>& out) {
  dom::array arr;
  if (e.get_array().get(arr) != SUCCESS) return;
  out.reserve(out.size() + arr.size());
  for (dom::element x : arr) {
    std::string_view s;
    if (GetString(x, s) && !s.empty()) out.push_back(NormaliseId(s));
  }
}

// Removes repeats (and `id` itself) in place, keeping first occurrences in order.
void Dedupe(std::vector<std::string>& ids, const std::string& id) {
  size_t kept = 0;
  if (ids.size() <= 16) {
    for (size_t i = 0; i < ids.size(); ++i) {
      bool drop = ids[i] == id;
      for (size_t k = 0; k < kept && !drop; ++k) drop = ids[k] == ids[i];
      if (drop) continue;
      if (kept != i) ids[kept] = std::move(ids[i]);
      ++kept;
    }
  } else {
    // Kernel USNs list hundreds of upstream CVEs; stay linear there. Decide first (views into
    // untouched strings), then compact.
    std::vector<bool> keep(ids.size());
    {
      std::unordered_set<std::string_view> seen;
      seen.reserve(ids.size() + 1);
      seen.insert(id);
      for (size_t i = 0; i < ids.size(); ++i) keep[i] = seen.insert(ids[i]).second;
    }
    for (size_t i = 0; i < ids.size(); ++i) {
      if (!keep[i]) continue;
      if (kept != i) ids[kept] = std::move(ids[i]);
      ++kept;
    }
  }
  ids.resize(kept);
}

// Best severity found in one severity[] array: the highest CVSS version wins (v4.0 > v3.1 >
// v3.0 > v2; equal versions: higher score), plus an Ubuntu priority word if present.
struct SeverityPick {
  int rank = 0;  // 0 = no valid CVSS vector.
  std::string_view vector;
  double score = -1;
  model::Severity word = model::Severity::kUnknown;
};

int Rank(CvssVersion v) {
  switch (v) {
    case CvssVersion::kV2: return 1;
    case CvssVersion::kV30: return 2;
    case CvssVersion::kV31: return 3;
    case CvssVersion::kV40: return 4;
  }
  return 0;
}

model::Severity WordSeverity(std::string_view word) {
  return model::ParseSeverity(word).value_or(model::Severity::kUnknown);
}

// Red Hat and its rebuilds (RHSA, ALSA, RLSA) state their rating only as the summary's first
// word: "Important: xz security update". Only the four Red Hat words count.
model::Severity SummarySeverity(std::string_view summary) {
  size_t colon = summary.find(':');
  if (colon == std::string_view::npos || colon > 9) return model::Severity::kUnknown;
  std::string_view word = summary.substr(0, colon);
  if (word != "Critical" && word != "Important" && word != "Moderate" && word != "Low") {
    return model::Severity::kUnknown;
  }
  return WordSeverity(word);
}

// Names a record in warnings until its id is known: "line 3" (JSON Lines), "record 2"
// (array element or single object). Formatted only when a warning needs it.
struct Label {
  const char* kind;
  size_t number;
  std::string ToString() const { return std::string(kind) + " " + std::to_string(number); }
};

// Turns the records of one document into advisories, collecting warnings in `batch`.
class Reader {
 public:
  explicit Reader(model::Batch& batch) : batch_(batch) {}

  void Record(dom::element e, Label label) {
    dom::object obj;
    if (e.get_object().get(obj) != SUCCESS) {
      Warn(label.ToString(), "expected a JSON object");
      return;
    }
    model::Advisory a;
    std::vector<std::string> upstream;
    bool withdrawn = false;
    bool has_id = false;
    model::Severity db_severity = model::Severity::kUnknown;
    dom::element severity, affected, references;
    bool has_severity = false, has_affected = false, has_references = false;
    // One pass over the fields; arrays whose handling needs the id are kept for later.
    for (dom::key_value_pair kv : obj) {
      std::string_view k = kv.key;
      std::string_view s;
      if (k == "id") {
        has_id = GetString(kv.value, s) && !s.empty();
        if (has_id) a.id = NormaliseId(s);
      } else if (k == "aliases") {
        AppendIds(kv.value, a.aliases);
      } else if (k == "upstream") {
        AppendIds(kv.value, upstream);
      } else if (k == "related") {
        AppendIds(kv.value, a.related);
      } else if (k == "summary") {
        if (GetString(kv.value, s)) a.summary = s;
      } else if (k == "details") {
        if (GetString(kv.value, s)) a.details = s;
      } else if (k == "published") {
        if (GetString(kv.value, s)) a.published = s;
      } else if (k == "modified") {
        if (GetString(kv.value, s)) a.modified = s;
      } else if (k == "withdrawn") {
        withdrawn = !kv.value.is_null();
      } else if (k == "severity") {
        severity = kv.value;
        has_severity = true;
      } else if (k == "affected") {
        affected = kv.value;
        has_affected = true;
      } else if (k == "references") {
        references = kv.value;
        has_references = true;
      } else if (k == "database_specific") {
        // GHSA: {"severity": "MODERATE"}; the database's own rating.
        dom::element sev;
        if (kv.value.at_key("severity").get(sev) == SUCCESS && GetString(sev, s)) {
          db_severity = WordSeverity(s);
        }
      }
    }
    if (!has_id) {
      Warn(label.ToString(), "missing id");
      return;
    }
    // schema.md: a withdrawn record must be ignored. The warning keeps the count visible and
    // tells an importer which previously stored ids to drop.
    if (withdrawn) {
      Warn(a.id, "withdrawn");
      return;
    }
    a.source = kKey;
    // Distro records name the CVEs they fix in `upstream`, not `aliases` (formats.md §8); both
    // join the advisory to other feeds, so they share Advisory::aliases.
    if (!upstream.empty()) {
      a.aliases.reserve(a.aliases.size() + upstream.size());
      for (std::string& u : upstream) a.aliases.push_back(std::move(u));
    }
    Dedupe(a.aliases, a.id);
    Dedupe(a.related, a.id);

    SeverityPick top, per_package;
    if (has_severity) top = Severities(severity, a.id, [] { return "severity"; });
    if (has_affected) per_package = Affected(affected, a);
    if (has_references) References(references, a);

    a.severity = top.word != model::Severity::kUnknown ? top.word : db_severity;
    if (a.severity == model::Severity::kUnknown) a.severity = SummarySeverity(a.summary);
    // The top-level severity is absent when packages carry their own (schema.md "severity"):
    // then the best per-package vector represents the advisory.
    const SeverityPick& best = top.rank > 0 ? top : per_package;
    if (best.rank > 0) {
      a.cvss_vector = best.vector;
      a.cvss_score = best.score;
    }
    batch_.advisories.push_back(std::move(a));
  }

 private:
  void Warn(std::string record, std::string reason) {
    batch_.warnings.push_back(model::Warning{std::move(record), std::move(reason)});
  }

  static void Consider(SeverityPick& pick, int rank, std::string_view vector, double score) {
    if (rank > pick.rank || (rank == pick.rank && score > pick.score)) {
      pick.rank = rank;
      pick.vector = vector;
      pick.score = score;
    }
  }

  // `where` names the array in warnings ("severity", "affected[2].severity").
  template <typename Where>
  SeverityPick Severities(dom::element e, const std::string& id, Where where) {
    SeverityPick pick;
    dom::array arr;
    if (e.get_array().get(arr) != SUCCESS) return pick;
    for (dom::element x : arr) {
      std::string_view type, score;
      dom::element te, se;
      if (x.at_key("type").get(te) != SUCCESS || x.at_key("score").get(se) != SUCCESS ||
          !GetString(te, type) || !GetString(se, score)) {
        continue;
      }
      if (type == "Ubuntu") {
        // Ubuntu's priority word ("high", "negligible") in place of a vector.
        model::Severity w = WordSeverity(score);
        if (w != model::Severity::kUnknown) pick.word = w;
      } else if (type == "CVSS_V2" || type == "CVSS_V3" || type == "CVSS_V4") {
        auto cvss = ParseCvss(score);
        if (!cvss) {
          Warn(id, std::string(where()) + ": " + cvss.error().message + " (ignored)");
          continue;
        }
        Consider(pick, Rank(cvss->version), score, cvss->score);
      }
    }
    return pick;
  }

  // ecosystem_specific words that rate one package: Debian "urgency", Ubuntu
  // "ubuntu_priority", OSS-Fuzz "severity".
  static model::Severity EcosystemSeverity(dom::element e) {
    dom::object obj;
    if (e.get_object().get(obj) != SUCCESS) return model::Severity::kUnknown;
    model::Severity out = model::Severity::kUnknown;
    for (dom::key_value_pair kv : obj) {
      std::string_view s;
      if ((kv.key == "urgency" || kv.key == "ubuntu_priority" || kv.key == "severity") &&
          GetString(kv.value, s)) {
        model::Severity w = WordSeverity(s);
        if (w != model::Severity::kUnknown) out = w;
      }
    }
    return out;
  }

  // Reads affected[] into `a`; returns the best per-package CVSS vector.
  SeverityPick Affected(dom::element e, model::Advisory& a) {
    SeverityPick best;
    dom::array arr;
    if (e.get_array().get(arr) != SUCCESS) {
      Warn(a.id, "affected: not an array (ignored)");
      return best;
    }
    a.affected.reserve(arr.size());
    size_t index = 0;
    for (dom::element x : arr) {
      // Warning text is only built when something is wrong: this loop is hot.
      const size_t i = index++;
      auto where = [i] { return "affected[" + std::to_string(i) + "]"; };
      dom::object obj;
      if (x.get_object().get(obj) != SUCCESS) {
        Warn(a.id, where() + ": not an object (ignored)");
        continue;
      }
      model::Affected af;
      bool had_ranges = false;
      SeverityPick own;
      model::Severity eco = model::Severity::kUnknown;
      for (dom::key_value_pair kv : obj) {
        std::string_view k = kv.key;
        if (k == "package") {
          dom::object pkg;
          if (kv.value.get_object().get(pkg) != SUCCESS) continue;
          for (dom::key_value_pair p : pkg) {
            std::string_view s;
            if (!GetString(p.value, s)) continue;
            if (p.key == "ecosystem") {
              af.ecosystem = s;
            } else if (p.key == "name") {
              af.package = s;
            } else if (p.key == "purl") {
              af.purl = s;
            }
          }
        } else if (k == "ranges") {
          had_ranges = true;
          Ranges(kv.value, a.id, i, af);
        } else if (k == "versions") {
          dom::array vs;
          if (kv.value.get_array().get(vs) != SUCCESS) continue;
          af.versions.reserve(vs.size());
          for (dom::element v : vs) {
            std::string_view s;
            if (GetString(v, s)) af.versions.emplace_back(s);
          }
        } else if (k == "severity") {
          own = Severities(kv.value, a.id, [&] { return where() + ".severity"; });
        } else if (k == "ecosystem_specific") {
          eco = EcosystemSeverity(kv.value);
        }
      }
      // Per-package rating: an explicit severity[] first (Ubuntu word, else the CVSS band),
      // then the distro's ecosystem_specific word.
      if (own.word != model::Severity::kUnknown) {
        af.severity = own.word;
      } else if (own.rank > 0) {
        af.severity = model::SeverityFromScore(own.score);
      } else {
        af.severity = eco;
      }
      if (own.rank > 0) Consider(best, own.rank, own.vector, own.score);
      // Every range was broken and nothing else says which versions are affected: the entry
      // cannot match anything (the warnings already name the ranges).
      if (had_ranges && af.ranges.empty() && af.versions.empty()) continue;
      a.affected.push_back(std::move(af));
    }
    return best;
  }

  void Ranges(dom::element e, const std::string& id, size_t affected_index, model::Affected& af) {
    dom::array arr;
    if (e.get_array().get(arr) != SUCCESS) {
      Warn(id, "affected[" + std::to_string(affected_index) + "].ranges: not an array (ignored)");
      return;
    }
    af.ranges.reserve(arr.size());
    size_t index = 0;
    for (dom::element x : arr) {
      const size_t i = index++;
      auto range = Range(x);
      if (!range) {
        Warn(id, "affected[" + std::to_string(affected_index) + "].ranges[" + std::to_string(i) +
                     "]: " + range.error() + " (ignored)");
        continue;
      }
      af.ranges.push_back(std::move(*range));
    }
  }

  // One range; the error names what is wrong with it. Events stay in JSON order: the
  // matcher sorts them (schema.md "Evaluation").
  static tl::expected<model::AffectedRange, std::string> Range(dom::element e) {
    dom::object obj;
    if (e.get_object().get(obj) != SUCCESS) return tl::unexpected<std::string>("not an object");
    model::AffectedRange r;
    std::string_view type;
    dom::element events_el;
    bool has_events = false;
    for (dom::key_value_pair kv : obj) {
      std::string_view s;
      if (kv.key == "type") {
        if (GetString(kv.value, s)) type = s;
      } else if (kv.key == "repo") {
        if (GetString(kv.value, s)) r.repo = s;
      } else if (kv.key == "events") {
        events_el = kv.value;
        has_events = true;
      }
    }
    if (type.empty()) return tl::unexpected<std::string>("missing type");
    if (type == "ECOSYSTEM") {
      r.type = model::RangeType::kEcosystem;
    } else if (type == "SEMVER") {
      r.type = model::RangeType::kSemver;
    } else if (type == "GIT") {
      r.type = model::RangeType::kGit;
    } else {
      return tl::unexpected<std::string>("unknown range type \"" + std::string(type) + "\"");
    }
    dom::array events;
    if (!has_events || events_el.get_array().get(events) != SUCCESS || events.size() == 0) {
      return tl::unexpected<std::string>("no events");
    }
    r.events.reserve(events.size());
    bool introduced = false;
    size_t index = 0;
    for (dom::element ev : events) {
      const size_t i = index++;
      auto bad = [i](std::string what) {
        return tl::unexpected<std::string>("events[" + std::to_string(i) + "]: " + std::move(what));
      };
      dom::object eo;
      if (ev.get_object().get(eo) != SUCCESS) return bad("not an object");
      // schema.md: each event object has exactly one of the four keys.
      size_t n = 0;
      model::RangeEvent out;
      std::string_view key, value;
      for (dom::key_value_pair kv : eo) {
        ++n;
        key = kv.key;
        if (!GetString(kv.value, value)) return bad("\"" + std::string(key) + "\" is not a string");
      }
      if (n != 1) return bad("expected exactly one key, found " + std::to_string(n));
      if (key == "introduced") {
        out.kind = model::EventKind::kIntroduced;
        introduced = true;
      } else if (key == "fixed") {
        out.kind = model::EventKind::kFixed;
      } else if (key == "last_affected") {
        out.kind = model::EventKind::kLastAffected;
      } else if (key == "limit") {
        out.kind = model::EventKind::kLimit;
      } else {
        return bad("unknown event \"" + std::string(key) + "\"");
      }
      out.version = value;
      r.events.push_back(std::move(out));
    }
    if (!introduced) return tl::unexpected<std::string>("no \"introduced\" event");
    return r;
  }

  void References(dom::element e, model::Advisory& a) {
    dom::array arr;
    if (e.get_array().get(arr) != SUCCESS) return;
    a.references.reserve(arr.size());
    for (dom::element x : arr) {
      dom::object obj;
      if (x.get_object().get(obj) != SUCCESS) continue;
      model::Reference r;
      for (dom::key_value_pair kv : obj) {
        std::string_view s;
        if (!GetString(kv.value, s)) continue;
        if (kv.key == "url") {
          r.url = s;
        } else if (kv.key == "type") {
          r.type = s;
        }
      }
      if (!r.url.empty()) a.references.push_back(std::move(r));
    }
  }

  model::Batch& batch_;
};

tl::unexpected<Error> Invalid(std::string message) {
  return Fail(ErrorCode::kInvalidInput, std::string(kKey) + ": " + std::move(message));
}

std::string_view TrimLine(std::string_view line) {
  while (!line.empty() && IsSpace(line.back())) line.remove_suffix(1);
  while (!line.empty() && IsSpace(line.front())) line.remove_prefix(1);
  return line;
}

// Parses one line of `input` where it lies when at least SIMDJSON_PADDING readable bytes
// follow it (simdjson reads ahead, whatever those bytes are); only a line that close to the end
// is copied (realloc_if_needed).
simdjson::simdjson_result<dom::element> ParseLine(dom::parser& parser, std::string_view line,
                                                  std::string_view input) {
  bool padded = static_cast<size_t>(input.data() + input.size() - (line.data() + line.size())) >=
                simdjson::SIMDJSON_PADDING;
  return parser.parse(line.data(), line.size(), !padded);
}

size_t CountNewlines(std::string_view s) {
  size_t n = 0;
  const char* end = s.data() + s.size();
  for (const char* p = s.data(); (p = static_cast<const char*>(std::memchr(p, '\n', end - p)));
       ++p) {
    ++n;
  }
  return n;
}

// JSON Lines: one record per line; a line that is not JSON is a warning, not an error, unless
// no line at all is JSON, most lines are not (a broken pretty-printed document read line by
// line), or it is the last line and the input ends inside it (a file cut short, which must not
// replace the previous data). Lines are parsed in place, without copying the input.
Status ParseLines(dom::parser& parser, std::string_view input, model::Batch& batch) {
  batch.advisories.reserve(CountNewlines(input) + 1);
  Reader reader(batch);
  size_t line_no = 0, parsed = 0, failed = 0;
  simdjson::error_code first_error = SUCCESS;
  std::string_view rest = input;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string_view line = TrimLine(rest.substr(0, nl));
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    ++line_no;
    if (line.empty()) continue;
    dom::element doc;
    auto err = ParseLine(parser, line, input).get(doc);
    if (err != SUCCESS) {
      if (rest.empty() && !input.ends_with('\n'))
        return Invalid(Label{"line", line_no}.ToString() +
                       ": the file ends inside a record (cut short?)");
      if (first_error == SUCCESS) first_error = err;
      ++failed;
      batch.warnings.push_back(
          model::Warning{Label{"line", line_no}.ToString(),
                         std::string("not JSON: ") + simdjson::error_message(err)});
      continue;
    }
    ++parsed;
    reader.Record(doc, Label{"line", line_no});
  }
  if (parsed == 0 && failed > 0) {
    return Invalid(std::string("not JSON: ") + simdjson::error_message(first_error));
  }
  if (failed > parsed) {
    return Invalid("not JSON Lines: " + std::to_string(failed) + " of " +
                   std::to_string(failed + parsed) +
                   " lines are not JSON (first: " + simdjson::error_message(first_error) + ")");
  }
  return Ok();
}

// Scans the top-level keys of the first JSON object in `s` (which may be cut anywhere).
struct HeadKeys {
  bool id = false, affected = false, modified = false, schema_version = false;
  bool complete = false;  // The object's closing brace was seen.
};

HeadKeys ScanObjectKeys(std::string_view s) {
  HeadKeys keys;
  int depth = 0;
  bool expect_key = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '"') {
      size_t start = ++i;
      while (i < s.size() && s[i] != '"') i += s[i] == '\\' ? 2 : 1;
      if (i >= s.size()) return keys;
      if (depth == 1 && expect_key) {
        std::string_view k = s.substr(start, i - start);
        keys.id = keys.id || k == "id";
        keys.affected = keys.affected || k == "affected";
        keys.modified = keys.modified || k == "modified";
        keys.schema_version = keys.schema_version || k == "schema_version";
        expect_key = false;
      }
    } else if (c == '{' || c == '[') {
      ++depth;
      if (depth == 1) expect_key = c == '{';
    } else if (c == '}' || c == ']') {
      if (--depth == 0) {
        keys.complete = true;
        return keys;
      }
    } else if (c == ',' && depth == 1) {
      expect_key = true;
    }
  }
  return keys;
}

// A block-style YAML record: top-level `id:` plus `modified:` or `affected:` lines (any order:
// PyPA puts `id` first, OSS-Fuzz too, but neither is guaranteed). JSON never starts that way.
bool LooksLikeOsvYaml(std::string_view s) {
  if (s.empty() || s.front() == '{' || s.front() == '[') return false;
  return HasTopLevelYamlKey(s, "id") &&
         (HasTopLevelYamlKey(s, "modified") || HasTopLevelYamlKey(s, "affected"));
}

}  // namespace

int SniffOsv(std::string_view head, std::string_view) {
  std::string_view s = SkipSpace(StripBom(head));
  if (s.empty()) return 0;
  if (LooksLikeOsvYaml(s)) return 85;
  if (s.front() == '[') {
    s = SkipSpace(s.substr(1));
    if (s.empty() || s.front() != '{') return 0;
  }
  if (s.front() != '{') return 0;
  HeadKeys k = ScanObjectKeys(s);
  if (k.id && (k.affected || k.modified || k.schema_version)) return 90;
  // A head cut inside a huge first record before "modified"/"affected": probably OSV, but let
  // a more specific sniffer win.
  if (k.id && !k.complete) return 30;
  return 0;
}

Result<model::Batch> ParseOsv(std::string_view bytes) {
  model::Batch batch;
  std::string_view input = StripBom(bytes);
  std::string_view text = SkipSpace(input);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  if (text.empty()) return batch;
  if (text.front() != '{' && text.front() != '[') {
    // The original YAML form (PyPA advisory-database, OSS-Fuzz vulns): converted to JSON text
    // and parsed by the JSON path below, so both forms give identical batches.
    if (LooksLikeOsvYaml(text)) {
      Result<std::string> json = YamlToJson(text, kKey);
      if (!json) return Fail(json.error());
      std::string_view j = SkipSpace(*json);
      if (j.empty() || j.front() != '{') return Invalid("expected a YAML mapping (one OSV record)");
      return ParseOsv(*json);
    }
    return Invalid("expected a JSON object, an array of objects or JSON Lines");
  }
  dom::parser parser;
  const bool multi_line = text.find('\n') != std::string_view::npos;
  if (text.front() == '{' && multi_line) {
    // JSON Lines when the first line alone is a complete record; else one (pretty-printed)
    // object. A one-line document is the same either way.
    std::string_view first = TrimLine(text.substr(0, text.find('\n')));
    dom::element first_doc;
    if (ParseLine(parser, first, input).get(first_doc) == SUCCESS && first_doc.is_object()) {
      Status st = ParseLines(parser, input, batch);
      if (!st) return Fail(st.error());
      return batch;
    }
  }
  // One object or array: parsed from a padded copy.
  dom::element doc;
  auto err = parser.parse(text.data(), text.size(), true).get(doc);
  if (err != SUCCESS) {
    // JSON Lines whose first line is broken: go line by line, warning about bad lines.
    if (text.front() == '{' && multi_line) {
      Status st = ParseLines(parser, input, batch);
      if (!st) return Fail(st.error());
      return batch;
    }
    return Invalid(std::string("not JSON: ") + simdjson::error_message(err));
  }
  Reader reader(batch);
  dom::array arr;
  if (doc.get_array().get(arr) == SUCCESS) {
    batch.advisories.reserve(arr.size());
    size_t index = 0;
    for (dom::element x : arr) reader.Record(x, Label{"record", ++index});
    return batch;
  }
  reader.Record(doc, Label{"record", 1});
  return batch;
}

}  // namespace vs::parsers
