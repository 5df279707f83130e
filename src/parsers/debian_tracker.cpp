#include "parsers/debian_tracker.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <simdjson.h>

#include "model/severity.h"

namespace vs::parsers {
namespace {

constexpr std::string_view kKey = "debian_tracker";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Debian codename → OSV ecosystem ("Debian:12", formats.md §8). Releases before 4.0 kept their
// x.y number (buzz 1.1 … sarge 3.1); "sid" (unstable) has none and stays "Debian:sid".
struct Release {
  std::string_view codename;
  std::string_view ecosystem;
};
constexpr std::array kReleases = {
    Release{"bo", "Debian:1.3"},      Release{"bookworm", "Debian:12"},
    Release{"bullseye", "Debian:11"}, Release{"buster", "Debian:10"},
    Release{"buzz", "Debian:1.1"},    Release{"duke", "Debian:15"},
    Release{"etch", "Debian:4"},      Release{"forky", "Debian:14"},
    Release{"hamm", "Debian:2.0"},    Release{"jessie", "Debian:8"},
    Release{"lenny", "Debian:5"},     Release{"potato", "Debian:2.2"},
    Release{"rex", "Debian:1.2"},     Release{"sarge", "Debian:3.1"},
    Release{"sid", "Debian:sid"},     Release{"slink", "Debian:2.1"},
    Release{"squeeze", "Debian:6"},   Release{"stretch", "Debian:9"},
    Release{"trixie", "Debian:13"},   Release{"wheezy", "Debian:7"},
    Release{"woody", "Debian:3.0"},
};

std::string_view EcosystemOf(std::string_view codename) {
  for (const Release& r : kReleases)
    if (r.codename == codename) return r.ecosystem;
  return {};
}

// Tracker urgencies: unimportant, low, medium, high, "not yet assigned", end-of-life; a
// trailing "*" or "**" marks an urgency set without full information ("low*").
model::Severity SeverityOf(std::string_view urgency) {
  while (!urgency.empty() && (urgency.back() == '*' || IsSpace(urgency.back())))
    urgency.remove_suffix(1);
  return model::ParseSeverity(urgency).value_or(model::Severity::kUnknown);
}

// "cve-2023-0286" → "CVE-2023-0286"; TEMP-… and other ids are kept as given.
std::string NormaliseId(std::string_view id) {
  std::string out(Trim(id));
  if (out.size() > 4 && Lower(out[0]) == 'c' && Lower(out[1]) == 'v' && Lower(out[2]) == 'e' &&
      out[3] == '-') {
    for (char& c : out)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

void Warn(model::Batch& batch, std::string record, std::string reason) {
  batch.warnings.push_back({std::move(record), std::move(reason)});
}

// Accumulates advisories by id in order of first appearance: one id appears under every
// source package it affects (openssl and openssl1.0, linux and linux-5.10, …).
class Builder {
 public:
  explicit Builder(size_t bytes) {
    // The real feed has roughly one id per 1–2 KB; reserving avoids rehashing a 100k map.
    index_.reserve(bytes / 1024 + 16);
  }

  // The advisory for `id` (upper-cased CVE or TEMP id), created on first use.
  model::Advisory& Get(const std::string& id) {
    auto [it, inserted] = index_.try_emplace(id, batch_.advisories.size());
    if (inserted) {
      model::Advisory adv;
      adv.id = "DEBIAN-" + id;
      if (id.rfind("CVE-", 0) == 0) adv.aliases.push_back(id);
      adv.source = std::string(kKey);
      adv.references.push_back({"ADVISORY", "https://security-tracker.debian.org/tracker/" + id});
      batch_.advisories.push_back(std::move(adv));
    }
    return batch_.advisories[it->second];
  }

  model::Batch& batch() { return batch_; }

  // Warns once per unknown codename, not once per entry of a 70 MB file.
  void UnknownRelease(std::string_view codename) {
    for (const std::string& c : unknown_releases_)
      if (c == codename) return;
    unknown_releases_.emplace_back(codename);
    Warn(batch_, "release " + std::string(codename),
         "unknown Debian codename; its entries are skipped");
  }

 private:
  model::Batch batch_;
  std::unordered_map<std::string, size_t> index_;
  std::vector<std::string> unknown_releases_;
};

// Names a record in warnings: "openssl/CVE-2023-0286" or "openssl/CVE-2023-0286 bookworm".
// Built only when a warning is actually given (the feed has a million release entries).
std::string Where(std::string_view pkg, std::string_view id, std::string_view codename = {}) {
  std::string out = std::string(pkg) + "/" + std::string(id);
  if (!codename.empty()) out += " " + std::string(codename);
  return out;
}

// One {codename: {status, fixed_version, urgency, …}} of an entry → the affected entry it
// implies, or nullopt when it implies none (not affected, undetermined, or a warning).
std::optional<model::Affected> ParseRelease(std::string_view pkg, std::string_view id,
                                            std::string_view codename, simdjson::dom::element value,
                                            Builder& builder) {
  simdjson::dom::object rel;
  std::string_view status;
  if (value.get_object().get(rel) != simdjson::SUCCESS ||
      rel["status"].get_string().get(status) != simdjson::SUCCESS) {
    Warn(builder.batch(), Where(pkg, id, codename), "expected an object with a string 'status'");
    return std::nullopt;
  }
  if (status == "undetermined") return std::nullopt;  // Not yet triaged: no claim either way.
  std::string_view ecosystem = EcosystemOf(codename);
  if (ecosystem.empty()) {
    builder.UnknownRelease(codename);
    return std::nullopt;
  }
  model::AffectedRange range;
  range.type = model::RangeType::kEcosystem;
  range.events.reserve(2);
  range.events.push_back({model::EventKind::kIntroduced, "0"});
  if (status == "resolved") {
    std::string_view fixed;
    if (rel["fixed_version"].get_string().get(fixed) != simdjson::SUCCESS || Trim(fixed).empty()) {
      Warn(builder.batch(), Where(pkg, id, codename), "resolved without a fixed_version");
      return std::nullopt;
    }
    fixed = Trim(fixed);
    // Tracker convention: fixed in "0" = the release never shipped a vulnerable version.
    if (fixed == "0") return std::nullopt;
    range.events.push_back({model::EventKind::kFixed, std::string(fixed)});
  } else if (status != "open") {
    // "open" = affected with no fix yet (also with nodsa: a decision not to fix, still affected).
    Warn(builder.batch(), Where(pkg, id, codename),
         "unknown status \"" + std::string(status) + "\"");
    return std::nullopt;
  }
  model::Affected af;
  af.ecosystem = std::string(ecosystem);
  af.package = std::string(pkg);
  // Same purl as osv.dev's DEBIAN-CVE-* records: the tracker is keyed by source package.
  af.purl = "pkg:deb/debian/" + std::string(pkg) + "?arch=source";
  af.ranges.push_back(std::move(range));
  std::string_view urgency;
  if (rel["urgency"].get_string().get(urgency) == simdjson::SUCCESS)
    af.severity = SeverityOf(urgency);
  return af;
}

// One {id: {description, scope, debianbug, releases}} under a source package.
void ParseEntry(std::string_view pkg, std::string_view raw_id, simdjson::dom::element value,
                Builder& builder) {
  std::string id = NormaliseId(raw_id);
  simdjson::dom::object obj;
  simdjson::dom::object releases;
  if (id.empty() || value.get_object().get(obj) != simdjson::SUCCESS ||
      obj["releases"].get_object().get(releases) != simdjson::SUCCESS) {
    Warn(builder.batch(), Where(pkg, id.empty() ? raw_id : id),
         "expected an object with 'releases'");
    return;
  }
  // The advisory is created on the first affected entry, so ids that affect nothing (all
  // releases not-affected or undetermined) leave no trace.
  model::Advisory* adv = nullptr;
  for (simdjson::dom::key_value_pair kv : releases) {
    std::optional<model::Affected> af = ParseRelease(pkg, id, kv.key, kv.value, builder);
    if (!af) continue;
    if (adv == nullptr) {
      adv = &builder.Get(id);
      std::string_view description;
      if (adv->details.empty() &&
          obj["description"].get_string().get(description) == simdjson::SUCCESS)
        adv->details = std::string(Trim(description));
      // debianbug is a number or null.
      int64_t bug = 0;
      if (obj["debianbug"].get_int64().get(bug) == simdjson::SUCCESS && bug > 0) {
        std::string url = "https://bugs.debian.org/" + std::to_string(bug);
        bool seen = false;
        for (const model::Reference& r : adv->references) seen = seen || r.url == url;
        if (!seen) adv->references.push_back({"REPORT", std::move(url)});
      }
    }
    adv->affected.push_back(std::move(*af));
  }
}

}  // namespace

int SniffDebianTracker(std::string_view head, std::string_view) {
  std::string_view body = Trim(head);
  if (body.empty() || body.front() != '{') return 0;
  // "repositories" (suite → version) is specific to the tracker; OSV DEBIAN-CVE records share
  // "urgency" but not "releases"/"repositories".
  if (head.find("\"releases\"") == std::string_view::npos ||
      head.find("\"repositories\"") == std::string_view::npos)
    return 0;
  if (head.find("\"status\"") != std::string_view::npos ||
      head.find("\"urgency\"") != std::string_view::npos)
    return 95;
  return 70;
}

Result<model::Batch> ParseDebianTracker(std::string_view bytes) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto err = parser.parse(bytes.data(), bytes.size()).get(root); err != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidInput,
                std::string(kKey) + ": not JSON: " + simdjson::error_message(err));
  }
  simdjson::dom::object packages;
  if (root.get_object().get(packages) != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidInput,
                std::string(kKey) + ": expected a JSON object {source package: {id: {...}}}");
  }
  Builder builder(bytes.size());
  for (simdjson::dom::key_value_pair pkg_kv : packages) {
    std::string_view pkg = Trim(pkg_kv.key);
    simdjson::dom::object ids;
    if (pkg.empty() || pkg_kv.value.get_object().get(ids) != simdjson::SUCCESS) {
      Warn(builder.batch(), std::string(pkg_kv.key), "expected an object of vulnerability ids");
      continue;
    }
    for (simdjson::dom::key_value_pair id_kv : ids)
      ParseEntry(pkg, id_kv.key, id_kv.value, builder);
  }
  return std::move(builder.batch());
}

}  // namespace vs::parsers
