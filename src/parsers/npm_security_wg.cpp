#include "parsers/npm_security_wg.h"

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "parsers/csv.h"
#include "parsers/cvss.h"
#include "version/semver.h"

namespace vs::parsers {
namespace {

using nlohmann::json;

constexpr std::string_view kKey = "npm_security_wg";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

tl::unexpected<Error> Invalid(std::string message) {
  return Fail(ErrorCode::kInvalidInput, std::move(message));
}

// ---- node-semver ranges → OSV events ----

// A version as written in a comparator: up to three numeric parts (missing or x/X/* = wild).
struct Partial {
  int parts = 0;  // Concrete leading numeric parts: 0 ("*"), 1 ("1"), 2 ("1.2"), 3 ("1.2.3").
  uint64_t n[3] = {0, 0, 0};
  std::string pre;  // Pre-release (only with 3 parts), without '-'.
};

bool IsWild(std::string_view p) { return p == "x" || p == "X" || p == "*"; }

std::optional<Partial> ParsePartial(std::string_view v) {
  if (!v.empty() && (v.front() == 'v' || v.front() == 'V' || v.front() == '=')) v.remove_prefix(1);
  if (!v.empty() && (v.front() == 'v' || v.front() == 'V')) v.remove_prefix(1);
  Partial out;
  if (v.empty() || IsWild(v)) return out;
  // Build metadata never matters for ranges.
  if (size_t plus = v.find('+'); plus != std::string_view::npos) v = v.substr(0, plus);
  std::string_view core = v;
  if (size_t dash = v.find('-'); dash != std::string_view::npos) {
    core = v.substr(0, dash);
    out.pre = std::string(v.substr(dash + 1));
    if (out.pre.empty()) return std::nullopt;
  }
  bool wild = false;
  for (int i = 0; i < 3 && !core.empty(); ++i) {
    size_t dot = core.find('.');
    std::string_view part = core.substr(0, dot);
    core = dot == std::string_view::npos ? std::string_view() : core.substr(dot + 1);
    if (dot != std::string_view::npos && core.empty()) return std::nullopt;  // "1."
    if (IsWild(part)) {
      wild = true;
      continue;
    }
    if (wild || part.empty()) return std::nullopt;  // "1.x.3", "1..2"
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), out.n[i]);
    if (ec != std::errc() || end != part.data() + part.size() || out.n[i] > 999999999999ull)
      return std::nullopt;
    out.parts = i + 1;
  }
  if (!core.empty()) return std::nullopt;  // a fourth part
  if (!out.pre.empty() && out.parts < 3) return std::nullopt;
  return out;
}

std::string Ver(uint64_t a, uint64_t b, uint64_t c, std::string_view pre = {}) {
  std::string s = std::to_string(a) + "." + std::to_string(b) + "." + std::to_string(c);
  if (!pre.empty()) s += "-" + std::string(pre);
  return s;
}

// The bounds of one `||` alternative: lower always inclusive (exclusive ones are rewritten to
// the next version), upper inclusive or exclusive; nullopt = unbounded.
struct Clause {
  std::optional<std::string> lower;
  std::optional<std::string> upper;
  bool upper_inclusive = false;
};

// Tightens `c` by `v` as a lower (upper) bound; returns an error message, empty when fine.
std::string AddLower(Clause& c, std::string v) {
  if (c.lower) {
    Result<int> cmp = version::CompareSemver(*c.lower, v);
    if (!cmp) return "bad version \"" + v + "\"";
    if (*cmp >= 0) return {};
  }
  c.lower = std::move(v);
  return {};
}

std::string AddUpper(Clause& c, std::string v, bool inclusive) {
  if (c.upper) {
    Result<int> cmp = version::CompareSemver(*c.upper, v);
    if (!cmp) return "bad version \"" + v + "\"";
    if (*cmp < 0 || (*cmp == 0 && !c.upper_inclusive)) return {};
  }
  c.upper = std::move(v);
  c.upper_inclusive = inclusive;
  return {};
}

