#include "aws/call.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <ctime>
#include <thread>

namespace vs::aws {

std::string Endpoint::Url(std::string_view path, std::string_view query) const {
  std::string url = scheme + "://" + host + base_path;
  url.append(path.empty() ? "/" : path);
  if (!query.empty()) url.append("?").append(query);
  return url;
}

Result<Endpoint> ParseEndpoint(std::string_view url) {
  Endpoint ep;
  size_t sep = url.find("://");
  if (sep == std::string_view::npos) {
    return Fail(ErrorCode::kInvalidInput, "endpoint \"" + std::string(url) + "\" has no scheme");
  }
  ep.scheme = std::string(url.substr(0, sep));
  if (ep.scheme != "http" && ep.scheme != "https") {
    return Fail(ErrorCode::kInvalidInput, "endpoint \"" + std::string(url) + "\": not http(s)");
  }
  std::string_view rest = url.substr(sep + 3);
  if (rest.find_first_of("?#") != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidInput,
                "endpoint \"" + std::string(url) + "\" must not have a query or fragment");
  }
  size_t slash = rest.find('/');
  std::string_view host = rest.substr(0, slash);
  if (host.empty() || host.find('@') != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidInput, "endpoint \"" + std::string(url) + "\": bad host");
  }
  // Drop an explicit default port: the Host header curl sends (and we sign) omits it.
  std::string_view default_port = ep.scheme == "https" ? ":443" : ":80";
  if (host.ends_with(default_port)) host.remove_suffix(default_port.size());
  ep.host = std::string(host);
  if (slash != std::string_view::npos) {
    std::string_view base = rest.substr(slash);
    while (base.ends_with('/')) base.remove_suffix(1);
    ep.base_path = std::string(base);
  }
  return ep;
}

Result<net::HttpResponse> Perform(const Endpoint& endpoint, const Call& call,
                                  const Credentials* creds, const SigningOptions& signing,
                                  const CallSettings& settings, const RetryPredicate& retry) {
  const std::string path = endpoint.base_path + (call.path.empty() ? "/" : call.path);
  const std::string query = CanonicalQuery(call.query);
  long backoff = std::max(1L, settings.initial_backoff_ms);
  const int attempts = std::max(1, settings.max_attempts);
  Result<net::HttpResponse> last = Fail(ErrorCode::kNetwork, "no attempt made");
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    net::HttpRequest http;
    http.method = call.method;
    http.url = endpoint.scheme + "://" + endpoint.host + path + (query.empty() ? "" : "?" + query);
    http.headers = call.headers;
    http.body = call.body;
    http.connect_timeout_s = settings.connect_timeout_s;
    http.timeout_s = settings.timeout_s;
    http.max_bytes = settings.max_bytes;
    http.max_attempts = 1;  // Retries happen here, so that each attempt is signed afresh.
    if (creds != nullptr) {
      SignableRequest sreq{.method = call.method,
                           .host = endpoint.host,
                           .path = path,
                           .query = call.query,
                           .headers = call.headers,
                           .body = call.body};
      Clock::time_point now = settings.clock ? settings.clock() : Clock::now();
      Result<Signature> sig = Sign(sreq, *creds, signing, now);
      if (!sig) return Fail(sig.error());
      for (auto& h : sig->headers) http.headers.push_back(std::move(h));
    }
    last = net::Fetch(http);
    bool again = last ? (retry && retry(*last)) : last.error().code == ErrorCode::kNetwork;
    if (!again || attempt == attempts) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(backoff));
    backoff = std::min(backoff * 2, std::max(1L, settings.max_backoff_ms));
  }
  return last;
}

Result<Clock::time_point> ParseIso8601(std::string_view s) {
  auto bad = [&] {
    return Fail(ErrorCode::kInvalidInput, "bad ISO 8601 time \"" + std::string(s) + "\"");
  };
  // YYYY-MM-DDTHH:MM:SS then optional .fff and Z or +00:00.
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') ||
      s[13] != ':' || s[16] != ':') {
    return bad();
  }
  auto num = [&](size_t pos, size_t len, int& out) {
    auto [p, ec] = std::from_chars(s.data() + pos, s.data() + pos + len, out);
    return ec == std::errc() && p == s.data() + pos + len;
  };
  std::tm tm{};
  int year, mon, day, hour, min, sec;
  if (!num(0, 4, year) || !num(5, 2, mon) || !num(8, 2, day) || !num(11, 2, hour) ||
      !num(14, 2, min) || !num(17, 2, sec)) {
    return bad();
  }
  std::string_view rest = s.substr(19);
  if (rest.starts_with('.')) {
    size_t i = 1;
    while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') ++i;
    rest.remove_prefix(i);
  }
  if (rest != "Z" && rest != "z" && rest != "+00:00") return bad();
  if (mon < 1 || mon > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60) {
    return bad();
  }
  tm.tm_year = year - 1900;
  tm.tm_mon = mon - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = min;
  tm.tm_sec = sec;
  return Clock::from_time_t(timegm(&tm));
}

}  // namespace vs::aws
