#include "store/codec.h"

#include <nlohmann/json.hpp>
#include <simdjson.h>

namespace vs::store {
namespace {

using nlohmann::json;

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

// One parser per thread: decoding runs on the loading thread only.
simdjson::dom::parser& Parser() {
  thread_local simdjson::dom::parser parser;
  return parser;
}

}  // namespace

std::string EncodeStrings(const std::vector<std::string>& values) {
  if (values.empty()) return "[]";
  return json(values).dump(-1, ' ', false, json::error_handler_t::replace);
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
  json arr = json::array();
  for (const model::AffectedRange& r : ranges) {
    json events = json::array();
    for (const model::RangeEvent& e : r.events) {
      events.push_back(json::array({std::string(1, EventCode(e.kind)), e.version}));
    }
    json j{{"t", std::string(1, RangeCode(r.type))}, {"e", std::move(events)}};
    if (!r.repo.empty()) j["r"] = r.repo;
    arr.push_back(std::move(j));
  }
  return arr.dump(-1, ' ', false, json::error_handler_t::replace);
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
    range.type = t[0] == 'S' ? model::RangeType::kSemver
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
  json arr = json::array();
  for (const model::Reference& r : refs) arr.push_back(json::array({r.type, r.url}));
  return arr.dump(-1, ' ', false, json::error_handler_t::replace);
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
