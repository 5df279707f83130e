#include "collectors/github.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <set>
#include <thread>
#include <utility>

#include "net/http.h"
#include "parsers/dependabot_alerts.h"
#include "parsers/github_api.h"

namespace vs::collectors {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr size_t kWarningsInStats = 20;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::optional<int64_t> ToInt(std::string_view s) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::string Header(const net::HttpResponse& r, const std::string& name) {
  auto it = r.headers.find(name);
  return it == r.headers.end() ? std::string() : it->second;
}

// "scheme://host[:port]" of a URL, lower-cased; "" when it has no scheme.
std::string Origin(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  size_t end = url.find_first_of("/?#", scheme + 3);
  return Lower(url.substr(0, end));
}

// The rel="next" target of an RFC 8288 Link header:
//   <https://api.github.com/organizations/1/dependabot/alerts?after=Y3…>; rel="next", <…>;
//   rel="prev"
std::string NextLink(std::string_view link) {
  size_t pos = 0;
  while ((pos = link.find('<', pos)) != std::string_view::npos) {
    size_t close = link.find('>', pos);
    if (close == std::string_view::npos) return {};
    std::string_view target = link.substr(pos + 1, close - pos - 1);
    size_t next_entry = link.find('<', close);
    std::string params = Lower(link.substr(close + 1, next_entry == std::string_view::npos
                                                          ? std::string_view::npos
                                                          : next_entry - close - 1));
    if (params.find("rel=\"next\"") != std::string::npos ||
        params.find("rel=next") != std::string::npos) {
      return std::string(target);
    }
    pos = close;
  }
  return {};
}

// GitHub logins and org names: alphanumerics and single hyphens (we only need "no URL
// metacharacters"). Repository names add '.' and '_'.
bool IsSafeName(std::string_view s, bool repo) {
  if (s.empty() || s == "." || s == "..") return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || (repo && (c == '.' || c == '_'));
    if (!ok) return false;
  }
  return true;
}

// The body's GitHub `message`, or its start when it is not a GitHub error document.
std::string Describe(const net::HttpResponse& r) {
  std::string message = parsers::GithubErrorMessage(r.body);
  if (message.empty()) message = r.body.substr(0, 200);
  return "HTTP " + std::to_string(r.status) + (message.empty() ? "" : ": " + message);
}

// Validates a 200 body (parses it) before it is accepted; a failure is retried like a
// transfer error, since a truncated or garbled page usually is one.
using Accept = std::function<Status(const std::string& body)>;

struct Reply {
  net::HttpResponse response;
  bool not_modified = false;  // Served from the ETag cache after a 304.
};

// Requests with GitHub's headers, the retry policy and rate-limit waits (formats.md §4;
// docs.github.com "Rate limits for the REST API", "Best practices": on 403/429 honour
// retry-after, else wait for x-ratelimit-reset when x-ratelimit-remaining is 0, else wait at
// least a minute, backing off exponentially).
class Client {
 public:
  explicit Client(const GithubOptions& o) : o_(o), origin_(Origin(o.api_url)) {
    api_ = o.api_url;
    while (!api_.empty() && api_.back() == '/') api_.pop_back();
  }

  const std::string& api() const { return api_; }
  const std::string& origin() const { return origin_; }

  // Performs `method url`; returns the final response (any status not handled here: 2xx,
  // 304 without a cache entry, 403 without rate-limit signs, 404, 4xx) or an error.
  Result<Reply> Call(const std::string& method, const std::string& url, bool conditional,
                     const Accept& accept);

