#include "store/codec.h"

#include <array>

#include <simdjson.h>

#include "model/severity.h"

namespace vs::store {
namespace {

char EventCode(model::EventKind k) {
  switch (k) {
    case model::EventKind::kIntroduced: return 'i';
    case model::EventKind::kFixed: return 'f';
    case model::EventKind::kLastAffected: return 'l';
    case model::EventKind::kLimit: return 'm';
  }
  return 'i';
}

char RangeCode(model::RangeType t) {
  switch (t) {
    case model::RangeType::kEcosystem: return 'E';
    case model::RangeType::kSemver: return 'S';
    case model::RangeType::kGit: return 'G';
  }
  return 'E';
}

Error Corrupt(std::string_view what) {
  return Error{ErrorCode::kInternal, "store: corrupt " + std::string(what) + " column"};
}

// Bytes a JSON string can carry as they are: printable ASCII except '"' and '\\'.
constexpr auto kPlain = [] {
  std::array<bool, 256> t{};
  for (int c = 0x20; c < 0x80; ++c) t[c] = c != '"' && c != '\\';
  return t;
}();

// Appends `s` as a JSON string. Bytes that are not valid UTF-8 are replaced with U+FFFD so
// that the stored text always parses (feeds occasionally carry Latin-1). Runs of plain ASCII
// are copied at once: most of an advisory's text is.
void AppendJsonString(std::string& out, std::string_view s) {
  out.push_back('"');
  size_t i = 0;
  while (i < s.size()) {
    size_t run = i;
    while (run < s.size() && kPlain[static_cast<unsigned char>(s[run])]) ++run;
    if (run > i) {
      out.append(s.data() + i, run - i);
      i = run;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
      ++i;
    } else if (c < 0x20) {
      static constexpr char kHex[] = "0123456789abcdef";
      out.append("\\u00");
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
      ++i;
    } else {
      size_t len = c >= 0xF0 && c < 0xF5 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
      bool valid = len > 0 && i + len <= s.size() && simdjson::validate_utf8(s.data() + i, len);
      if (valid) {
        out.append(s.substr(i, len));
        i += len;
      } else {
        out.append("\xEF\xBF\xBD");
        ++i;
      }
    }
  }
  out.push_back('"');
}

void AppendStrings(std::string& out, const std::vector<std::string>& values) {
  out.push_back('[');
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendJsonString(out, values[i]);
  }
  out.push_back(']');
}

// One parser per thread: decoding runs on the loading thread only.
simdjson::dom::parser& Parser() {
  thread_local simdjson::dom::parser parser;
  return parser;
}

void AppendRanges(std::string& out, const std::vector<model::AffectedRange>& ranges) {
  out.push_back('[');
  for (size_t i = 0; i < ranges.size(); ++i) {
    const model::AffectedRange& r = ranges[i];
    if (i > 0) out.push_back(',');
    out.append("{\"t\":\"").push_back(RangeCode(r.type));
    out.append("\",\"e\":[");
    for (size_t j = 0; j < r.events.size(); ++j) {
      if (j > 0) out.push_back(',');
      out.append("[\"").push_back(EventCode(r.events[j].kind));
      out.append("\",");
      AppendJsonString(out, r.events[j].version);
      out.push_back(']');
    }
    out.push_back(']');
    if (!r.repo.empty()) {
      out.append(",\"r\":");
      AppendJsonString(out, r.repo);
    }
    out.push_back('}');
  }
  out.push_back(']');
}

bool ReadRanges(simdjson::dom::array arr, std::vector<model::AffectedRange>& out) {
  for (simdjson::dom::element r : arr) {
    model::AffectedRange range;
    std::string_view t;
    if (r["t"].get_string().get(t) || t.size() != 1) return false;
    range.type = t[0] == 'S'   ? model::RangeType::kSemver
                 : t[0] == 'G' ? model::RangeType::kGit
                               : model::RangeType::kEcosystem;
    std::string_view repo;
    if (!r["r"].get_string().get(repo)) range.repo = std::string(repo);
    simdjson::dom::array events;
    if (r["e"].get_array().get(events)) return false;
    for (simdjson::dom::element ev : events) {
      simdjson::dom::array pair;
      std::string_view code, version;
      if (ev.get_array().get(pair) || pair.size() != 2 || pair.at(0).get_string().get(code) ||
          pair.at(1).get_string().get(version) || code.size() != 1) {
        return false;
      }
      model::EventKind kind = code[0] == 'f'   ? model::EventKind::kFixed
                              : code[0] == 'l' ? model::EventKind::kLastAffected
                              : code[0] == 'm' ? model::EventKind::kLimit
                                               : model::EventKind::kIntroduced;
      range.events.push_back({kind, std::string(version)});
    }
    out.push_back(std::move(range));
  }
  return true;
}

bool ReadStrings(simdjson::dom::array arr, std::vector<std::string>& out) {
  for (simdjson::dom::element e : arr) {
    std::string_view s;
    if (e.get_string().get(s)) return false;
    out.emplace_back(s);
  }
  return true;
}

}  // namespace