// Applies one comparator (`op` one of "", "=", "<", "<=", ">", ">=", "~", "^") following
// node-semver's desugaring. Returns an error message, empty when fine.
std::string ApplyComparator(Clause& c, std::string_view op, std::string_view text) {
  std::optional<Partial> p = ParsePartial(text);
  if (!p) return "not a version: \"" + std::string(text) + "\"";
  const uint64_t M = p->n[0], m = p->n[1], pt = p->n[2];
  switch (p->parts) {
    case 0:  // "*", "x": any version, except where it empties the range.
      if (op == "<" || op == ">") return "\"" + std::string(op) + "*\" matches nothing";
      return {};
    case 1:
      if (op.empty() || op == "=" || op == "~" || op == "^") {
        if (std::string e = AddLower(c, Ver(M, 0, 0)); !e.empty()) return e;
        return AddUpper(c, Ver(M + 1, 0, 0, "0"), false);
      }
      if (op == ">=") return AddLower(c, Ver(M, 0, 0));
      if (op == ">") return AddLower(c, Ver(M + 1, 0, 0));
      if (op == "<") return AddUpper(c, Ver(M, 0, 0, "0"), false);
      if (op == "<=") return AddUpper(c, Ver(M + 1, 0, 0, "0"), false);
      break;
    case 2:
      if (op.empty() || op == "=" || op == "~" || (op == "^" && M == 0)) {
        if (std::string e = AddLower(c, Ver(M, m, 0)); !e.empty()) return e;
        return AddUpper(c, Ver(M, m + 1, 0, "0"), false);
      }
      if (op == "^") {
        if (std::string e = AddLower(c, Ver(M, m, 0)); !e.empty()) return e;
        return AddUpper(c, Ver(M + 1, 0, 0, "0"), false);
      }
      if (op == ">=") return AddLower(c, Ver(M, m, 0));
      if (op == ">") return AddLower(c, Ver(M, m + 1, 0));
      if (op == "<") return AddUpper(c, Ver(M, m, 0, "0"), false);
      if (op == "<=") return AddUpper(c, Ver(M, m + 1, 0, "0"), false);
      break;
    case 3: {
      std::string v = Ver(M, m, pt, p->pre);
      if (version::ValidateSemver(v).has_value() == false) return "bad version \"" + v + "\"";
      if (op.empty() || op == "=") {
        if (std::string e = AddLower(c, v); !e.empty()) return e;
        return AddUpper(c, v, true);
      }
      if (op == ">=") return AddLower(c, v);
      if (op == ">") {
        // The smallest version above M.m.p is M.m.(p+1)-0; above a pre-release there is no
        // such neighbour expressible as an OSV event.
        if (!p->pre.empty()) return "\">\" with a pre-release";
        return AddLower(c, Ver(M, m, pt + 1, "0"));
      }
      if (op == "<") return AddUpper(c, v, false);
      if (op == "<=") return AddUpper(c, v, true);
      if (std::string e = AddLower(c, v); !e.empty()) return e;
      if (op == "~") return AddUpper(c, Ver(M, m + 1, 0, "0"), false);
      if (op == "^") {
        if (M > 0) return AddUpper(c, Ver(M + 1, 0, 0, "0"), false);
        if (m > 0) return AddUpper(c, Ver(0, m + 1, 0, "0"), false);
        return AddUpper(c, Ver(0, 0, pt + 1, "0"), false);
      }
      break;
    }
    default: break;
  }
  return "unsupported operator \"" + std::string(op) + "\"";
}

std::string_view SplitOperator(std::string_view& tok) {
  size_t n = 0;
  if (tok.size() >= 2 && (tok.substr(0, 2) == "<=" || tok.substr(0, 2) == ">=")) {
    n = 2;
  } else if (!tok.empty() &&
             (tok[0] == '<' || tok[0] == '>' || tok[0] == '=' || tok[0] == '~' || tok[0] == '^')) {
    n = 1;
    // "~>" is an old node-semver alias of "~".
    if (tok[0] == '~' && tok.size() > 1 && tok[1] == '>') n = 2;
  }
  std::string_view op = tok.substr(0, n);
  tok.remove_prefix(n);
  if (op == "~>") op = "~";
  return op;
}

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

