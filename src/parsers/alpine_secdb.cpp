#include "parsers/alpine_secdb.h"

#include <string>
#include <unordered_map>
#include <vector>

#include <simdjson.h>

#include "parsers/yaml_json.h"

namespace vs::parsers {
namespace {

constexpr std::string_view kKey = "alpine_secdb";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char Upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Counts the digits at the start of `s`.
size_t DigitRun(std::string_view s) {
  size_t n = 0;
  while (n < s.size() && IsDigit(s[n])) ++n;
  return n;
}

// Parses "YYYY-NNNN…" at the start of `s` (anything after the number is ignored) into
// "CVE-YYYY-NNNN…"; "" when `s` does not start that way.
std::string CveFromNumber(std::string_view s) {
  if (DigitRun(s) != 4 || s.size() < 6 || s[4] != '-') return {};
  size_t n = DigitRun(s.substr(5));
  if (n < 4) return {};
  return "CVE-" + std::string(s.substr(0, 5 + n));
}

// The ids found in one secfixes entry: CVEs, and other ids (XSA-, TALOS-, ZBX-, wnpa-sec-…).
struct EntryIds {
  std::vector<std::string> cves;
  std::vector<std::string> others;
};

void AddUnique(std::vector<std::string>& list, std::string id) {
  for (const std::string& x : list)
    if (x == id) return;
  list.push_back(std::move(id));
}

// Secfixes entries are free text in practice (alpine/json v3.3…v3.11 at alpine-secdb
// 06f6e960): "CVE-2016-6258 XSA-182", "CVE-2018-14468 (FrameRelay)", "XSA-207",
// "CVE-2017-5753 CVE-2017-5715 CVE-2017-5754 XSA-254 XPTI", "CVE_2019-2426", "CVE 2018-16859",
// "CVE-2017-17434-1", "CVE-2017-8073.patch" and placeholders "CVE-????-?????  XSA-295". We cut the
// parenthesised comment, split on blanks/commas, repair the CVE typos and keep other tokens that
// look like ids (a letter first, a dash and a digit inside).
EntryIds SplitEntry(std::string_view entry) {
  EntryIds ids;
  entry = entry.substr(0, entry.find('('));
  std::vector<std::string_view> tokens;
  size_t i = 0;
  while (i < entry.size()) {
    while (i < entry.size() && (IsSpace(entry[i]) || entry[i] == ',' || entry[i] == ';')) ++i;
    size_t start = i;
    while (i < entry.size() && !(IsSpace(entry[i]) || entry[i] == ',' || entry[i] == ';')) ++i;
    if (i > start) tokens.push_back(entry.substr(start, i - start));
  }
  for (size_t t = 0; t < tokens.size(); ++t) {
    std::string_view tok = tokens[t];
    bool cve_word =
        tok.size() >= 3 && Upper(tok[0]) == 'C' && Upper(tok[1]) == 'V' && Upper(tok[2]) == 'E';
    if (cve_word && tok.size() == 3) {
      // "CVE 2018-16859": the number is the next token.
      if (t + 1 < tokens.size()) {
        std::string cve = CveFromNumber(tokens[t + 1]);
        if (!cve.empty()) {
          AddUnique(ids.cves, std::move(cve));
          ++t;
        }
      }
      continue;
    }
    if (cve_word && (tok[3] == '-' || tok[3] == '_')) {
      // An unparsable number ("CVE-????-?????") is a placeholder: the other ids still count.
      std::string cve = CveFromNumber(tok.substr(4));
      if (!cve.empty()) AddUnique(ids.cves, std::move(cve));
      continue;
    }
    bool id_like = IsAlpha(tok[0]) && tok.find('-') != std::string_view::npos;
    bool has_digit = false;
    for (char c : tok) {
      has_digit = has_digit || IsDigit(c);
      id_like = id_like && (IsAlpha(c) || IsDigit(c) || c == '-' || c == '_' || c == '.');
    }
    if (id_like && has_digit) AddUnique(ids.others, std::string(tok));
  }
  return ids;
}

// {introduced "0", fixed `version`}.
model::AffectedRange FixedRange(std::string_view version) {
  model::AffectedRange range;
  range.type = model::RangeType::kEcosystem;
  range.events.push_back({model::EventKind::kIntroduced, "0"});
  range.events.push_back({model::EventKind::kFixed, std::string(version)});
  return range;
}

// Accumulates advisories by id, in order of first appearance.
class Builder {
 public:
  explicit Builder(std::string ecosystem) : ecosystem_(std::move(ecosystem)) {}

