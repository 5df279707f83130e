#include "report/findings.h"

#include <charconv>
#include <cmath>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace vs::report {
namespace {

using nlohmann::ordered_json;

ordered_json OrNull(const std::string& s) {
  return s.empty() ? ordered_json(nullptr) : ordered_json(s);
}

ordered_json AssetObject(const model::Asset& a) {
  return ordered_json{{"kind", model::AssetKindName(a.kind)},
                      {"name", a.name},
                      {"team", OrNull(a.team)},
                      {"account_id", OrNull(a.account_id)},
                      {"region", OrNull(a.region)},
                      {"instance_id", OrNull(a.instance_id)},
                      {"asg", OrNull(a.asg)},
                      {"repo", OrNull(a.repo)},
                      {"image", OrNull(a.image)},
                      {"namespaces", a.namespaces},
                      {"key", a.key},
                      {"members", a.members},
                      {"digest", OrNull(a.digest)},
                      {"workloads", a.workloads}};
}

// Writes JSON byte for byte as nlohmann's ordered_json::dump(indent, ' ', false, on_bad_utf8)
// writes the same document, without building one: the findings JSON is the `search` / API
// contract, and building then dumping a DOM of 100 findings was most of an API request's CPU.
// Plain ASCII goes straight into the buffer; a string with other bytes and every floating-point
// number go through nlohmann's own escaping and number formatting, so the bytes (and the
// handling of invalid UTF-8) stay the library's.
class JsonWriter {
 public:
  // `indent` < 0: compact, as dump() without arguments.
  JsonWriter(std::string& out, int indent, nlohmann::json::error_handler_t on_bad_utf8)
      : out_(out), indent_(indent), on_bad_utf8_(on_bad_utf8) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  // `key` is one of this file's literals: plain ASCII, nothing to escape.
  JsonWriter& Key(std::string_view key) {
    NextItem();
    out_ += '"';
    out_ += key;
    out_ += indent_ >= 0 ? "\": " : "\":";
    after_key_ = true;
    return *this;
  }
  void String(std::string_view s) {
    BeforeValue();
    AppendString(s);
  }
  void StringOrNull(std::string_view s) { s.empty() ? Null() : String(s); }
  void Strings(const std::vector<std::string>& values) {
    BeginArray();
    for (const std::string& v : values) String(v);
    EndArray();
  }
  void Int(int64_t v) {
    BeforeValue();
    char buf[24];
    out_.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
  }
  void Double(double v) {
    BeforeValue();
    if (!std::isfinite(v)) {
      out_ += "null";
      return;
    }
    // The serializer's own formatting (Grisu2, "1.0", "1e-05"): see dump_float.
    char buf[64];
    out_.append(buf, nlohmann::detail::to_chars(buf, buf + sizeof buf, v));
  }
  void Bool(bool v) {
    BeforeValue();
    out_ += v ? "true" : "false";
  }
  void Null() {
    BeforeValue();
    out_ += "null";
  }

 private:
  void BeforeValue() {
    if (after_key_)
      after_key_ = false;
    else
      NextItem();
  }
  // A separator and, when pretty, a new line indented to the current depth.
  void NextItem() {
    if (has_items_.empty()) return;
    if (has_items_.back()) out_ += ',';
    has_items_.back() = true;
    if (indent_ >= 0) {
      out_ += '\n';
      out_.append(static_cast<size_t>(indent_) * has_items_.size(), ' ');
    }
  }
  void Open(char c) {
    BeforeValue();
    out_ += c;
    has_items_.push_back(false);
  }
  void Close(char c) {
    bool had_items = has_items_.back();
    has_items_.pop_back();
    // An empty container stays "[]" / "{}" on one line, as nlohmann writes it.
    if (had_items && indent_ >= 0) {
      out_ += '\n';
      out_.append(static_cast<size_t>(indent_) * has_items_.size(), ' ');
    }
    out_ += c;
  }
  void AppendString(std::string_view s) {
    size_t mark = out_.size();
    out_ += '"';
    size_t start = 0;  // Bytes before `start` are in out_.
    for (size_t i = 0; i < s.size(); ++i) {
      auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) continue;
      if (c >= 0x80) {
        // Non-ASCII: nlohmann validates the UTF-8 (replacing or throwing, per on_bad_utf8_).
        out_.resize(mark);
        out_ += ordered_json(std::string(s)).dump(-1, ' ', false, on_bad_utf8_);
        return;
      }
      out_.append(s.data() + start, i - start);
      start = i + 1;
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\b': out_ += "\\b"; break;
        case '\f': out_ += "\\f"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        default: {
          static constexpr char kHex[] = "0123456789abcdef";
          out_ += "\\u00";
          out_ += kHex[c >> 4];
          out_ += kHex[c & 0xf];
        }
      }
    }
    out_.append(s.data() + start, s.size() - start);
    out_ += '"';
  }

  std::string& out_;
  int indent_;
  nlohmann::json::error_handler_t on_bad_utf8_;
  std::vector<bool> has_items_;  // Per open container: has it an item yet?
  bool after_key_ = false;
};

