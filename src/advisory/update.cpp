#include "advisory/update.h"

#include <cstdio>
#include <filesystem>
#include <map>

#include <unistd.h>

#include "advisory/import.h"
#include "net/http.h"

namespace vs::advisory {
namespace {

namespace fs = std::filesystem;

std::string Megabytes(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f MB", static_cast<double>(bytes) / 1e6);
  return buf;
}

// A private temporary directory, removed on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "vulnscope-update-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The feed's file name as served, so that content sniffing can fall back on it (".gz" kept:
// the document reader decompresses).
std::string DownloadName(const std::string& url) {
  std::string path = url.substr(0, url.find_first_of("?#"));
  std::string base = path.substr(path.find_last_of('/') + 1);
  if (base.empty()) base = "feed";
  for (char& c : base)
    if (c == '%') c = '_';
  return base;
}

FeedResult UpdateOne(store::Store& store, const config::Feed& feed,
                     const store::SourceInfo* previous, const UpdateOptions& options) {
  FeedResult result{feed.name, FeedOutcome::kFailed, ""};
  TempDir dir;
  if (dir.path().empty()) {
    result.detail = "cannot create a temporary directory";
    return result;
  }
  std::string file = dir.path() + "/" + DownloadName(feed.url);
  net::HttpRequest req;
  req.url = feed.url;
  req.timeout_s = feed.timeout_s;
  req.max_bytes = feed.max_bytes;
  req.max_attempts = options.max_attempts;
  req.initial_backoff_ms = options.initial_backoff_ms;
  // Validators only count while the stored data is good: after a failure, fetch in full.
  if (previous != nullptr && previous->status == "ok") {
    if (!previous->etag.empty()) req.headers.emplace_back("If-None-Match", previous->etag);
    if (!previous->last_modified.empty())
      req.headers.emplace_back("If-Modified-Since", previous->last_modified);
  }
  net::ProgressFn progress;
  if (options.progress) {
    progress = [&](uint64_t got, uint64_t total) {
      options.progress(feed.name + ": " + Megabytes(got) +
                       (total > 0 ? " of " + Megabytes(total) : ""));
    };
  }
  Result<net::HttpResponse> resp = net::Download(req, file, progress);
  if (!resp) {
    result.detail = resp.error().message;
  } else if (resp->status == 304) {
    result.outcome = FeedOutcome::kNotModified;
    result.detail = "not modified";
    return result;
  } else if (resp->status != 200) {
    result.detail = feed.url + ": HTTP " + std::to_string(resp->status);
  } else {
    store::SourceInfo info;
    info.name = feed.name;
    info.location = feed.url;
    if (auto it = resp->headers.find("etag"); it != resp->headers.end()) info.etag = it->second;
    if (auto it = resp->headers.find("last-modified"); it != resp->headers.end())
      info.last_modified = it->second;
    Result<ImportReport> report = ImportPath(store, file, info);
    if (!report) {
      // ImportPath recorded the failure on the source already.
      result.detail = report.error().message;
      return result;
    }
    result.outcome = FeedOutcome::kUpdated;
    result.detail = std::to_string(report->advisories) + " advisories, " +
                    std::to_string(report->exploits) + " exploit references, " +
                    std::to_string(report->epss) + " EPSS scores, " +
                    std::to_string(report->warnings.size()) + " warnings";
    return result;
  }
  (void)store.RecordSourceFailure(feed.name, feed.url, result.detail);
  return result;
}

}  // namespace

Result<std::vector<FeedResult>> UpdateFeeds(store::Store& store,
                                            const std::vector<config::Feed>& feeds,
                                            const UpdateOptions& options) {
  Result<std::vector<store::SourceInfo>> sources = store.Sources();
  if (!sources) return Fail(sources.error());
  std::map<std::string, store::SourceInfo> previous;
  for (store::SourceInfo& s : *sources) previous.emplace(s.name, std::move(s));
  std::vector<FeedResult> out;
  for (const config::Feed& feed : feeds) {
    auto it = previous.find(feed.name);
    out.push_back(UpdateOne(store, feed, it == previous.end() ? nullptr : &it->second, options));
  }
  return out;
}

}  // namespace vs::advisory
