#include "net/http.h"

#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

#include <curl/curl.h>
#include <unistd.h>

namespace vs::net {
namespace {

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Sink {
  std::string* body = nullptr;  // In-memory transfer.
  std::FILE* file = nullptr;    // Or streamed to a file.
  uint64_t received = 0;
  uint64_t max_bytes = 0;
  bool too_large = false;
  std::map<std::string, std::string>* headers = nullptr;
  const ProgressFn* progress = nullptr;
};

size_t OnData(char* data, size_t size, size_t n, void* user) {
  auto* sink = static_cast<Sink*>(user);
  size_t len = size * n;
  sink->received += len;
  if (sink->received > sink->max_bytes) {
    sink->too_large = true;
    return 0;  // Aborts the transfer.
  }
  if (sink->file != nullptr) {
    if (std::fwrite(data, 1, len, sink->file) != len) return 0;
  } else {
    sink->body->append(data, len);
  }
  return len;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* sink = static_cast<Sink*>(user);
  std::string line(data, size * n);
  // A new status line (after a redirect or 100 Continue) starts a fresh header set.
  if (line.rfind("HTTP/", 0) == 0) {
    sink->headers->clear();
    return size * n;
  }
  size_t colon = line.find(':');
  if (colon == std::string::npos) return size * n;
  std::string name = line.substr(0, colon);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
    value.erase(value.begin());
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
    value.pop_back();
  (*sink->headers)[name] = value;
  return size * n;
}

int OnProgress(void* user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t, curl_off_t) {
  auto* sink = static_cast<Sink*>(user);
  if (sink->progress != nullptr && *sink->progress) {
    (*sink->progress)(static_cast<uint64_t>(dlnow), static_cast<uint64_t>(dltotal));
  }
  return 0;
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

// One attempt. `file` non-null streams the body there.
Result<HttpResponse> Attempt(const HttpRequest& req, std::FILE* file, const ProgressFn& progress) {
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return Fail(ErrorCode::kInternal, "curl_easy_init failed");
  HttpResponse resp;
  Sink sink;
  sink.body = &resp.body;
  sink.file = file;
  sink.max_bytes = req.max_bytes;
  sink.headers = &resp.headers;
  sink.progress = &progress;
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  for (const auto& [k, v] : req.headers) {
    std::string h = k + ": " + v;
    headers.reset(curl_slist_append(headers.release(), h.c_str()));
  }
  char errbuf[CURL_ERROR_SIZE] = {0};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req.method.c_str());
  if (req.method == "HEAD") curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  if (!req.body.empty() || req.method == "POST" || req.method == "PUT") {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, req.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, req.connect_timeout_s);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, req.timeout_s);
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // gzip/deflate/br transparently.
  curl_easy_setopt(c, CURLOPT_USERAGENT, "vulnscope/" VS_VERSION_STRING);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnData);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &sink);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  if (progress) {
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, OnProgress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &sink);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  }
  // Loopback must never be routed through a proxy from the environment.
  if (req.url.find("://127.") != std::string::npos ||
      req.url.find("://localhost") != std::string::npos ||
      req.url.find("://[::1]") != std::string::npos) {
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
  }
  CURLcode rc = curl_easy_perform(c);
  if (sink.too_large) {
    return Fail(ErrorCode::kInvalidInput, req.url + ": response larger than the limit of " +
                                              std::to_string(req.max_bytes) + " bytes");
  }
  if (rc != CURLE_OK) {
    return Fail(ErrorCode::kNetwork,
                req.url + ": " + (errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc)));
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp.status);
  return resp;
}

Result<HttpResponse> WithRetries(const HttpRequest& req, std::FILE* file,
                                 const ProgressFn& progress) {
  GlobalInit();
  long backoff = req.initial_backoff_ms;
  Result<HttpResponse> last = Fail(ErrorCode::kNetwork, "no attempt made");
  for (int attempt = 1; attempt <= std::max(1, req.max_attempts); ++attempt) {
    if (file != nullptr) {
      std::rewind(file);
      if (ftruncate(fileno(file), 0) != 0)
        return Fail(ErrorCode::kIo, "cannot truncate download file");
    }
    last = Attempt(req, file, progress);
    bool transient =
        last ? IsTransientStatus(last->status) : last.error().code == ErrorCode::kNetwork;
    if (!transient || attempt == req.max_attempts) break;
    long wait = backoff;
    // Honour Retry-After (seconds) when the server sends one, within reason.
    if (last) {
      if (auto it = last->headers.find("retry-after"); it != last->headers.end()) {
        long secs = std::atol(it->second.c_str());
        if (secs > 0 && secs <= 120) wait = secs * 1000;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(wait));
    backoff *= 2;
  }
  return last;
}

}  // namespace

bool IsTransientStatus(long status) {
  return status == 408 || status == 425 || status == 429 || status == 500 || status == 502 ||
         status == 503 || status == 504;
}

Result<HttpResponse> Fetch(const HttpRequest& req, const ProgressFn& progress) {
  return WithRetries(req, nullptr, progress);
}

Result<HttpResponse> Download(const HttpRequest& req, const std::string& path,
                              const ProgressFn& progress) {
  std::FILE* f = std::fopen(path.c_str(), "w+b");
  if (f == nullptr) return Fail(ErrorCode::kIo, "cannot create " + path);
  Result<HttpResponse> r = WithRetries(req, f, progress);
  if (std::fclose(f) != 0 && r) return Fail(ErrorCode::kIo, "cannot write " + path);
  return r;
}

}  // namespace vs::net
