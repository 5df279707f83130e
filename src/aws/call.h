// Plumbing shared by the AWS clients (S3, Athena, STS, IMDS): endpoint URLs, one signed HTTP
// call re-signed on every attempt, and retries with capped exponential backoff. Internal to
// vs_aws; callers use s3.h, athena.h and credentials.h.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "aws/sigv4.h"
#include "core/result.h"
#include "net/http.h"

namespace vs::aws {

// "https://host[:port][/base]" split up; `host` keeps a non-default port as the Host header
// does, `base_path` has no trailing '/'.
struct Endpoint {
  std::string scheme;
  std::string host;
  std::string base_path;

  std::string Url(std::string_view path, std::string_view query) const;
};

// Errors: kInvalidInput when `url` is not http(s)://host[...] or has a query or fragment.
Result<Endpoint> ParseEndpoint(std::string_view url);

struct CallSettings {
  long connect_timeout_s = 10;
  long timeout_s = 300;
  uint64_t max_bytes = 1ull << 30;
  int max_attempts = 5;  // Including the first.
  long initial_backoff_ms = 200;
  long max_backoff_ms = 5000;
  std::function<Clock::time_point()> clock;  // Signing time; system clock when empty.
};

struct Call {
  std::string method = "GET";
  std::string path = "/";  // Wire path (percent-encoded), appended to the endpoint's base path.
  Params query;            // Decoded; sent as the canonical query string.
  Params headers;          // Sent and signed.
  std::string body;
};

// True when a response is worth another attempt (besides network errors, always retried).
using RetryPredicate = std::function<bool(const net::HttpResponse&)>;

// Signs and performs `call`, retrying network errors and responses `retry` accepts. Returns
// the last response whatever its status. `creds` null sends the request unsigned (IMDS).
// Errors: those of Sign and net::Fetch (kNetwork after the last attempt).
Result<net::HttpResponse> Perform(const Endpoint& endpoint, const Call& call,
                                  const Credentials* creds, const SigningOptions& signing,
                                  const CallSettings& settings, const RetryPredicate& retry);

// Parses "2024-05-01T12:00:00Z" (fractional seconds and "+00:00" accepted).
Result<Clock::time_point> ParseIso8601(std::string_view s);

}  // namespace vs::aws