  // Records that `pkg` fixed `vuln_id` in `version`; `related` are ids named alongside it.
  void AddFix(const std::string& vuln_id, std::string_view pkg, std::string_view version,
              const std::vector<std::string>& related) {
    model::Advisory& adv = Get(vuln_id);
    for (const std::string& r : related)
      if (r != vuln_id) AddUnique(adv.related, r);
    for (model::Affected& af : adv.affected) {
      if (af.package != pkg) continue;
      // The same id under two keys of one package: secfixes keeps the history of older
      // upstream lines (busybox CVE-2019-5747 under "1.30.1-r2" and the backport "1.29.3-r10").
      // A branch ships the newest line, so the highest fix is the one that matters; one range
      // per fix makes OSV evaluation take their union (affected below the highest fix) without
      // comparing apk versions here.
      for (const model::AffectedRange& r : af.ranges)
        if (r.events.back().version == version) return;
      af.ranges.push_back(FixedRange(version));
      return;
    }
    model::Affected af;
    af.ecosystem = ecosystem_;
    af.package = std::string(pkg);
    // osv.dev's ALPINE records use the source-package purl.
    af.purl = "pkg:apk/alpine/" + std::string(pkg) + "?arch=source";
    af.ranges.push_back(FixedRange(version));
    adv.affected.push_back(std::move(af));
  }

  model::Batch& batch() { return batch_; }

 private:
  model::Advisory& Get(const std::string& vuln_id) {
    auto [it, inserted] = index_.try_emplace(vuln_id, batch_.advisories.size());
    if (inserted) {
      model::Advisory adv;
      adv.id = "ALPINE-" + vuln_id;
      adv.aliases.push_back(vuln_id);
      adv.source = std::string(kKey);
      if (vuln_id.rfind("CVE-", 0) == 0)
        adv.references.push_back({"ADVISORY", "https://security.alpinelinux.org/vuln/" + vuln_id});
      batch_.advisories.push_back(std::move(adv));
    }
    return batch_.advisories[it->second];
  }

