// HTTP client over libcurl: the only network code besides the AWS and LDAP clients. Requests
// have timeouts and size limits; transient failures (connection errors, 429, 5xx) are
// retried with exponential backoff. Thread-safe: each call uses its own curl handle.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"

namespace vs::net {

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  long connect_timeout_s = 15;
  long timeout_s = 300;             // Whole transfer.
  uint64_t max_bytes = 2ull << 30;  // Larger responses fail with kInvalidInput.
  int max_attempts = 4;             // Retries of transient failures, with backoff.
  long initial_backoff_ms = 500;
};

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // Lower-case names; last value wins.
  std::string body;
};

// Called with (bytes received, total or 0 when unknown) during a transfer.
using ProgressFn = std::function<void(uint64_t received, uint64_t total)>;

// Performs `req`, following redirects. Any HTTP status is a successful Result; the caller
// judges it. Errors: kNetwork (after retries), kInvalidInput (over max_bytes).
Result<HttpResponse> Fetch(const HttpRequest& req, const ProgressFn& progress = nullptr);

// Streams the response body into `path` (created or truncated) instead of memory; for
// conditional requests put If-None-Match / If-Modified-Since in `req.headers` (a 304 leaves
// `path` empty). Returns the response with an empty body. Errors as Fetch.
Result<HttpResponse> Download(const HttpRequest& req, const std::string& path,
                              const ProgressFn& progress = nullptr);

// True for statuses worth retrying: 408, 425, 429, 500, 502, 503, 504.
bool IsTransientStatus(long status);

}  // namespace vs::net