Result<model::AffectedRange> ConvertClause(std::string_view text) {
  std::vector<std::string_view> words = Words(text);
  Clause c;
  auto fail = [&](const std::string& why) {
    return Invalid("\"" + std::string(Trim(text)) + "\": " + why);
  };
  if (words.size() == 3 && words[1] == "-") {  // Hyphen range: "1.2.3 - 2.3.4".
    if (std::string e = ApplyComparator(c, ">=", words[0]); !e.empty()) return fail(e);
    if (std::string e = ApplyComparator(c, "<=", words[2]); !e.empty()) return fail(e);
  } else {
    for (size_t i = 0; i < words.size(); ++i) {
      std::string_view tok = words[i];
      std::string_view op = SplitOperator(tok);
      // "< 1.2.3": the operator stands alone, its version is the next word.
      if (tok.empty() && !op.empty() && i + 1 < words.size()) tok = words[++i];
      if (tok.empty()) return fail("operator without a version");
      if (std::string e = ApplyComparator(c, op, tok); !e.empty()) return fail(e);
    }
  }
  if (c.lower && c.upper) {
    Result<int> cmp = version::CompareSemver(*c.lower, *c.upper);
    if (!cmp) return fail("bad version");
    if (*cmp > 0 || (*cmp == 0 && !c.upper_inclusive)) return fail("empty range");
  }
  model::AffectedRange r;
  r.type = model::RangeType::kSemver;
  r.events.push_back({model::EventKind::kIntroduced, c.lower ? *c.lower : "0"});
  if (c.upper) {
    r.events.push_back(
        {c.upper_inclusive ? model::EventKind::kLastAffected : model::EventKind::kFixed, *c.upper});
  }
  return r;
}

// ---- records ----

// Whether `y` is the patch release right after `x` (no pre-release): no release lies between
// them, so "<=x" with "patched >=y" is "fixed in y". A minor or major step is not enough:
// "<=6.0.2" and ">=7.0.0" leave 6.0.3…6.x unknown.
bool IsNextRelease(std::string_view x, std::string_view y) {
  auto core = [](std::string_view v, int(&out)[3]) {
    if (!v.empty() && (v.front() == 'v' || v.front() == '=')) v.remove_prefix(1);
    size_t part = 0, i = 0;
    for (; part < 3; ++part) {
      size_t start = i;
      long n = 0;
      while (i < v.size() && v[i] >= '0' && v[i] <= '9' && i - start < 9)
        n = n * 10 + (v[i++] - '0');
      if (i == start) return false;
      out[part] = static_cast<int>(n);
      if (part < 2) {
        if (i >= v.size() || v[i] != '.') return false;
        ++i;
      }
    }
    return i == v.size();  // No pre-release or build.
  };
  int a[3], b[3];
  if (!core(x, a) || !core(y, b)) return false;
  return b[0] == a[0] && b[1] == a[1] && b[2] == a[2] + 1;
}

// "<=1.2.3" ranges whose patched_versions start at the next patch release get that release as
// their fix: matching changes only for pre-releases of the fix, and the finding says what to
// upgrade to (also for --ignore-unfixed). Other "<=" ranges keep last_affected.
void FixedFromPatched(std::vector<model::AffectedRange>& ranges, std::string_view patched) {
  if (patched.empty()) return;
  Result<std::vector<model::AffectedRange>> fixed = NodeSemverToOsvRanges(patched);
  if (!fixed) return;
  for (model::AffectedRange& r : ranges) {
    if (r.events.empty() || r.events.back().kind != model::EventKind::kLastAffected) continue;
    for (const model::AffectedRange& p : *fixed) {
      const std::string& lower = p.events.front().version;
      if (p.events.front().kind == model::EventKind::kIntroduced &&
          IsNextRelease(r.events.back().version, lower)) {
        r.events.back() = {model::EventKind::kFixed, lower};
        break;
      }
    }
  }
}

std::string Str(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return {};
  return std::string(Trim(it->get_ref<const std::string&>()));
}