 private:
  void Sleep(milliseconds d) {
    if (d <= milliseconds(0)) return;
    if (o_.sleep) {
      o_.sleep(d);
    } else {
      std::this_thread::sleep_for(d);
    }
  }
  int64_t Now() const {
    if (o_.now) return o_.now();
    return std::chrono::duration_cast<seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  // Wait until the primary limit's reset (+1 s for clock skew), or an error beyond max_wait.
  Result<milliseconds> UntilReset(int64_t reset) const {
    int64_t wait_s = std::max<int64_t>(0, reset - Now() + 1);
    if (seconds(wait_s) > o_.max_wait) {
      return Fail(ErrorCode::kNetwork, "primary rate limit exhausted until " +
                                           std::to_string(reset) + " (in " +
                                           std::to_string(wait_s) + " s, more than the " +
                                           std::to_string(o_.max_wait.count()) + " s we wait)");
    }
    return milliseconds(wait_s * 1000);
  }

  const GithubOptions& o_;
  std::string api_;
  std::string origin_;
  std::optional<int64_t> exhausted_until_;  // Last response said remaining = 0.
};

Result<Reply> Client::Call(const std::string& method, const std::string& url, bool conditional,
                           const Accept& accept) {
  const std::string what = method + " " + url;
  milliseconds backoff = o_.initial_backoff;
  int secondary_hits = 0;
  Error last{ErrorCode::kNetwork, "no attempt made"};
  const int attempts = std::max(1, o_.max_attempts);
  for (int attempt = 1;; ++attempt) {
    // A previous response used up the primary limit: wait for its reset first.
    if (exhausted_until_) {
      Result<milliseconds> wait = UntilReset(*exhausted_until_);
      if (!wait) return Fail(wait.error().WithContext("github: " + what));
      Sleep(*wait);
      exhausted_until_.reset();
    }
    net::HttpRequest req;
    req.method = method;
    req.url = url;
    req.max_attempts = 1;  // The policy below replaces net's generic retries.
    req.timeout_s = 120;
    req.max_bytes = 256ull << 20;
    req.headers = {{"Accept", "application/vnd.github+json"},
                   {"X-GitHub-Api-Version", "2022-11-28"},
                   {"Authorization", "Bearer " + o_.token}};
    const GithubEtagCache::Entry* cached = nullptr;
    if (conditional && o_.cache != nullptr) {
      auto it = o_.cache->entries.find(url);
      if (it != o_.cache->entries.end() && !it->second.etag.empty()) {
        cached = &it->second;
        req.headers.emplace_back("If-None-Match", cached->etag);
      }
    }
    Result<net::HttpResponse> r = net::Fetch(req);
    std::optional<milliseconds> wait;  // Set: retry after this long.
    if (!r) {
      last = r.error();
      wait = backoff;
    } else {
      net::HttpResponse& resp = *r;
      const std::string remaining = Header(resp, "x-ratelimit-remaining");
      std::optional<int64_t> reset = ToInt(Header(resp, "x-ratelimit-reset"));
      if (resp.status == 401) {
        return Fail(ErrorCode::kAuth, "github: " + what + ": " + Describe(resp) +
                                          " (the token is invalid, expired or revoked)");
      }
      if (resp.status == 403 || resp.status == 429) {
        std::optional<int64_t> retry_after = ToInt(Header(resp, "retry-after"));
        std::string message = Lower(parsers::GithubErrorMessage(resp.body));
        bool secondary = message.find("secondary rate limit") != std::string::npos;
        last = Error{ErrorCode::kNetwork, Describe(resp)};
        if (retry_after) {
          wait = seconds(std::max<int64_t>(0, *retry_after));
        } else if (remaining == "0" && reset) {
          Result<milliseconds> until = UntilReset(*reset);
          if (!until) return Fail(until.error().WithContext("github: " + what));
          wait = *until;
        } else if (secondary) {
          wait = milliseconds(o_.secondary_wait) * (1 << std::min(secondary_hits, 10));
          ++secondary_hits;
        } else if (resp.status == 429) {
          wait = backoff;
        }
        // A 403 without rate-limit signs is a permission answer: the caller's to judge.
        if (!wait) return Reply{std::move(resp), false};
        if (*wait > o_.max_wait) {
          return Fail(ErrorCode::kNetwork,
                      "github: " + what + ": " + Describe(resp) + ": asked to wait " +
                          std::to_string(wait->count() / 1000) + " s, more than max_wait");
        }
      } else if (net::IsTransientStatus(resp.status) || resp.status >= 500) {
        last = Error{ErrorCode::kNetwork, Describe(resp)};
        wait = backoff;
      } else {
        Reply reply;
        if (resp.status == 304 && cached != nullptr) {
          reply.not_modified = true;
          resp.status = 200;
          resp.body = cached->body;
          if (Header(resp, "link").empty() && !cached->link.empty()) {
            resp.headers["link"] = cached->link;
          }
        }
        if (resp.status == 200 && accept) {
          if (Status ok = accept(resp.body); !ok) {
            last = ok.error();
            // A cached body that no longer parses is dropped so the retry fetches afresh.
            if (reply.not_modified) o_.cache->entries.erase(url);
            wait = backoff;
          }
        }
        if (!wait) {
          if (remaining == "0" && reset) exhausted_until_ = reset;
          if (conditional && o_.cache != nullptr && !reply.not_modified && resp.status == 200) {
            std::string etag = Header(resp, "etag");
            if (!etag.empty()) o_.cache->entries[url] = {etag, resp.body, Header(resp, "link")};
          }
          reply.response = std::move(resp);
          return reply;
        }
      }
    }
    if (attempt >= attempts) {
      return Fail(last.WithContext("github: " + what + " (" + std::to_string(attempts) +
                                   (attempts == 1 ? " attempt)" : " attempts)")));
    }
    Sleep(std::min<milliseconds>(*wait, o_.max_wait));
    backoff *= 2;
  }
}

Status CheckOptions(const GithubOptions& o) {
  if (!IsSafeName(o.org, false)) {
    return Fail(ErrorCode::kInvalidInput, "github: invalid organisation name \"" + o.org + "\"");
  }
  if (o.token.empty()) {
    return Fail(ErrorCode::kAuth,
                "github: no token (set GITHUB_TOKEN or github.token in the config)");
  }
  if (Origin(o.api_url).empty()) {
    return Fail(ErrorCode::kInvalidInput, "github: invalid API URL \"" + o.api_url + "\"");
  }
  return Ok();
}

// Follows Link rel="next" from `first`, calling `accept` on each page body. Returns the
// number of pages and how many were 304s.
struct Paged {
  int pages = 0;
  int not_modified = 0;
};
Result<Paged> FetchAllPages(Client& client, const GithubOptions& o, std::string url,
                            bool conditional, const Accept& accept,
                            std::string_view forbidden_hint) {
  Paged paged;
  std::set<std::string> seen;
  while (!url.empty()) {
    if (!seen.insert(url).second || paged.pages >= o.max_pages) {
      return Fail(ErrorCode::kInvalidInput, "github: pagination loops at " + url);
    }
    Result<Reply> reply = client.Call("GET", url, conditional, accept);
    if (!reply) return Fail(reply.error());
    const net::HttpResponse& r = reply->response;
    if (r.status == 404) {
      return Fail(ErrorCode::kNotFound, "github: GET " + url + ": " + Describe(r) +
                                            " (no such organisation, or its alerts are not "
                                            "visible to this token)");
    }
    if (r.status == 403) {
      return Fail(ErrorCode::kAuth,
                  "github: GET " + url + ": " + Describe(r) + std::string(forbidden_hint));
    }
    if (r.status != 200) {
      return Fail(ErrorCode::kInvalidInput, "github: GET " + url + ": " + Describe(r));
    }
    ++paged.pages;
    if (reply->not_modified) ++paged.not_modified;
    std::string next = NextLink(Header(r, "link"));
    // The token goes with every request, so only follow links on the API's own origin.
    if (!next.empty() && Origin(next) != client.origin()) {
      return Fail(ErrorCode::kInvalidInput,
                  "github: Link rel=\"next\" leaves " + client.origin() + ": " + next);
    }
    url = std::move(next);
  }
  return paged;
}

}  // namespace