std::string EncodeStrings(const std::vector<std::string>& values) {
  if (values.empty()) return "[]";
  std::string out;
  out.reserve(16 * values.size());
  AppendStrings(out, values);
  return out;
}

std::string EncodeStringMap(const std::map<std::string, std::string>& values) {
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : values) {
    if (!first) out.push_back(',');
    first = false;
    AppendJsonString(out, k);
    out.push_back(':');
    AppendJsonString(out, v);
  }
  out.push_back('}');
  return out;
}

Result<std::map<std::string, std::string>> DecodeStringMap(std::string_view text) {
  std::map<std::string, std::string> out;
  if (text.empty() || text == "{}") return out;
  simdjson::dom::object obj;
  if (Parser().parse(text.data(), text.size()).get_object().get(obj)) return Fail(Corrupt("map"));
  for (auto field : obj) {
    std::string_view v;
    if (field.value.get_string().get(v)) return Fail(Corrupt("map"));
    out.emplace(std::string(field.key), std::string(v));
  }
  return out;
}

Result<std::vector<std::string>> DecodeStrings(std::string_view text) {
  std::vector<std::string> out;
  if (text.empty() || text == "[]") return out;
  simdjson::dom::array arr;
  if (Parser().parse(text.data(), text.size()).get_array().get(arr) || !ReadStrings(arr, out))
    return Fail(Corrupt("list"));
  return out;
}

std::string EncodeRanges(const std::vector<model::AffectedRange>& ranges) {
  std::string out;
  out.reserve(48 * ranges.size() + 2);
  AppendRanges(out, ranges);
  return out;
}

Result<std::vector<model::AffectedRange>> DecodeRanges(std::string_view text) {
  std::vector<model::AffectedRange> out;
  if (text.empty() || text == "[]") return out;
  simdjson::dom::array arr;
  if (Parser().parse(text.data(), text.size()).get_array().get(arr) || !ReadRanges(arr, out))
    return Fail(Corrupt("ranges"));
  return out;
}

void AppendAffected(std::string& out, const std::vector<model::Affected>& affected) {
  out.push_back('[');
  for (size_t i = 0; i < affected.size(); ++i) {
    const model::Affected& af = affected[i];
    if (i > 0) out.push_back(',');
    out.push_back('[');
    AppendJsonString(out, af.ecosystem);
    out.push_back(',');
    AppendJsonString(out, af.package);
    out.push_back(',');
    AppendJsonString(out, af.purl);
    out.append(",\"").append(model::SeverityName(af.severity)).append("\",");
    AppendRanges(out, af.ranges);
    out.push_back(',');
    AppendStrings(out, af.versions);
    out.push_back(']');
  }
  out.push_back(']');
}

Result<std::vector<model::Affected>> DecodeAffected(std::string_view text) {
  std::vector<model::Affected> out;
  if (text.empty() || text == "[]") return out;
  simdjson::dom::array arr;
  if (Parser().parse(text.data(), text.size()).get_array().get(arr))
    return Fail(Corrupt("affected"));
  out.reserve(arr.size());
  for (simdjson::dom::element e : arr) {
    simdjson::dom::array f, ranges, versions;
    std::string_view eco, pkg, purl, sev;
    if (e.get_array().get(f) || f.size() != 6 || f.at(0).get_string().get(eco) ||
        f.at(1).get_string().get(pkg) || f.at(2).get_string().get(purl) ||
        f.at(3).get_string().get(sev) || f.at(4).get_array().get(ranges) ||
        f.at(5).get_array().get(versions)) {
      return Fail(Corrupt("affected"));
    }
    model::Affected af;
    af.ecosystem = eco;
    af.package = pkg;
    af.purl = purl;
    af.severity = model::ParseSeverity(sev).value_or(model::Severity::kUnknown);
    if (!ReadRanges(ranges, af.ranges) || !ReadStrings(versions, af.versions))
      return Fail(Corrupt("affected"));
    out.push_back(std::move(af));
  }
  return out;
}

std::string EncodeReferences(const std::vector<model::Reference>& refs) {
  std::string out;
  out.reserve(64 * refs.size() + 2);
  out.push_back('[');
  for (size_t i = 0; i < refs.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.push_back('[');
    AppendJsonString(out, refs[i].type);
    out.push_back(',');
    AppendJsonString(out, refs[i].url);
    out.push_back(']');
  }
  out.push_back(']');
  return out;
}

Result<std::vector<model::Reference>> DecodeReferences(std::string_view text) {
  std::vector<model::Reference> out;
  if (text.empty() || text == "[]") return out;
  simdjson::dom::array arr;
  if (Parser().parse(text.data(), text.size()).get_array().get(arr)) {
    return Fail(Corrupt("references"));
  }
  for (simdjson::dom::element e : arr) {
    simdjson::dom::array pair;
    std::string_view type, url;
    if (e.get_array().get(pair) || pair.size() != 2 || pair.at(0).get_string().get(type) ||
        pair.at(1).get_string().get(url)) {
      return Fail(Corrupt("references"));
    }
    out.push_back({std::string(type), std::string(url)});
  }
  return out;
}

}  // namespace vs::store
