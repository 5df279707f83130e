// Prometheus HTTP API instant-query response (`/api/v1/query`, formats.md §5.4): the JSON
// envelope, its instant vector as PromSamples, and the `prometheus_query` registry entry, which
// reads trivy metrics from it into image AssetReports (parsers/trivy_metrics.h).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "model/batch.h"
#include "parsers/prometheus_text.h"

namespace vs::parsers {

struct PromQueryInfo {
  size_t series = 0;
  // The API's "warnings" (the result may be incomplete, e.g. a failed remote read) and
  // "infos" (notes about the query itself).
  std::vector<std::string> warnings;
  std::vector<std::string> infos;
};

// Calls `on_sample` for every series of a vector result: name = __name__ (which is left out of
// the labels), value parsed from its string, timestamp_ms from the evaluation time, line =
// 1-based index in `result`. Malformed series go to `on_error` (with that index) and are
// skipped. Errors: kInvalidInput when the body is not JSON or not an API envelope;
// kInvalidInput naming errorType and error for `"status":"error"`; kUnsupported for
// matrix/scalar/string results.
Result<PromQueryInfo> ParsePromQueryResponse(std::string_view json, const PromSampleFn& on_sample,
                                             const PromErrorFn& on_error);

// Confidence that `head` is an API response: a JSON object opening with a "status" member and
// mentioning "resultType" or "errorType" (90).
int SniffPrometheusQuery(std::string_view head, std::string_view file_name);

// Trivy metrics from one response into Batch::reports; API warnings become Batch warnings.
// Errors as ParsePromQueryResponse.
Result<model::Batch> ParsePrometheusQuery(std::string_view bytes);

}  // namespace vs::parsers
