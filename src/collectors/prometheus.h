// `vulnscope collect prometheus`: Kubernetes images and their Trivy findings from trivy metrics,
// either through a Prometheus server's HTTP API (`--url`) or by scraping a kube-trivy-exporter /
// trivy-operator exposition endpoint directly (`--exporter`).
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "model/asset.h"

namespace vs::collectors {

// Selects every series the interpretation reads (parsers/trivy_metrics.h), the
// kube-state-metrics join included, in one evaluation.
inline constexpr std::string_view kDefaultPrometheusQuery =
    R"({__name__=~"trivy_vulnerabilities|trivy_vulnerability_id|trivy_image_vulnerabilities|kube_pod_container_info"})";

struct PrometheusOptions {
  std::string url;       // Prometheus base URL ("http://prometheus:9090"); or
  std::string exporter;  // an exposition endpoint ("http://exporter:9090/metrics").
  std::string query;     // --url mode; "" means kDefaultPrometheusQuery.
  long timeout_s = 120;
};

// Returns Collection{source "prometheus", finding_source "trivy"} with one image AssetReport per
// distinct image. With a custom query that returns no kube_pod_container_info series, a second
// query fetches them for the namespace/workload join. The scope "prometheus:<url>" (or
// "prometheus:<exporter>") is set only when the run saw everything: API warnings or malformed
// exposition lines go to `errors` and leave it unset, so no stored image is retired on partial
// data. Stats: series, samples/lines, images, findings, skipped (malformed) lines.
// Errors: kInvalidInput (neither or both modes; an API error envelope or a body that is not
// an exposition), kNetwork (unreachable, or a non-200 status), kIo (temporary file).
Result<model::Collection> CollectPrometheus(const PrometheusOptions& options);

}  // namespace vs::collectors
