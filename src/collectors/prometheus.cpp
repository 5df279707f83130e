#include "collectors/prometheus.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <vector>

#include <unistd.h>

#include "model/batch.h"
#include "net/http.h"
#include "parsers/prometheus_query.h"
#include "parsers/prometheus_text.h"
#include "parsers/trivy_metrics.h"

namespace vs::collectors {
namespace {

constexpr size_t kChunk = size_t{1} << 20;

// application/x-www-form-urlencoded value, as Prometheus reads its query parameters.
std::string FormEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string TrimSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

std::string Snippet(std::string_view body) {
  std::string s(body.substr(0, 200));
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

// Interpretation warnings (a series without an image, an unknown severity) do not make the run
// incomplete, unlike `errors`: they recur identically on every run. Kept in stats for the log.
void AddWarnings(const std::vector<model::Warning>& warnings, model::Collection& out) {
  out.stats["warnings"] = std::to_string(warnings.size());
  std::string text;
  for (size_t i = 0; i < warnings.size() && i < 20; ++i)
    text += (i ? "\n" : "") + warnings[i].record + ": " + warnings[i].reason;
  if (!text.empty()) out.stats["warning_list"] = text;
}

// Runs one instant query, feeding its series to `metrics`. Returns the API's info.
Result<parsers::PromQueryInfo> Query(const PrometheusOptions& options, std::string_view query,
                                     parsers::TrivyMetrics& metrics, model::Collection& out) {
  net::HttpRequest req;
  req.url = TrimSlash(options.url) + "/api/v1/query?query=" + FormEncode(query);
  req.timeout_s = options.timeout_s;
  req.headers.push_back({"Accept", "application/json"});
  Result<net::HttpResponse> resp = net::Fetch(req);
  if (!resp) return Fail(resp.error());
  // 400/422/503 carry the API's error envelope, which names the problem better than the status.
  if (resp->status != 200 && resp->status != 400 && resp->status != 422 && resp->status != 503) {
    return Fail(ErrorCode::kNetwork,
                req.url + ": HTTP " + std::to_string(resp->status) + ": " + Snippet(resp->body));
  }
  size_t bad = 0;
  Result<parsers::PromQueryInfo> info = parsers::ParsePromQueryResponse(
      resp->body,
      [&](const parsers::PromSample& s) {
        if (parsers::TrivyMetrics::IsRelevant(s.name))
          metrics.Add(s, "query result[" + std::to_string(s.line - 1) + "]");
      },
      [&](size_t index, std::string_view reason) {
        ++bad;
        out.errors.push_back("result[" + std::to_string(index - 1) + "]: " + std::string(reason));
      });
  if (!info) return Fail(info.error().WithContext(options.url));
  // A malformed series is data we did not read: the run is not complete.
  if (bad > 0) info->warnings.push_back(std::to_string(bad) + " malformed series skipped");
  return info;
}

Result<model::Collection> FromPrometheus(const PrometheusOptions& options) {
  model::Collection out;
  parsers::TrivyMetrics metrics;
  std::string query = options.query.empty() ? std::string(kDefaultPrometheusQuery) : options.query;
  Result<parsers::PromQueryInfo> info = Query(options, query, metrics, out);
  if (!info) return Fail(info.error());
  size_t series = info->series;
  std::vector<std::string> warnings = info->warnings;
  if (!metrics.has_container_info()) {
    // The join source, when the main query left it out (a custom query, or none deployed).
    Result<parsers::PromQueryInfo> join = Query(options, "kube_pod_container_info", metrics, out);
    if (!join) return Fail(join.error());
    series += join->series;
    warnings.insert(warnings.end(), join->warnings.begin(), join->warnings.end());
  }
  model::Batch batch;
  metrics.Finish(batch);
  for (const std::string& w : warnings) out.errors.push_back("prometheus warning: " + w);
  if (warnings.empty()) out.scopes.push_back("prometheus:" + TrimSlash(options.url));
  out.stats["series"] = std::to_string(series);
  out.assets = std::move(batch.reports);
  AddWarnings(batch.warnings, out);
  return out;
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

Result<model::Collection> FromExporter(const PrometheusOptions& options) {
  // The body goes to an unlinked temporary file and is parsed from there in chunks, so even a
  // scrape of millions of series never sits in memory whole.
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
  if (ec) dir = "/tmp";
  std::string tmpl = (dir / "vulnscope-scrape-XXXXXX").string();
  int fd = mkstemp(tmpl.data());
  if (fd < 0) return Fail(ErrorCode::kIo, "cannot create a temporary file in " + dir.string());
  ::close(fd);
  struct Remove {
    std::string path;
    ~Remove() { std::remove(path.c_str()); }
  } remove{tmpl};

  net::HttpRequest req;
  req.url = options.exporter;
  req.timeout_s = options.timeout_s;
  // Ask for the text format: client_golang exporters otherwise may answer in protobuf.
  req.headers.push_back({"Accept", "text/plain;version=0.0.4;q=1.0,*/*;q=0.1"});
  Result<net::HttpResponse> resp = net::Download(req, tmpl);
  if (!resp) return Fail(resp.error());
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(tmpl.c_str(), "rb"));
  if (!f) return Fail(ErrorCode::kIo, "cannot read " + tmpl);
  if (resp->status != 200) {
    char buf[200];
    size_t n = std::fread(buf, 1, sizeof(buf), f.get());
    return Fail(ErrorCode::kNetwork, options.exporter + ": HTTP " + std::to_string(resp->status) +
                                         ": " + Snippet(std::string_view(buf, n)));
  }
  if (auto it = resp->headers.find("content-type");
      it != resp->headers.end() && it->second.find("protobuf") != std::string::npos) {
    return Fail(ErrorCode::kInvalidInput,
                options.exporter + ": answered in protobuf (" + it->second + "), not text");
  }

  model::Collection out;
  parsers::TrivyMetrics metrics;
  std::string record;
  size_t bad = 0;
  parsers::PromTextParser parser(
      [&](const parsers::PromSample& s) {
        if (!parsers::TrivyMetrics::IsRelevant(s.name)) return;
        record = "line " + std::to_string(s.line);
        metrics.Add(s, record);
      },
      [&](size_t line, std::string_view reason) {
        if (++bad <= 100)
          out.errors.push_back("line " + std::to_string(line) + ": " + std::string(reason));
      });
  std::vector<char> buf(kChunk);
  for (;;) {
    size_t n = std::fread(buf.data(), 1, buf.size(), f.get());
    if (n > 0) parser.Feed(std::string_view(buf.data(), n));
    if (n < buf.size()) break;
  }
  if (std::ferror(f.get())) return Fail(ErrorCode::kIo, "cannot read " + tmpl);
  parser.Finish();
  if (parser.samples() == 0 && parser.errors() > 0) {
    return Fail(ErrorCode::kInvalidInput,
                options.exporter + ": not a Prometheus text exposition: " + out.errors.front());
  }
  if (bad > 100) out.errors.push_back(std::to_string(bad - 100) + " more malformed lines");
  model::Batch batch;
  metrics.Finish(batch);
  // A malformed line may have been a finding: retiring on this run could resolve it wrongly.
  if (bad == 0) out.scopes.push_back("prometheus:" + options.exporter);
  out.stats["lines"] = std::to_string(parser.lines());
  out.stats["samples"] = std::to_string(parser.samples());
  out.stats["malformed_lines"] = std::to_string(bad);
  out.assets = std::move(batch.reports);
  AddWarnings(batch.warnings, out);
  return out;
}

}  // namespace

Result<model::Collection> CollectPrometheus(const PrometheusOptions& options) {
  if (options.url.empty() == options.exporter.empty())
    return Fail(ErrorCode::kInvalidInput, "prometheus: give exactly one of --url and --exporter");
  Result<model::Collection> out =
      options.url.empty() ? FromExporter(options) : FromPrometheus(options);
  if (!out) return out;
  out->source = "prometheus";
  out->finding_source = "trivy";
  size_t findings = 0;
  for (const model::AssetReport& r : out->assets) findings += r.findings.size();
  out->stats["images"] = std::to_string(out->assets.size());
  out->stats["findings"] = std::to_string(findings);
  std::string scope = out->scopes.empty() ? std::string() : out->scopes.front();
  out->asset_scopes.assign(out->assets.size(), scope);
  return out;
}

}  // namespace vs::collectors
