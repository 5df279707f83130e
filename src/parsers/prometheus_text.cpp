#include "parsers/prometheus_text.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "parsers/trivy_metrics.h"

namespace vs::parsers {
namespace {

// A line longer than this is reported and dropped rather than buffered without bound.
constexpr size_t kMaxLine = size_t{16} << 20;

bool IsBlank(char c) { return c == ' ' || c == '\t'; }
bool IsNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }
bool IsLabelStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsLabelChar(char c) { return IsLabelStart(c) || (c >= '0' && c <= '9'); }

size_t SkipBlanks(std::string_view s, size_t i) {
  while (i < s.size() && IsBlank(s[i])) ++i;
  return i;
}

// Strict UTF-8 (no overlongs, surrogates or code points above U+10FFFF), as Go's
// utf8.ValidString, which Prometheus applies to label values.
bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (i + len > n) return false;
    if (p[i + 1] < lo || p[i + 1] > hi) return false;
    for (size_t k = 2; k < len; ++k)
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return false;
    i += len;
  }
  return true;
}

bool HasHighBit(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  return false;
}

// Go's strconv.ParseFloat spellings that Prometheus writes: decimal and exponent forms, "NaN",
// "+Inf", "-Inf" (case-insensitive, as Go accepts them).
std::optional<double> ParseValue(std::string_view s) {
  if (s.empty()) return std::nullopt;
  bool plus = s.front() == '+';
  if (plus) s.remove_prefix(1);
  if (s.empty() || s.front() == '+' || (plus && s.front() == '-')) return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc::result_out_of_range) {
    // Go returns ±Inf for overflow and 0 for underflow, both without failing the scrape.
    bool neg = s.front() == '-';
    size_t e = s.find_first_of("eE");
    bool underflow = e != std::string_view::npos && e + 1 < s.size() && s[e + 1] == '-';
    if (underflow) return neg ? -0.0 : 0.0;
    return neg ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  }
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<int64_t> ParseTimestamp(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

// Appends the unescaped form of a raw label value (escapes already validated).
void Unescape(std::string_view raw, std::string& out) {
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '\\' && i + 1 < raw.size()) {
      char e = raw[++i];
      out.push_back(e == 'n' ? '\n' : e);
    } else {
      out.push_back(c);
    }
  }
}

}  // namespace

std::string_view PromLabelValue(std::span<const PromLabel> labels, std::string_view name) {
  for (const PromLabel& l : labels)
    if (l.name == name) return l.value;
  return {};
}

PromTextParser::PromTextParser(PromSampleFn on_sample, PromErrorFn on_error)
    : on_sample_(std::move(on_sample)), on_error_(std::move(on_error)) {}

void PromTextParser::Error(std::string_view reason) {
  ++errors_;
  if (on_error_) on_error_(line_, reason);
}

void PromTextParser::Overlong() {
  ++line_;
  Error("line longer than 16 MiB");
  partial_.clear();
  skipping_ = true;
}

void PromTextParser::Feed(std::string_view chunk) {
  if (skipping_ || !partial_.empty()) {
    const void* nl = std::memchr(chunk.data(), '\n', chunk.size());
    if (nl == nullptr) {
      if (skipping_) return;
      if (partial_.size() + chunk.size() > kMaxLine) return Overlong();
      partial_.append(chunk);
      return;
    }
    size_t n = static_cast<const char*>(nl) - chunk.data();
    if (skipping_) {
      skipping_ = false;  // The overlong line ends here; it was reported already.
    } else {
      partial_.append(chunk.data(), n);
      ParseLine(partial_);
      partial_.clear();
    }
    chunk.remove_prefix(n + 1);
  }
  while (!chunk.empty()) {
    const void* nl = std::memchr(chunk.data(), '\n', chunk.size());
    if (nl == nullptr) break;
    size_t n = static_cast<const char*>(nl) - chunk.data();
    ParseLine(chunk.substr(0, n));
    chunk.remove_prefix(n + 1);
  }
  if (chunk.size() > kMaxLine) return Overlong();
  partial_.assign(chunk);
}

void PromTextParser::Finish() {
  if (!skipping_ && !partial_.empty()) ParseLine(partial_);
  skipping_ = false;
  partial_.clear();
}

