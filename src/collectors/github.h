// GitHub collector (formats.md §4): an organisation's Dependabot alerts → model::Collection,
// and the check/enable of repository vulnerability alerts behind `github enable-alerts`.
// Transport only: paging, conditional requests, rate limits and retries; the bytes go to
// parsers/dependabot_alerts. Not thread-safe when two calls share one GithubEtagCache.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/asset.h"
#include "model/batch.h"

namespace vs::collectors {

// A conditional-request cache: per request URL, the ETag, body and Link header of its last
// 200. Callers that persist it between runs get 304s (which GitHub does not count against the
// rate limit) for unchanged pages.
struct GithubEtagCache {
  struct Entry {
    std::string etag;
    std::string body;
    std::string link;  // A 304 need not repeat Link, yet paging continues from it.
  };
  std::map<std::string, Entry> entries;  // Keyed by the full request URL.
};

struct GithubOptions {
  std::string org;
  std::string token;                               // Sent as "Authorization: Bearer <token>".
  std::string api_url = "https://api.github.com";  // GHES: "https://HOST/api/v3".
  int per_page = 100;                              // GitHub's maximum.
  // Attempts per request for transient failures (network, 5xx, secondary limits, a body that
  // does not parse); a request still failing after them fails the whole run.
  int max_attempts = 4;
  std::chrono::milliseconds initial_backoff{1000};  // Doubles after each failed attempt.
  // Longest single wait (primary limit reset, Retry-After, backoff). A primary limit that
  // resets later than this fails the run instead of blocking it.
  std::chrono::seconds max_wait{900};
  // Wait after a secondary limit without Retry-After (GitHub: "at least one minute").
  std::chrono::seconds secondary_wait{60};
  int max_pages = 100000;            // Guards against a Link loop.
  GithubEtagCache* cache = nullptr;  // Optional; read and updated.
  // Injectable for tests: how to wait, and the current Unix time in seconds.
  std::function<void(std::chrono::milliseconds)> sleep;
  std::function<int64_t()> now;
};

// Fetches every Dependabot alert of `options.org` (all states: the `state` filter is left
// out) with GET /orgs/{org}/dependabot/alerts?per_page=N, following the Link header's
// rel="next" URL (cursor `after`; GitHub rejects `page`) while it stays on the API origin.
// Returns source "github", finding_source "dependabot", one repository AssetReport per
// repository with alerts, scope "github:<org>" for every asset and in `scopes`; stats
// "pages", "alerts", "not_modified" (304 pages), "warnings" (+ "warning.N" for the first 20).
// Never partial: if any page still fails after the retries, the whole run fails.
// Errors: kAuth (401 bad or expired token; 403 without rate-limit signs: missing scope or not
// an org owner / security manager), kNotFound (404: no such organisation or alerts not
// visible), kNetwork (unreachable, 5xx or rate limits after the retries, primary limit reset
// beyond max_wait), kInvalidInput (empty org, a page that never parses, a 4xx such as 400/422,
// a Link to another origin).
Result<model::Collection> CollectGithub(const GithubOptions& options);

// Merges parsed alert pages (ParseDependabotAlerts results, in page order) into the
// collection CollectGithub returns: reports of one repository joined, an alert repeated on a
// later page dropped, manifests sorted; stats "alerts", "duplicates", "warnings" (+
// "warning.N"). Exposed for the ingest benchmark.
model::Collection AssembleGithubCollection(const std::string& org, std::vector<model::Batch> pages);

struct EnableAlertsResult {
  std::vector<std::string> checked;  // "owner/name" of every repository looked at.
  std::vector<std::string> off;      // Repositories whose vulnerability alerts were off.
  std::vector<std::string> enabled;  // Those turned on by this call (apply only).
  std::vector<std::string> skipped;  // Archived repositories (read-only), not checked.
  std::vector<std::string> errors;   // "owner/name: reason" for repositories that failed.
};

// Lists the organisation's repositories (GET /orgs/{org}/repos?type=all, following Link), and
// for each non-archived one checks GET /repos/{o}/{r}/vulnerability-alerts (204 on, 404 off);
// with `apply`, turns the off ones on with PUT (204). Per-repository failures are collected in
// `errors`; listing failures and a 401 fail the call (errors as CollectGithub).
Result<EnableAlertsResult> EnableAlerts(const GithubOptions& options, bool apply);

}  // namespace vs::collectors