Result<model::Collection> CollectGithub(const GithubOptions& options) {
  if (Status ok = CheckOptions(options); !ok) return Fail(ok.error());
  Client client(options);
  // All states: the documented `state` filter returns every state when absent.
  std::string url = client.api() + "/orgs/" + options.org +
                    "/dependabot/alerts?per_page=" + std::to_string(options.per_page);

  std::vector<model::Batch> pages;
  Accept accept = [&](const std::string& body) -> Status {
    Result<model::Batch> batch = parsers::ParseDependabotAlerts(body);
    if (!batch) return Fail(batch.error());
    pages.push_back(std::move(*batch));
    return Ok();
  };
  Result<Paged> paged = FetchAllPages(
      client, options, url, /*conditional=*/true, accept,
      " (the token needs the security_events scope or \"Dependabot alerts: read\", and an org "
      "owner or security manager)");
  if (!paged) return Fail(paged.error());

  // Every page arrived: only now is anything assembled.
  model::Collection c = AssembleGithubCollection(options.org, std::move(pages));
  c.stats["pages"] = std::to_string(paged->pages);
  c.stats["not_modified"] = std::to_string(paged->not_modified);
  return c;
}

model::Collection AssembleGithubCollection(const std::string& org,
                                           std::vector<model::Batch> pages) {
  // An alert repeated on a later page (it changed while we paged) keeps its first copy.
  model::Collection c;
  c.source = "github";
  c.finding_source = "dependabot";
  const std::string scope = "github:" + org;
  c.scopes = {scope};
  std::map<std::string, size_t> index;
  std::set<std::pair<size_t, std::string>> seen;
  std::vector<std::string> warnings;
  size_t alerts = 0, duplicates = 0;
  for (size_t p = 0; p < pages.size(); ++p) {
    for (const model::Warning& w : pages[p].warnings)
      warnings.push_back("page " + std::to_string(p + 1) + ": " + w.record + ": " + w.reason);
    for (model::AssetReport& report : pages[p].reports) {
      auto [it, inserted] = index.try_emplace(report.asset.key, c.assets.size());
      if (inserted) {
        c.assets.push_back(model::AssetReport{report.asset, false, {}, {}});
        c.asset_scopes.push_back(scope);
      }
      model::AssetReport& into = c.assets[it->second];
      for (std::string& m : report.asset.manifests) into.asset.manifests.push_back(std::move(m));
      for (model::ExternalFinding& f : report.findings) {
        if (!seen.insert({it->second, f.external_id}).second) {
          ++duplicates;
          continue;
        }
        ++alerts;
        into.findings.push_back(std::move(f));
      }
    }
  }
  for (model::AssetReport& r : c.assets) {
    std::vector<std::string>& m = r.asset.manifests;
    std::sort(m.begin(), m.end());
    m.erase(std::unique(m.begin(), m.end()), m.end());
  }
  c.stats["alerts"] = std::to_string(alerts);
  c.stats["duplicates"] = std::to_string(duplicates);
  c.stats["warnings"] = std::to_string(warnings.size());
  for (size_t i = 0; i < warnings.size() && i < kWarningsInStats; ++i)
    c.stats["warning." + std::to_string(i + 1)] = warnings[i];
  return c;
}