  std::string ecosystem_;
  model::Batch batch_;
  std::unordered_map<std::string, size_t> index_;
};

void Warn(model::Batch& batch, std::string record, std::string reason) {
  batch.warnings.push_back({std::move(record), std::move(reason)});
}

// One element of "packages": {"pkg": {"name": "...", "secfixes": {"<version>": [ids]}}}.
void ParsePackage(simdjson::dom::element element, size_t index, Builder& builder) {
  model::Batch& batch = builder.batch();
  std::string record = "packages[" + std::to_string(index) + "]";
  simdjson::dom::object pkg;
  std::string_view name;
  if (element["pkg"].get_object().get(pkg) != simdjson::SUCCESS ||
      pkg["name"].get_string().get(name) != simdjson::SUCCESS || Trim(name).empty()) {
    Warn(batch, record, "expected {\"pkg\": {\"name\": string, \"secfixes\": {...}}}");
    return;
  }
  name = Trim(name);
  simdjson::dom::element secfixes;
  if (pkg["secfixes"].get(secfixes) != simdjson::SUCCESS || secfixes.is_null()) return;
  simdjson::dom::object fixes;
  if (secfixes.get_object().get(fixes) != simdjson::SUCCESS) {
    Warn(batch, std::string(name), "secfixes is not an object");
    return;
  }
  for (simdjson::dom::key_value_pair kv : fixes) {
    std::string_view version = Trim(kv.key);
    std::string where = std::string(name) + " " + std::string(version);
    if (version.empty()) {
      Warn(batch, std::string(name), "empty fixed version in secfixes");
      continue;
    }
    simdjson::dom::array entries;
    if (kv.value.get_array().get(entries) != simdjson::SUCCESS) {
      // alpine-secdb v3.6 main: krb5 "7.4.0-r0": null.
      Warn(batch, where, "expected a list of ids");
      continue;
    }
    // formats.md §10: the key "0" lists ids that never affected this branch.
    if (version == "0") continue;
    for (simdjson::dom::element e : entries) {
      std::string_view text;
      if (e.get_string().get(text) != simdjson::SUCCESS) {
        Warn(batch, where, "id is not a string");
        continue;
      }
      EntryIds ids = SplitEntry(text);
      if (ids.cves.empty() && ids.others.empty()) {
        Warn(batch, where, "no vulnerability id in \"" + std::string(text) + "\"");
        continue;
      }
      // With CVEs present the other ids (XSA-273 covers two CVEs) are related, not the same.
      if (!ids.cves.empty()) {
        for (const std::string& cve : ids.cves) builder.AddFix(cve, name, version, ids.others);
      } else {
        for (const std::string& other : ids.others) builder.AddFix(other, name, version, {});
      }
    }
  }
}

// The original YAML form (alpinelinux/alpine-secdb v3.x/*.yaml, secdb.alpinelinux.org before
// JSON): block YAML with top-level `distroversion:` and `packages:`/`apkurl:`/`reponame:` keys.
bool LooksLikeSecdbYaml(std::string_view body) {
  if (body.empty() || body.front() == '{' || body.front() == '[') return false;
  return HasTopLevelYamlKey(body, "distroversion") &&
         (HasTopLevelYamlKey(body, "packages") || HasTopLevelYamlKey(body, "apkurl") ||
          HasTopLevelYamlKey(body, "reponame"));
}

}  // namespace

int SniffAlpineSecdb(std::string_view head, std::string_view) {
  std::string_view body = Trim(head);
  if (LooksLikeSecdbYaml(body)) return 90;
  if (body.empty() || body.front() != '{') return 0;
  if (head.find("\"distroversion\"") == std::string_view::npos) return 0;
  if (head.find("\"secfixes\"") != std::string_view::npos ||
      head.find("\"apkurl\"") != std::string_view::npos ||
      head.find("\"reponame\"") != std::string_view::npos)
    return 95;
  return 60;
}

Result<model::Batch> ParseAlpineSecdb(std::string_view bytes) {
  if (LooksLikeSecdbYaml(Trim(bytes))) {
    // Same structure as the JSON form: convert (scalars become strings, which is all secdb
    // holds) and take the JSON path, so both forms give identical batches.
    Result<std::string> json = YamlToJson(bytes, kKey);
    if (!json) return Fail(json.error());
    return ParseAlpineSecdb(*json);
  }
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto err = parser.parse(bytes.data(), bytes.size()).get(root); err != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidInput,
                std::string(kKey) + ": not JSON: " + simdjson::error_message(err));
  }
  simdjson::dom::object doc;
  std::string_view distroversion;
  if (root.get_object().get(doc) != simdjson::SUCCESS ||
      doc["distroversion"].get_string().get(distroversion) != simdjson::SUCCESS ||
      Trim(distroversion).empty()) {
    return Fail(ErrorCode::kInvalidInput,
                std::string(kKey) + ": expected a JSON object with 'distroversion' and 'packages'");
  }
  distroversion = Trim(distroversion);
  // OSV spells the ecosystem "Alpine:v3.19"; add the "v" if a document left it out.
  std::string ecosystem = "Alpine:";
  if (IsDigit(distroversion.front())) ecosystem += "v";
  ecosystem += distroversion;
  Builder builder(std::move(ecosystem));

  simdjson::dom::element packages;
  if (doc["packages"].get(packages) != simdjson::SUCCESS || packages.is_null())
    return std::move(builder.batch());
  simdjson::dom::array list;
  if (packages.get_array().get(list) != simdjson::SUCCESS) {
    // vuln-list-update alpine/types.go: an empty branch is written as {} instead of [].
    simdjson::dom::object obj;
    if (packages.get_object().get(obj) == simdjson::SUCCESS && obj.size() == 0)
      return std::move(builder.batch());
    return Fail(ErrorCode::kInvalidInput, std::string(kKey) + ": 'packages' is not a list");
  }
  size_t index = 0;
  for (simdjson::dom::element element : list) ParsePackage(element, index++, builder);
  return std::move(builder.batch());
}

}  // namespace vs::parsers