std::string Purl(std::string_view name) {
  // purl-spec npm: the scope's '@' is percent-encoded ("pkg:npm/%40angular/core").
  if (!name.empty() && name.front() == '@') return "pkg:npm/%40" + std::string(name.substr(1));
  return "pkg:npm/" + std::string(name);
}

void ParseRecord(const json& rec, const std::string& where, model::Batch& batch) {
  if (!rec.is_object()) {
    batch.warnings.push_back({where, "not an object (skipped)"});
    return;
  }
  if (!rec.contains("module_name") && rec.contains("vulnerable")) {
    // vuln/core: the Node.js runtime; OSV has no ecosystem for it and the record has no id.
    batch.warnings.push_back({where, "Node.js core record (no npm package) skipped"});
    return;
  }
  std::string id;
  if (auto it = rec.find("id"); it != rec.end()) {
    if (it->is_number_unsigned() || it->is_number_integer()) {
      id = std::to_string(it->get<int64_t>());
    } else if (it->is_string()) {
      id = std::string(Trim(it->get_ref<const std::string&>()));
    }
  }
  if (id.empty()) {
    batch.warnings.push_back({where, "no id (skipped)"});
    return;
  }
  const std::string name = Str(rec, "module_name");
  model::Advisory a;
  a.id = "NSWG-ECO-" + id;
  if (name.empty()) {
    batch.warnings.push_back({a.id, "no module_name (skipped)"});
    return;
  }
  const std::string range = Str(rec, "vulnerable_versions");
  if (range.empty()) {
    batch.warnings.push_back({a.id, "no vulnerable_versions (skipped)"});
    return;
  }
  Result<std::vector<model::AffectedRange>> ranges = NodeSemverToOsvRanges(range);
  if (!ranges) {
    batch.warnings.push_back(
        {a.id, "vulnerable_versions not convertible: " + ranges.error().message + " (skipped)"});
    return;
  }
  a.source = std::string(kKey);
  if (auto it = rec.find("cves"); it != rec.end() && it->is_array()) {
    for (const json& cve : *it) {
      if (!cve.is_string()) continue;
      std::string_view s = Trim(cve.get_ref<const std::string&>());
      if (s.empty()) continue;
      std::optional<std::string> norm = NormalizeCveId(s);
      std::string alias = norm ? std::move(*norm) : std::string(s);
      bool dup = false;
      for (const std::string& x : a.aliases) dup = dup || x == alias;
      if (!dup) a.aliases.push_back(std::move(alias));
    }
  }
  a.summary = Str(rec, "title");
  a.details = Str(rec, "overview");
  if (std::string rec_text = Str(rec, "recommendation"); !rec_text.empty()) {
    if (!a.details.empty()) a.details += "\n\n";
    a.details += "Recommendation: " + rec_text;
  }
  a.published = Str(rec, "publish_date");
  a.modified = Str(rec, "updated_at");
  if (std::string vector = Str(rec, "cvss_vector"); !vector.empty()) {
    Result<double> score = CvssBaseScore(vector);
    if (score) {
      a.cvss_vector = vector;
      a.cvss_score = *score;
    } else {
      batch.warnings.push_back({a.id, "bad cvss_vector \"" + vector + "\" (ignored)"});
    }
  }
  FixedFromPatched(*ranges, Str(rec, "patched_versions"));
  model::Affected aff;
  aff.ecosystem = "npm";
  aff.package = name;
  aff.purl = Purl(name);
  aff.ranges = std::move(*ranges);
  a.affected.push_back(std::move(aff));
  a.references.push_back(
      {"ADVISORY", "https://github.com/nodejs/security-wg/blob/main/vuln/npm/" + id + ".json"});
  if (auto it = rec.find("references"); it != rec.end() && it->is_array()) {
    for (const json& r : *it) {
      if (r.is_string() && !Trim(r.get_ref<const std::string&>()).empty())
        a.references.push_back({"WEB", std::string(Trim(r.get_ref<const std::string&>()))});
    }
  }
  batch.advisories.push_back(std::move(a));
}

