// What the store keeps about assets and findings, and how callers ask for them: the search
// contract shared by the CLI (`search`, `assets`), the JSON API and the dashboard.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/asset.h"
#include "model/finding.h"

namespace vs::store {

// Team ownership from config: the first rule that matches an asset wins.
struct OwnershipRule {
  std::string kind;     // "account", "repo" (glob on owner/name), "namespace", "tag" ("k=v").
  std::string pattern;  // Account id, glob, namespace, or "key=value" (value may be a glob).
  std::string team;
};

// How inventories become findings and how any finding is enriched, supplied by the caller
// (the match layer sits above the store).
struct Evaluator {
  // Our matcher: the findings of `packages` on `asset`. Null: inventories are stored only.
  std::function<std::vector<model::Finding>(const model::Asset& asset,
                                            const std::vector<model::Package>& packages)>
      match;
  // Exploit evidence for a vulnerability and its aliases. Null: none.
  std::function<model::ExploitInfo(const std::string& id, const std::vector<std::string>& aliases)>
      enrich;
};

// The outcome of a collection, import or re-match.
struct RunSummary {
  int64_t run_id = 0;
  std::string source;
  std::string status;  // "ok", "partial" (some scopes failed), "failed".
  std::string error;
  int64_t assets = 0;
  int64_t retired = 0;
  int64_t packages = 0;
  int64_t opened = 0;
  int64_t resolved = 0;
  int64_t reopened = 0;
};

struct RunInfo {
  RunSummary summary;
  std::string scope;
  std::string started_at;
  std::string finished_at;
  std::string stats;  // JSON object.
};

struct Suppression {
  int64_t id = 0;
  std::string vulnerability_id;  // Any alias of the vulnerability.
  std::string package;           // "": every package.
  std::string asset;             // Asset name or key; "": every asset.
  std::string team;              // "": every team.
  std::string reason;
  std::string expires_at;  // RFC 3339; "": never.
  std::string author;
  std::string created_at;
};

// Every search dimension; empty fields do not filter.
struct FindingQuery {
  std::string vulnerability;  // CVE or any alias.
  // Every id `vulnerability` goes by (ops::VulnerabilityIds); the store fills it in.
  std::vector<std::string> vulnerability_ids;
  std::string exploit;  // "any", "exploitdb", "kev", "poc", "metasploit", "none".
  std::vector<std::string> severities;
  std::string repo;        // owner/name (substring match).
  std::string account;     // AWS account id.
  std::string instance;    // EC2 instance id (also members of a de-duplicated ASG).
  std::string image;       // Image reference or digest (substring match).
  std::string namespace_;  // Kubernetes namespace.
  std::string team;
  std::string package;    // Package name (exact, case-insensitive).
  std::string ecosystem;  // "npm", "Debian" (prefix before ':' also matches).
  std::string source;     // "vulnscope", "dependabot", "trivy", "vuls", "sarif".
  std::vector<std::string>
      statuses;       // "open" (default when empty), "resolved", "suppressed", "all".
  std::string kind;   // Asset kind.
  std::string asset;  // Asset id (exact).
  std::optional<bool> fix_available;
  std::optional<double> epss_min;
  std::string since;  // first_seen >= since (RFC 3339 or a date).
  std::string sort =
      "severity";  // "severity", "first_seen", "last_seen", "epss", "cvss", "package".
  bool ascending = false;
  int limit = 100;    // At most 10,000.
  std::string after;  // Keyset cursor from the previous page's `next`.
  // Forced by the caller for a viewer bound to a team (pages, API, exports, counts).
  std::string scope_team;
  // Aggregate: count from the findings table even where the rollups could answer (tests
  // comparing both, the benchmark's floor).
  bool exact_scan = false;
};

struct FindingRow {
  int64_t id = 0;
  std::string vulnerability_id;
  std::vector<std::string> aliases;
  std::string severity;
  double cvss_score = -1;
  std::string cvss_vector;
  std::string status;  // "open", "resolved", "suppressed".
  std::string status_reason;
  std::string source;
  std::string first_seen;
  std::string last_seen;
  std::string resolved_at;
  std::string fixed_version;
  std::string summary;
  std::string url;
  model::Package package;  // ecosystem, name, version.
  model::ExploitInfo exploit;
  int64_t asset_id = 0;
  model::Asset asset;
};

// One state change of a finding (finding_events), with what the finding is about.
struct FindingEvent {
  int64_t finding_id = 0;
  std::string at;     // RFC 3339.
  std::string state;  // "open", "resolved", "suppressed", "reopened", …
  std::string reason;
  int64_t run_id = 0;  // 0: not from a collection run.
  std::string vulnerability_id;
  std::string package;
  std::string version;
};

struct FindingPage {
  std::vector<FindingRow> rows;
  std::string next;  // Cursor for the next page; "" at the end.
};

struct AssetRow {
  int64_t id = 0;
  model::Asset asset;
  std::string source;
  bool active = true;
  std::string first_seen;
  std::string last_seen;
  int64_t packages = 0;
  int64_t open_findings = 0;
  std::map<std::string, int64_t> open_by_severity;
};

struct AssetQuery {
  std::string kind;
  std::string team;
  std::string search;  // Substring of name/key/instance/repo/image.
  bool include_retired = false;
  int64_t id = 0;  // One asset.
  std::string scope_team;
};

struct CountRow {
  std::string key;
  int64_t count = 0;
  int64_t exploitable = 0;
};

struct Aggregates {
  int64_t open = 0;
  int64_t exploitable = 0;  // Open with any exploit evidence.
  int64_t kev = 0;
  std::vector<CountRow> by_severity;  // critical → unknown.
  std::vector<CountRow> by_team;
  std::vector<CountRow> critical_by_team;  // Open critical findings per team.
  std::vector<CountRow> by_source;
  std::vector<CountRow> by_kind;
  std::vector<CountRow> top_vulnerabilities;  // By affected assets.
  std::vector<CountRow> trend;                // Open findings per day, oldest first.
};

// ---- Dashboard users, sessions, API tokens, audit log.

struct User {
  std::string name;
  std::string password_hash;     // argon2id (libsodium's encoded form); "" for LDAP users.
  std::string role;              // "admin" or "viewer".
  std::string team;              // A viewer with a team sees only that team's assets.
  std::string source = "local";  // "local" or "ldap".
  bool disabled = false;
  std::string created_at;
};

struct Session {
  std::string id_hash;  // SHA-256 of the cookie value; the value itself is never stored.
  std::string user;
  std::string role;
  std::string team;
  std::string csrf_secret;
  std::string created_at;
  std::string last_seen;
};

struct ApiToken {
  int64_t id = 0;
  std::string name;
  std::string token_hash;  // SHA-256 of the token; shown once at creation.
  std::string role;
  std::string team;
  std::string created_by;
  std::string created_at;
  std::string last_used;
  bool revoked = false;
};

struct AuditEntry {
  int64_t id = 0;
  std::string at;
  std::string actor;
  std::string action;  // "login", "login_failed", "logout", "user_add", "token_create", …
  std::string detail;
  std::string client;
};

}  // namespace vs::store
