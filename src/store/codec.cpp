#include "store/codec.h"

#include <simdjson.h>

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

// Appends `s` as a JSON string. Bytes that are not valid UTF-8 are replaced with U+FFFD so
// that the stored text always parses (feeds occasionally carry Latin-1).
void AppendJsonString(std::string& out, std::string_view s) {
  out.push_back('"');
  size_t i = 0;
  while (i < s.size()) {
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
    } else if (c < 0x80) {
      out.push_back(static_cast<char>(c));
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

// One parser per thread: decoding runs on the loading thread only.
simdjson::dom::parser& Parser() {
  thread_local simdjson::dom::parser parser;
  return parser;
}

}  // namespace

std::string EncodeStrings(const std::vector<std::string>& values) {
  if (values.empty()) return "[]";
  std::string out;
  out.reserve(16 * values.size());
  out.push_back('[');
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendJsonString(out, values[i]);
  }
  out.push_back(']');
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
  if (Parser().parse(text.data(), text.size()).get_array().get(arr)) return Fail(Corrupt("list"));
  for (simdjson::dom::element e : arr) {
    std::string_view s;
    if (e.get_string().get(s)) return Fail(Corrupt("list"));
    out.emplace_back(s);
  }
  return out;
}

std::string EncodeRanges(const std::vector<model::AffectedRange>& ranges) {
  std::string out;
  out.reserve(48 * ranges.size() + 2);
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
  return out;
}

Result<std::vector<model::AffectedRange>> DecodeRanges(std::string_view text) {
  std::vector<model::AffectedRange> out;
  if (text.empty() || text == "[]") return out;
  simdjson::dom::array arr;
  if (Parser().parse(text.data(), text.size()).get_array().get(arr)) return Fail(Corrupt("ranges"));
  for (simdjson::dom::element r : arr) {
    model::AffectedRange range;
    std::string_view t;
    if (r["t"].get_string().get(t) || t.size() != 1) return Fail(Corrupt("ranges"));
    range.type = t[0] == 'S'   ? model::RangeType::kSemver
                 : t[0] == 'G' ? model::RangeType::kGit
                               : model::RangeType::kEcosystem;
    std::string_view repo;
    if (!r["r"].get_string().get(repo)) range.repo = std::string(repo);
    simdjson::dom::array events;
    if (r["e"].get_array().get(events)) return Fail(Corrupt("ranges"));
    for (simdjson::dom::element ev : events) {
      simdjson::dom::array pair;
      std::string_view code, version;
      if (ev.get_array().get(pair) || pair.size() != 2 || pair.at(0).get_string().get(code) ||
          pair.at(1).get_string().get(version) || code.size() != 1) {
        return Fail(Corrupt("ranges"));
      }
      model::EventKind kind = code[0] == 'f'   ? model::EventKind::kFixed
                              : code[0] == 'l' ? model::EventKind::kLastAffected
                              : code[0] == 'm' ? model::EventKind::kLimit
                                               : model::EventKind::kIntroduced;
      range.events.push_back({kind, std::string(version)});
    }
    out.push_back(std::move(range));
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