// Exploit-DB ids are numbers when they parse as one (they all do in the feed).
void WriteExploitDbIds(JsonWriter& w, const std::vector<std::string>& ids) {
  w.BeginArray();
  for (const std::string& id : ids) {
    long long n = 0;
    auto [p, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
    if (ec == std::errc() && p == id.data() + id.size())
      w.Int(n);
    else
      w.String(id);
  }
  w.EndArray();
}

// One finding object; the field order is the contract. The asset's fields are AssetObject's
// (tests/server/findings_json_test.cpp checks that the two agree), plus its id.
void WriteFinding(JsonWriter& w, const store::FindingRow& f) {
  w.BeginObject();
  w.Key("id").Int(f.id);
  w.Key("vulnerability_id").String(f.vulnerability_id);
  w.Key("aliases").Strings(f.aliases);
  w.Key("severity").String(f.severity);
  if (f.cvss_score >= 0)
    w.Key("cvss_score").Double(f.cvss_score);
  else
    w.Key("cvss_score").Null();
  w.Key("status").String(f.status);
  w.Key("source").String(f.source);
  w.Key("first_seen").String(f.first_seen);
  w.Key("last_seen").String(f.last_seen);
  w.Key("fixed_version").StringOrNull(f.fixed_version);
  w.Key("package").BeginObject();
  w.Key("ecosystem").String(f.package.ecosystem);
  w.Key("name").String(f.package.name);
  w.Key("version").String(f.package.version);
  w.EndObject();
  w.Key("exploit").BeginObject();
  w.Key("exploitdb");
  WriteExploitDbIds(w, f.exploit.exploitdb);
  w.Key("kev").Bool(f.exploit.kev);
  w.Key("poc").Bool(f.exploit.poc);
  w.Key("metasploit").Strings(f.exploit.metasploit);
  if (f.exploit.epss)
    w.Key("epss").Double(*f.exploit.epss);
  else
    w.Key("epss").Null();
  w.EndObject();
  const model::Asset& a = f.asset;
  w.Key("asset").BeginObject();
  w.Key("kind").String(model::AssetKindName(a.kind));
  w.Key("name").String(a.name);
  w.Key("team").StringOrNull(a.team);
  w.Key("account_id").StringOrNull(a.account_id);
  w.Key("region").StringOrNull(a.region);
  w.Key("instance_id").StringOrNull(a.instance_id);
  w.Key("asg").StringOrNull(a.asg);
  w.Key("repo").StringOrNull(a.repo);
  w.Key("image").StringOrNull(a.image);
  w.Key("namespaces").Strings(a.namespaces);
  w.Key("key").String(a.key);
  w.Key("members").Strings(a.members);
  w.Key("digest").StringOrNull(a.digest);
  w.Key("workloads").Strings(a.workloads);
  w.Key("id").Int(f.asset_id);
  w.EndObject();
  w.Key("resolved_at").StringOrNull(f.resolved_at);
  w.Key("status_reason").StringOrNull(f.status_reason);
  w.Key("summary").StringOrNull(f.summary);
  w.Key("url").StringOrNull(f.url);
  w.EndObject();
}

ordered_json AssetRowObject(const store::AssetRow& r) {
  ordered_json j = AssetObject(r.asset);
  j["id"] = r.id;
  j["source"] = r.source;
  j["active"] = r.active;
  j["ami"] = OrNull(r.asset.ami);
  j["platform"] = OrNull(r.asset.platform);
  j["note"] = OrNull(r.asset.note);
  j["default_branch"] = OrNull(r.asset.default_branch);
  j["manifests"] = r.asset.manifests;
  j["tags"] = r.asset.tags;
  if (r.asset.os)
    j["os"] = {{"family", r.asset.os->family},
               {"release", r.asset.os->release},
               {"ecosystem", r.asset.os->ecosystem}};
  else
    j["os"] = nullptr;
  j["first_seen"] = r.first_seen;
  j["last_seen"] = r.last_seen;
  j["packages"] = r.packages;
  j["open_findings"] = r.open_findings;
  j["open_by_severity"] = r.open_by_severity;
  return j;
}

std::string CsvCell(std::string s) {
  // A leading = + - @ (or tab/CR) makes spreadsheets evaluate the cell (CSV injection).
  if (!s.empty() &&
      (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r'))
    s.insert(s.begin(), '\'');
  bool quote = s.find_first_of(",\"\r\n'") != std::string::npos;
  if (!quote) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const std::string& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string Clip(std::string s, size_t n) {
  if (s.size() > n) s = s.substr(0, n - 1) + "~";
  return s;
}

}  // namespace

std::string FindingJson(const store::FindingRow& row) {
  std::string out;
  out.reserve(1024);
  JsonWriter w(out, -1, nlohmann::json::error_handler_t::strict);
  WriteFinding(w, row);
  return out;
}

std::string FindingsJson(const std::vector<store::FindingRow>& rows) {
  std::string out;
  out.reserve(1400 * rows.size() + 4);
  JsonWriter w(out, 2, nlohmann::json::error_handler_t::replace);
  w.BeginArray();
  for (const auto& r : rows) WriteFinding(w, r);
  w.EndArray();
  out += '\n';
  return out;
}

std::string FindingsCsv(const std::vector<store::FindingRow>& rows) {
  std::string out =
      "id,vulnerability_id,aliases,severity,cvss_score,status,source,first_seen,last_seen,"
      "fixed_version,ecosystem,package,version,exploitdb,kev,poc,metasploit,epss,asset_kind,"
      "asset_name,team,account_id,region,instance_id,asg,repo,image,namespaces\r\n";
  for (const auto& f : rows) {
    std::vector<std::string> cells = {std::to_string(f.id),
                                      f.vulnerability_id,
                                      Join(f.aliases, " "),
                                      f.severity,
                                      f.cvss_score >= 0 ? fmt::format("{:.1f}", f.cvss_score) : "",
                                      f.status,
                                      f.source,
                                      f.first_seen,
                                      f.last_seen,
                                      f.fixed_version,
                                      f.package.ecosystem,
                                      f.package.name,
                                      f.package.version,
                                      Join(f.exploit.exploitdb, " "),
                                      f.exploit.kev ? "true" : "false",
                                      f.exploit.poc ? "true" : "false",
                                      Join(f.exploit.metasploit, " "),
                                      f.exploit.epss ? fmt::format("{:.5f}", *f.exploit.epss) : "",
                                      std::string(model::AssetKindName(f.asset.kind)),
                                      f.asset.name,
                                      f.asset.team,
                                      f.asset.account_id,
                                      f.asset.region,
                                      f.asset.instance_id,
                                      f.asset.asg,
                                      f.asset.repo,
                                      f.asset.image,
                                      Join(f.asset.namespaces, " ")};
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i) out += ',';
      out += CsvCell(cells[i]);
    }
    out += "\r\n";
  }
  return out;
}

std::string FindingsTable(const std::vector<store::FindingRow>& rows) {
  std::string out =
      fmt::format("{:<20} {:<9} {:<8} {:<28} {:<16} {:<10} {:<30} {}\n", "VULNERABILITY",
                  "SEVERITY", "EXPLOIT", "PACKAGE", "VERSION", "FIXED", "ASSET", "TEAM");
  for (const auto& f : rows) {
    std::string exploit = f.exploit.kev                   ? "KEV"
                          : !f.exploit.exploitdb.empty()  ? "EDB"
                          : !f.exploit.metasploit.empty() ? "MSF"
                          : f.exploit.poc                 ? "PoC"
                                                          : "-";
    out += fmt::format("{:<20} {:<9} {:<8} {:<28} {:<16} {:<10} {:<30} {}\n",
                       Clip(f.vulnerability_id, 20), f.severity, exploit, Clip(f.package.name, 28),
                       Clip(f.package.version, 16),
                       f.fixed_version.empty() ? "-" : Clip(f.fixed_version, 10),
                       Clip(f.asset.name, 30), f.asset.team.empty() ? "-" : f.asset.team);
  }
  out += fmt::format("{} finding(s)\n", rows.size());
  return out;
}

std::string AssetJson(const store::AssetRow& row) { return AssetRowObject(row).dump(); }

std::string AssetsJson(const std::vector<store::AssetRow>& rows) {
  ordered_json arr = ordered_json::array();
  for (const auto& r : rows) arr.push_back(AssetRowObject(r));
  return arr.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string AssetsTable(const std::vector<store::AssetRow>& rows) {
  std::string out = fmt::format("{:<10} {:<36} {:<14} {:<14} {:>8} {:>6}\n", "KIND", "NAME", "TEAM",
                                "ACCOUNT", "PACKAGES", "OPEN");
  for (const auto& r : rows) {
    out += fmt::format(
        "{:<10} {:<36} {:<14} {:<14} {:>8} {:>6}\n", model::AssetKindName(r.asset.kind),
        Clip(r.asset.name, 36), r.asset.team.empty() ? "-" : Clip(r.asset.team, 14),
        r.asset.account_id.empty() ? "-" : r.asset.account_id, r.packages, r.open_findings);
  }
  out += fmt::format("{} asset(s)\n", rows.size());
  return out;
}

std::string AggregatesJson(const store::Aggregates& a) {
  auto rows = [](const std::vector<store::CountRow>& v) {
    ordered_json arr = ordered_json::array();
    for (const auto& r : v)
      arr.push_back({{"key", r.key}, {"count", r.count}, {"exploitable", r.exploitable}});
    return arr;
  };
  ordered_json j{{"open", a.open},
                 {"exploitable", a.exploitable},
                 {"kev", a.kev},
                 {"by_severity", rows(a.by_severity)},
                 {"by_team", rows(a.by_team)},
                 {"by_source", rows(a.by_source)},
                 {"by_kind", rows(a.by_kind)},
                 {"top_vulnerabilities", rows(a.top_vulnerabilities)}};
  ordered_json trend = ordered_json::array();
  for (const auto& r : a.trend) trend.push_back({{"day", r.key}, {"open", r.count}});
  j["trend"] = std::move(trend);
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace vs::report
