#include "parsers/prometheus_query.h"

#include <charconv>
#include <cmath>
#include <vector>

#include <simdjson.h>

#include "parsers/trivy_metrics.h"

namespace vs::parsers {
namespace {

constexpr std::string_view kKey = "prometheus_query";

std::string_view GetString(simdjson::dom::object object, const char* key) {
  std::string_view value;
  if (object[key].get_string().get(value) != simdjson::SUCCESS) return {};
  return value;
}

std::vector<std::string> GetStrings(simdjson::dom::object object, const char* key) {
  std::vector<std::string> out;
  simdjson::dom::array array;
  if (object[key].get_array().get(array) != simdjson::SUCCESS) return out;
  for (simdjson::dom::element e : array) {
    std::string_view s;
    if (e.get_string().get(s) == simdjson::SUCCESS) out.emplace_back(s);
  }
  return out;
}

// Sample values are strings in Go's float syntax: "1", "NaN", "+Inf", "-Inf".
std::optional<double> ParseValueString(std::string_view s) {
  if (s == "NaN") return std::nan("");
  if (s == "+Inf") return HUGE_VAL;
  if (s == "-Inf") return -HUGE_VAL;
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

Result<PromQueryInfo> ParsePromQueryResponse(std::string_view json, const PromSampleFn& on_sample,
                                             const PromErrorFn& on_error) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::element doc;
  if (auto error = parser.parse(padded).get(doc); error != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidInput,
                std::string(kKey) + ": not JSON: " + simdjson::error_message(error));
  }
  simdjson::dom::object top;
  if (doc.get_object().get(top) != simdjson::SUCCESS)
    return Fail(ErrorCode::kInvalidInput, std::string(kKey) + ": not a JSON object");
  std::string_view status = GetString(top, "status");
  if (status == "error") {
    return Fail(ErrorCode::kInvalidInput, std::string(kKey) + ": " +
                                              std::string(GetString(top, "errorType")) + ": " +
                                              std::string(GetString(top, "error")));
  }
  if (status != "success")
    return Fail(ErrorCode::kInvalidInput, std::string(kKey) + ": no \"status\": \"success\"");
  PromQueryInfo info;
  info.warnings = GetStrings(top, "warnings");
  info.infos = GetStrings(top, "infos");
  simdjson::dom::object data;
  if (top["data"].get_object().get(data) != simdjson::SUCCESS)
    return Fail(ErrorCode::kInvalidInput, std::string(kKey) + ": no \"data\" object");
  std::string_view type = GetString(data, "resultType");
  if (type != "vector") {
    return Fail(ErrorCode::kUnsupported,
                std::string(kKey) + ": resultType \"" + std::string(type) +
                    "\" (only instant vectors are read; use an instant query for series)");
  }
  simdjson::dom::array result;
  if (data["result"].get_array().get(result) != simdjson::SUCCESS)
    return Fail(ErrorCode::kInvalidInput, std::string(kKey) + ": no \"result\" array");

  std::vector<PromLabel> labels;
  size_t index = 0;
  for (simdjson::dom::element e : result) {
    ++index;
    auto bad = [&](std::string_view reason) {
      if (on_error) on_error(index, reason);
    };
    simdjson::dom::object series, metric;
    simdjson::dom::array value;
    if (e.get_object().get(series) != simdjson::SUCCESS ||
        series["metric"].get_object().get(metric) != simdjson::SUCCESS ||
        series["value"].get_array().get(value) != simdjson::SUCCESS) {
      bad("series without metric object or value pair");
      continue;
    }
    PromSample sample;
    sample.line = index;
    labels.clear();
    bool ok = true;
    for (auto [key, v] : metric) {
      std::string_view s;
      if (v.get_string().get(s) != simdjson::SUCCESS) {
        ok = false;
        break;
      }
      if (key == "__name__")
        sample.name = s;
      else
        labels.push_back({key, s});
    }
    if (!ok) {
      bad("label value is not a string");
      continue;
    }
    double t = 0;
    std::string_view v;
    if (value.size() != 2 || value.at(0).get_double().get(t) != simdjson::SUCCESS ||
        value.at(1).get_string().get(v) != simdjson::SUCCESS) {
      bad("value is not [time, \"value\"]");
      continue;
    }
    std::optional<double> parsed = ParseValueString(v);
    if (!parsed) {
      bad("invalid sample value \"" + std::string(v) + "\"");
      continue;
    }
    sample.value = *parsed;
    if (std::isfinite(t) && std::fabs(t) < 9e15)
      sample.timestamp_ms = static_cast<int64_t>(std::llround(t * 1000));
    sample.labels = labels;
    ++info.series;
    if (on_sample) on_sample(sample);
  }
  return info;
}

int SniffPrometheusQuery(std::string_view head, std::string_view) {
  size_t i = head.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos || head[i] != '{') return 0;
  size_t j = head.find_first_not_of(" \t\r\n", i + 1);
  if (j == std::string_view::npos || head.substr(j, 8) != "\"status\"") return 0;
  return head.find("\"resultType\"") != std::string_view::npos ||
                 head.find("\"errorType\"") != std::string_view::npos
             ? 90
             : 0;
}

Result<model::Batch> ParsePrometheusQuery(std::string_view bytes) {
  model::Batch batch;
  TrivyMetrics metrics;
  Result<PromQueryInfo> info = ParsePromQueryResponse(
      bytes,
      [&](const PromSample& s) {
        if (TrivyMetrics::IsRelevant(s.name))
          metrics.Add(s, "result[" + std::to_string(s.line - 1) + "]");
      },
      [&](size_t index, std::string_view reason) {
        batch.warnings.push_back(
            {"result[" + std::to_string(index - 1) + "]", std::string(reason)});
      });
  if (!info) return Fail(info.error());
  for (const std::string& w : info->warnings) batch.warnings.push_back({"warnings", w});
  metrics.Finish(batch);
  return batch;
}

}  // namespace vs::parsers
