// Trivy vulnerability metrics (formats.md §5.1, §5.2) → image AssetReports: kube-trivy-exporter's
// `trivy_vulnerabilities`, trivy-operator's `trivy_vulnerability_id` (per CVE) and
// `trivy_image_vulnerabilities` (counts), joined with kube-state-metrics'
// `kube_pod_container_info` for namespaces, workloads and digests. Shared by the exposition
// parser and the Prometheus API parser; not thread-safe.
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/batch.h"
#include "parsers/prometheus_text.h"

namespace vs::parsers {

class TrivyMetrics {
 public:
  // True for the metric names Add() reads; callers skip every other series cheaply.
  static bool IsRelevant(std::string_view metric);

  // Takes one series (its labels are copied as needed). `record` names it in warnings
  // ("line 12", "result[3]"). A per-CVE series becomes a finding when its value is > 0.
  void Add(const PromSample& sample, std::string_view record);

  // Appends one AssetReport per distinct image (sorted by asset key, findings by external id)
  // and the warnings gathered so far to `batch`.
  void Finish(model::Batch& batch);

  // True when at least one kube_pod_container_info series was added.
  bool has_container_info() const { return !containers_.empty(); }

 private:
  struct Image {
    std::string reference;  // As deployed: "registry.example.com/shop/web:1.4.2".
    std::string digest;     // "sha256:…" when known.
    std::set<std::string> namespaces;
    std::set<std::string> workloads;                         // "namespace/Kind/name".
    std::map<std::string, model::ExternalFinding> findings;  // By external_id.
    std::map<std::string, double> counts;                    // trivy-operator, by severity.
  };
  struct Container {
    std::string ns, pod, image, image_spec, image_id;
  };
  struct Skipped {
    std::string first_record;
    size_t series = 0;
  };

  Image& ImageFor(const std::string& reference, const std::string& digest);
  void AddExporter(const PromSample& s, std::string_view record);
  void AddOperator(const PromSample& s, std::string_view record, bool per_cve);
  void AddContainer(const PromSample& s);
  void Warn(std::string_view record, std::string reason);

  std::map<std::string, Image> images_;  // By reference + "@" + digest.
  std::vector<Container> containers_;
  std::map<std::string, Skipped> lang_targets_;  // kube-trivy-exporter series with no image.
  std::vector<model::Warning> warnings_;
  size_t dropped_warnings_ = 0;  // Beyond the first 1000.
};

}  // namespace vs::parsers
