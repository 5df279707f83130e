// Prometheus text exposition format 0.0.4 (formats.md §5.3): a streaming sample parser, plus the
// `prometheus_text` registry entry, which reads trivy vulnerability metrics (kube-trivy-exporter,
// trivy-operator) into image AssetReports. A PromTextParser is not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

struct PromLabel {
  std::string_view name;
  std::string_view value;  // Unescaped.
};

// One sample. Views point into the fed buffer (or into the parser's scratch for a line that
// crossed a chunk boundary or had escaped values) and are valid only during the callback.
struct PromSample {
  std::string_view name;
  std::span<const PromLabel> labels;  // In exposition order.
  double value = 0;                   // NaN, +Inf and -Inf included.
  std::optional<int64_t> timestamp_ms;
  size_t line = 0;  // 1-based.
};

// Value of label `name`, or "" when the sample has none (Prometheus treats both alike).
std::string_view PromLabelValue(std::span<const PromLabel> labels, std::string_view name);

using PromSampleFn = std::function<void(const PromSample&)>;
using PromErrorFn = std::function<void(size_t line, std::string_view reason)>;

// Incremental parser: Feed() any split of the body, then Finish(). Only the unfinished last
// line of a chunk is copied; everything else is parsed in place. # HELP, # TYPE, other
// comments and blank lines are skipped. A malformed line is reported through `on_error` with
// its line number and parsing continues with the next line.
class PromTextParser {
 public:
  PromTextParser(PromSampleFn on_sample, PromErrorFn on_error);

  void Feed(std::string_view chunk);
  // Parses a last line that has no final newline.
  void Finish();

  size_t lines() const { return line_; }
  size_t samples() const { return samples_; }
  size_t errors() const { return errors_; }

 private:
  void ParseLine(std::string_view line);
  void Error(std::string_view reason);
  void Overlong();

  PromSampleFn on_sample_;
  PromErrorFn on_error_;
  std::string partial_;    // The unfinished last line of the previous chunk.
  bool skipping_ = false;  // Inside an overlong line, dropped up to its newline.
  std::vector<PromLabel> labels_;
  std::vector<size_t> escaped_;  // Indexes into labels_ whose raw values need unescaping.
  std::string scratch_;          // Unescaped values.
  size_t line_ = 0;
  size_t samples_ = 0;
  size_t errors_ = 0;
};

// Parses a whole body (Feed + Finish). Returns the number of samples.
size_t ParsePromText(std::string_view body, const PromSampleFn& on_sample,
                     const PromErrorFn& on_error);

// Confidence that `head` is an exposition body: a first non-blank line "# HELP " or "# TYPE "
// (90), or complete lines that are all samples or comments (50).
int SniffPrometheusText(std::string_view head, std::string_view file_name);

// Parses an exposition body of trivy metrics into Batch::reports (one image asset per distinct
// image, see parsers/trivy_metrics.h). Malformed lines and uninterpretable series are warnings
// ("line N"). Fails (kInvalidInput) when the body has no valid sample line at all while having
// malformed ones (not an exposition body).
Result<model::Batch> ParsePrometheusText(std::string_view bytes);

}  // namespace vs::parsers