// A document is a record when it has record keys; else an index.json map of id → record.
bool IsRecord(const json& j) {
  return j.contains("module_name") || j.contains("vulnerable_versions") ||
         j.contains("vulnerable") || j.contains("id") || j.contains("cve") || j.contains("cves");
}

void ParseDocument(const json& doc, const std::string& where, model::Batch& batch) {
  if (doc.is_array()) {
    size_t i = 0;
    for (const json& x : doc) ParseRecord(x, where + " element " + std::to_string(i++), batch);
  } else if (doc.is_object() && !doc.empty() && !IsRecord(doc)) {
    for (const auto& [k, v] : doc.items()) ParseRecord(v, where + " key " + k, batch);
  } else {
    ParseRecord(doc, where, batch);
  }
}

}  // namespace

Result<std::vector<model::AffectedRange>> NodeSemverToOsvRanges(std::string_view range) {
  std::vector<model::AffectedRange> out;
  size_t start = 0;
  while (true) {
    size_t bar = range.find("||", start);
    std::string_view clause =
        range.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start);
    // An empty alternative is "*" in node-semver, but in an advisory it is a typo: refuse it.
    if (Trim(clause).empty()) return Invalid("empty alternative in \"" + std::string(range) + "\"");
    Result<model::AffectedRange> r = ConvertClause(clause);
    if (!r) return Fail(r.error());
    out.push_back(std::move(*r));
    if (bar == std::string_view::npos) break;
    start = bar + 2;
  }
  return out;
}

int SniffNpmSecurityWg(std::string_view head, std::string_view) {
  std::string_view s = Trim(head);
  if (s.empty() || (s.front() != '{' && s.front() != '[')) return 0;
  if (s.find("\"module_name\"") != std::string_view::npos &&
      s.find("\"vulnerable_versions\"") != std::string_view::npos)
    return 90;
  if (s.find("\"vulnerable\"") != std::string_view::npos &&
      s.find("\"patched\"") != std::string_view::npos &&
      s.find("\"cve\"") != std::string_view::npos)
    return 60;
  return 0;
}

Result<model::Batch> ParseNpmSecurityWg(std::string_view bytes) {
  model::Batch batch;
  std::string_view text = Trim(bytes);
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text = Trim(text.substr(3));
  if (text.empty()) return batch;
  if (text.front() != '{' && text.front() != '[')
    return Invalid(std::string(kKey) + ": expected a JSON object, array or JSON Lines");
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_discarded()) {
    ParseDocument(doc, "document", batch);
    return batch;
  }
  // JSON Lines (the project's .jsonl.gz re-packaging): one record per line. As in OSV's, a
  // last line the input ends inside, or more bad lines than good, fail the document.
  bool ends_with_newline = bytes.find_last_not_of(" \t\r") != std::string_view::npos &&
                           bytes[bytes.find_last_not_of(" \t\r")] == '\n';
  size_t line_no = 0, good = 0, bad = 0, pos = 0;
  while (pos <= text.size()) {
    size_t eol = text.find('\n', pos);
    std::string_view line =
        Trim(text.substr(pos, eol == std::string_view::npos ? text.npos : eol - pos));
    ++line_no;
    if (!line.empty()) {
      json rec = json::parse(line, nullptr, false);
      const std::string where = "line " + std::to_string(line_no);
      if (rec.is_discarded()) {
        if (eol == std::string_view::npos && !ends_with_newline)
          return Invalid(std::string(kKey) + ": " + where +
                         ": the file ends inside a record (cut short?)");
        ++bad;
        batch.warnings.push_back({where, "not JSON (skipped)"});
      } else {
        ++good;
        ParseDocument(rec, where, batch);
      }
    }
    if (eol == std::string_view::npos) break;
    pos = eol + 1;
  }
  if (good == 0) return Invalid(std::string(kKey) + ": not JSON");
  if (bad > good)
    return Invalid(std::string(kKey) + ": not JSON Lines: " + std::to_string(bad) + " of " +
                   std::to_string(bad + good) + " lines are not JSON");
  return batch;
}

}  // namespace vs::parsers