Result<EnableAlertsResult> EnableAlerts(const GithubOptions& options, bool apply) {
  if (Status ok = CheckOptions(options); !ok) return Fail(ok.error());
  Client client(options);
  std::vector<parsers::GithubRepo> repos;
  Accept accept = [&](const std::string& body) -> Status {
    Result<std::vector<parsers::GithubRepo>> page = parsers::ParseGithubRepoList(body);
    if (!page) return Fail(page.error());
    repos.insert(repos.end(), page->begin(), page->end());
    return Ok();
  };
  std::string url = client.api() + "/orgs/" + options.org +
                    "/repos?type=all&per_page=" + std::to_string(options.per_page);
  if (Result<Paged> paged = FetchAllPages(client, options, url, false, accept, ""); !paged) {
    return Fail(paged.error());
  }

  EnableAlertsResult result;
  for (const parsers::GithubRepo& repo : repos) {
    size_t slash = repo.full_name.find('/');
    if (!IsSafeName(repo.full_name.substr(0, slash), false) ||
        !IsSafeName(repo.full_name.substr(slash + 1), true)) {
      result.errors.push_back(repo.full_name + ": not a valid repository name");
      continue;
    }
    if (repo.archived) {
      result.skipped.push_back(repo.full_name);
      continue;
    }
    result.checked.push_back(repo.full_name);
    const std::string alerts_url =
        client.api() + "/repos/" + repo.full_name + "/vulnerability-alerts";
    Result<Reply> check = client.Call("GET", alerts_url, false, nullptr);
    if (!check) {
      if (check.error().code == ErrorCode::kAuth) return Fail(check.error());
      result.errors.push_back(repo.full_name + ": " + check.error().message);
      continue;
    }
    if (check->response.status == 204) continue;  // Already on.
    if (check->response.status != 404) {
      result.errors.push_back(repo.full_name + ": check: " + Describe(check->response));
      continue;
    }
    result.off.push_back(repo.full_name);
    if (!apply) continue;
    Result<Reply> put = client.Call("PUT", alerts_url, false, nullptr);
    if (!put) {
      if (put.error().code == ErrorCode::kAuth) return Fail(put.error());
      result.errors.push_back(repo.full_name + ": " + put.error().message);
    } else if (put->response.status == 204) {
      result.enabled.push_back(repo.full_name);
    } else {
      result.errors.push_back(repo.full_name + ": enable: " + Describe(put->response));
    }
  }
  return result;
}

}  // namespace vs::collectors