void PromTextParser::ParseLine(std::string_view s) {
  ++line_;
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  size_t i = SkipBlanks(s, 0);
  // Blank lines, # HELP, # TYPE and other comments carry no samples.
  if (i == s.size() || s[i] == '#') return;

  PromSample sample;
  sample.line = line_;
  if (!IsNameStart(s[i])) return Error("metric name expected");
  size_t name_start = i;
  while (i < s.size() && IsNameChar(s[i])) ++i;
  sample.name = s.substr(name_start, i - name_start);
  i = SkipBlanks(s, i);

  labels_.clear();
  escaped_.clear();
  if (i < s.size() && s[i] == '{') {
    ++i;
    for (;;) {
      i = SkipBlanks(s, i);
      if (i < s.size() && s[i] == '}') {
        ++i;
        break;
      }
      if (i >= s.size() || !IsLabelStart(s[i])) return Error("label name expected");
      size_t ln = i;
      while (i < s.size() && IsLabelChar(s[i])) ++i;
      std::string_view label = s.substr(ln, i - ln);
      i = SkipBlanks(s, i);
      if (i >= s.size() || s[i] != '=')
        return Error("'=' expected after label " + std::string(label));
      i = SkipBlanks(s, i + 1);
      if (i >= s.size() || s[i] != '"')
        return Error("'\"' expected for label " + std::string(label));
      size_t vs = ++i;
      bool escaped = false;
      size_t qi = 0;  // The next quote at or after i, when qi >= i.
      for (;;) {
        // The closing quote, unless a backslash comes first. Two memchr calls beat
        // find_first_of, which tests each byte against the set one call at a time; the quote
        // is searched again only once an escape has passed it, so many escapes stay linear.
        if (qi < i) {
          const char* q = static_cast<const char*>(std::memchr(s.data() + i, '"', s.size() - i));
          if (q == nullptr) return Error("unterminated value of label " + std::string(label));
          qi = static_cast<size_t>(q - s.data());
        }
        const char* b = static_cast<const char*>(std::memchr(s.data() + i, '\\', qi - i));
        if (b == nullptr) {
          i = qi;
          break;
        }
        size_t bi = static_cast<size_t>(b - s.data());
        char e = s[bi + 1];  // Exists: bi < qi.
        if (e != '\\' && e != '"' && e != 'n')
          return Error("invalid escape \\" + std::string(1, e) + " in label " + std::string(label));
        escaped = true;
        i = bi + 2;
      }
      std::string_view raw = s.substr(vs, i - vs);
      ++i;  // Closing quote.
      if (HasHighBit(raw) && !IsValidUtf8(raw))
        return Error("label " + std::string(label) + " is not valid UTF-8");
      for (const PromLabel& l : labels_)
        if (l.name == label) return Error("duplicate label " + std::string(label));
      if (escaped) escaped_.push_back(labels_.size());
      labels_.push_back({label, raw});
      i = SkipBlanks(s, i);
      if (i < s.size() && s[i] == ',') {
        ++i;
        continue;
      }
      if (i < s.size() && s[i] == '}') {
        ++i;
        break;
      }
      return Error("',' or '}' expected after label " + std::string(label));
    }
    i = SkipBlanks(s, i);
  }

  size_t v0 = i;
  while (i < s.size() && !IsBlank(s[i])) ++i;
  if (v0 == i) return Error("sample value expected");
  std::optional<double> value = ParseValue(s.substr(v0, i - v0));
  if (!value) return Error("invalid sample value \"" + std::string(s.substr(v0, i - v0)) + "\"");
  sample.value = *value;
  i = SkipBlanks(s, i);
  if (i < s.size()) {
    size_t t0 = i;
    while (i < s.size() && !IsBlank(s[i])) ++i;
    std::optional<int64_t> ts = ParseTimestamp(s.substr(t0, i - t0));
    if (!ts) return Error("invalid timestamp \"" + std::string(s.substr(t0, i - t0)) + "\"");
    sample.timestamp_ms = ts;
    if (SkipBlanks(s, i) != s.size()) return Error("unexpected text after timestamp");
  }

  if (!escaped_.empty()) {
    // Unescape into scratch first and take views afterwards, so growth cannot move them.
    scratch_.clear();
    std::vector<size_t>& offsets = escaped_;
    size_t n = offsets.size();
    offsets.resize(2 * n);
    for (size_t k = 0; k < n; ++k) {
      offsets[n + k] = scratch_.size();
      Unescape(labels_[offsets[k]].value, scratch_);
    }
    for (size_t k = 0; k < n; ++k) {
      size_t end = k + 1 < n ? offsets[n + k + 1] : scratch_.size();
      labels_[offsets[k]].value =
          std::string_view(scratch_).substr(offsets[n + k], end - offsets[n + k]);
    }
  }
  sample.labels = labels_;
  ++samples_;
  if (on_sample_) on_sample_(sample);
}

size_t ParsePromText(std::string_view body, const PromSampleFn& on_sample,
                     const PromErrorFn& on_error) {
  PromTextParser parser(on_sample, on_error);
  parser.Feed(body);
  parser.Finish();
  return parser.samples();
}

int SniffPrometheusText(std::string_view head, std::string_view) {
  size_t i = 0;
  while (i < head.size() && (IsBlank(head[i]) || head[i] == '\n' || head[i] == '\r')) ++i;
  std::string_view rest = head.substr(i);
  if (rest.starts_with("# HELP ") || rest.starts_with("# TYPE ")) {
    // "# TYPE name gauge": the name must be a metric name.
    size_t n = 7;
    if (n < rest.size() && IsNameStart(rest[n])) return 90;
    return 0;
  }
  // No header: every complete line of the head must be a sample or a comment.
  size_t nl = rest.rfind('\n');
  if (nl == std::string_view::npos) return 0;  // A lone fragment: too little to tell.
  PromTextParser probe(nullptr, nullptr);
  probe.Feed(rest.substr(0, nl + 1));
  return probe.samples() > 0 && probe.errors() == 0 ? 50 : 0;
}

Result<model::Batch> ParsePrometheusText(std::string_view bytes) {
  model::Batch batch;
  TrivyMetrics metrics;
  std::string record;
  PromTextParser parser(
      [&](const PromSample& s) {
        if (!TrivyMetrics::IsRelevant(s.name)) return;
        record = "line " + std::to_string(s.line);
        metrics.Add(s, record);
      },
      [&](size_t line, std::string_view reason) {
        // A flood of bad lines (a binary file, say) is summarised rather than listed.
        if (batch.warnings.size() < 1000)
          batch.warnings.push_back({"line " + std::to_string(line), std::string(reason)});
      });
  parser.Feed(bytes);
  parser.Finish();
  if (parser.samples() == 0 && parser.errors() > 0) {
    return Fail(ErrorCode::kInvalidInput, "prometheus_text: no valid sample line; " +
                                              batch.warnings.front().record + ": " +
                                              batch.warnings.front().reason);
  }
  if (parser.errors() > batch.warnings.size()) {
    batch.warnings.push_back({"", std::to_string(parser.errors() - batch.warnings.size()) +
                                      " more malformed lines not listed"});
  }
  metrics.Finish(batch);
  return batch;
}

}  // namespace vs::parsers
