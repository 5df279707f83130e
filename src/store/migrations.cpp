#include "store/migrations.h"

#include <array>

#include "store/rollups.h"

namespace vs::store {
namespace {

// Version 1: advisories, exploit intelligence and the sources they came from. Each row
// carries its source name so that a re-import replaces exactly what that source wrote.
constexpr std::string_view kAdvisories = R"sql(
CREATE TABLE sources (
  name          TEXT PRIMARY KEY,
  format        TEXT NOT NULL,
  location      TEXT NOT NULL,
  imported_at   TEXT NOT NULL,
  advisories    BIGINT NOT NULL DEFAULT 0,
  exploits      BIGINT NOT NULL DEFAULT 0,
  epss          BIGINT NOT NULL DEFAULT 0,
  warnings      BIGINT NOT NULL DEFAULT 0,
  etag          TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  status        TEXT NOT NULL DEFAULT 'ok',
  error         TEXT NOT NULL DEFAULT '',
  attempted_at  TEXT NOT NULL DEFAULT ''
);
CREATE TABLE advisories (
  source      TEXT NOT NULL,
  id          TEXT NOT NULL,
  feed        TEXT NOT NULL,
  aliases     TEXT NOT NULL,
  related     TEXT NOT NULL,
  summary     TEXT NOT NULL,
  details     TEXT NOT NULL,
  published   TEXT NOT NULL,
  modified    TEXT NOT NULL,
  severity    TEXT NOT NULL,
  cvss_vector TEXT NOT NULL,
  cvss_score  DOUBLE PRECISION NOT NULL,
  refs        TEXT NOT NULL,
  PRIMARY KEY (source, id)
);
CREATE TABLE affected (
  source      TEXT NOT NULL,
  advisory_id TEXT NOT NULL,
  seq         INTEGER NOT NULL,
  ecosystem   TEXT NOT NULL,
  package     TEXT NOT NULL,
  purl        TEXT NOT NULL,
  severity    TEXT NOT NULL,
  ranges      TEXT NOT NULL,
  versions    TEXT NOT NULL,
  PRIMARY KEY (source, advisory_id, seq)
);
CREATE INDEX affected_package ON affected (ecosystem, package);
CREATE TABLE advisory_aliases (
  alias       TEXT NOT NULL,
  source      TEXT NOT NULL,
  advisory_id TEXT NOT NULL,
  PRIMARY KEY (alias, source, advisory_id)
);
CREATE INDEX advisory_aliases_source ON advisory_aliases (source);
CREATE TABLE exploits (
  source    TEXT NOT NULL,
  cve       TEXT NOT NULL,
  kind      TEXT NOT NULL,
  ref_id    TEXT NOT NULL,
  reference TEXT NOT NULL,
  PRIMARY KEY (source, cve, kind, ref_id)
);
CREATE INDEX exploits_cve ON exploits (cve);
CREATE TABLE epss (
  source     TEXT NOT NULL,
  cve        TEXT NOT NULL,
  score      DOUBLE PRECISION NOT NULL,
  percentile DOUBLE PRECISION NOT NULL,
  model      TEXT NOT NULL,
  PRIMARY KEY (source, cve)
);
CREATE INDEX epss_cve ON epss (cve)
)sql";

// Version 2: assets with their inventories, collection runs, findings with history,
// suppressions, and the work list of package names a feed change touched (for incremental
// re-matching). `{{id}}` is the dialect's auto-increment primary key. Lists (members,
// namespaces, aliases, exploit ids) are JSON arrays in TEXT; the ones people search by are
// also rows of a side table so the search stays indexed.
constexpr std::string_view kAssets = R"sql(
CREATE TABLE assets (
  id             {{id}},
  kind           TEXT NOT NULL,
  key            TEXT NOT NULL,
  name           TEXT NOT NULL,
  source         TEXT NOT NULL,
  scope          TEXT NOT NULL DEFAULT '',
  team           TEXT NOT NULL DEFAULT '',
  account_id     TEXT NOT NULL DEFAULT '',
  region         TEXT NOT NULL DEFAULT '',
  instance_id    TEXT NOT NULL DEFAULT '',
  ami            TEXT NOT NULL DEFAULT '',
  asg            TEXT NOT NULL DEFAULT '',
  platform       TEXT NOT NULL DEFAULT '',
  members        TEXT NOT NULL DEFAULT '[]',
  note           TEXT NOT NULL DEFAULT '',
  repo           TEXT NOT NULL DEFAULT '',
  default_branch TEXT NOT NULL DEFAULT '',
  manifests      TEXT NOT NULL DEFAULT '[]',
  image          TEXT NOT NULL DEFAULT '',
  digest         TEXT NOT NULL DEFAULT '',
  namespaces     TEXT NOT NULL DEFAULT '[]',
  workloads      TEXT NOT NULL DEFAULT '[]',
  tags           TEXT NOT NULL DEFAULT '{}',
  os_family      TEXT NOT NULL DEFAULT '',
  os_release     TEXT NOT NULL DEFAULT '',
  os_ecosystem   TEXT NOT NULL DEFAULT '',
  has_inventory  INTEGER NOT NULL DEFAULT 0,
  active         INTEGER NOT NULL DEFAULT 1,
  first_seen     TEXT NOT NULL,
  last_seen      TEXT NOT NULL,
  retired_at     TEXT NOT NULL DEFAULT '',
  UNIQUE (kind, key)
);
CREATE INDEX assets_account ON assets (account_id);
CREATE INDEX assets_repo ON assets (repo);
CREATE INDEX assets_image ON assets (image);
CREATE INDEX assets_team ON assets (team);
CREATE INDEX assets_source_scope ON assets (source, scope);
CREATE TABLE asset_members (
  asset_id    BIGINT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  instance_id TEXT NOT NULL,
  PRIMARY KEY (instance_id, asset_id)
);
CREATE TABLE asset_namespaces (
  asset_id  BIGINT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  namespace TEXT NOT NULL,
  PRIMARY KEY (namespace, asset_id)
);
CREATE TABLE packages (
  asset_id       BIGINT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  ecosystem      TEXT NOT NULL,
  name           TEXT NOT NULL,
  version        TEXT NOT NULL,
  source_name    TEXT NOT NULL,
  source_version TEXT NOT NULL,
  arch           TEXT NOT NULL,
  purl           TEXT NOT NULL,
  location       TEXT NOT NULL,
  match_key      TEXT NOT NULL,
  source_key     TEXT NOT NULL
);
CREATE INDEX packages_asset ON packages (asset_id);
CREATE INDEX packages_match_key ON packages (match_key);
CREATE INDEX packages_source_key ON packages (source_key);
CREATE TABLE collection_runs (
  id          {{id}},
  source      TEXT NOT NULL,
  scope       TEXT NOT NULL,
  started_at  TEXT NOT NULL,
  finished_at TEXT NOT NULL DEFAULT '',
  status      TEXT NOT NULL,
  error       TEXT NOT NULL DEFAULT '',
  assets      BIGINT NOT NULL DEFAULT 0,
  retired     BIGINT NOT NULL DEFAULT 0,
  packages    BIGINT NOT NULL DEFAULT 0,
  opened      BIGINT NOT NULL DEFAULT 0,
  resolved    BIGINT NOT NULL DEFAULT 0,
  reopened    BIGINT NOT NULL DEFAULT 0,
  stats       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX collection_runs_source ON collection_runs (source, id);
CREATE TABLE findings (
  id               {{id}},
  asset_id         BIGINT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  source           TEXT NOT NULL,
  vulnerability_id TEXT NOT NULL,
  aliases          TEXT NOT NULL DEFAULT '[]',
  ecosystem        TEXT NOT NULL,
  package          TEXT NOT NULL,
  version          TEXT NOT NULL,
  external_id      TEXT NOT NULL DEFAULT '',
  fixed_version    TEXT NOT NULL DEFAULT '',
  severity         TEXT NOT NULL,
  severity_rank    INTEGER NOT NULL,
  cvss_score       DOUBLE PRECISION NOT NULL DEFAULT -1,
  cvss_vector      TEXT NOT NULL DEFAULT '',
  summary          TEXT NOT NULL DEFAULT '',
  url              TEXT NOT NULL DEFAULT '',
  exploitdb        TEXT NOT NULL DEFAULT '[]',
  metasploit       TEXT NOT NULL DEFAULT '[]',
  kev              INTEGER NOT NULL DEFAULT 0,
  poc              INTEGER NOT NULL DEFAULT 0,
  has_exploit      INTEGER NOT NULL DEFAULT 0,
  epss             DOUBLE PRECISION,
  state            TEXT NOT NULL,
  state_reason     TEXT NOT NULL DEFAULT '',
  suppression_id   BIGINT,
  first_seen       TEXT NOT NULL,
  last_seen        TEXT NOT NULL,
  resolved_at      TEXT NOT NULL DEFAULT '',
  reopened         INTEGER NOT NULL DEFAULT 0,
  UNIQUE (asset_id, source, vulnerability_id, ecosystem, package, external_id)
);
CREATE INDEX findings_open ON findings (state, severity_rank, id);
CREATE INDEX findings_vuln ON findings (vulnerability_id);
CREATE INDEX findings_package ON findings (package);
CREATE INDEX findings_first_seen ON findings (first_seen);
CREATE TABLE finding_aliases (
  alias      TEXT NOT NULL,
  finding_id BIGINT NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
  PRIMARY KEY (alias, finding_id)
);
CREATE INDEX finding_aliases_finding ON finding_aliases (finding_id);
CREATE TABLE finding_events (
  finding_id BIGINT NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
  at         TEXT NOT NULL,
  state      TEXT NOT NULL,
  reason     TEXT NOT NULL DEFAULT '',
  run_id     BIGINT
);
CREATE INDEX finding_events_finding ON finding_events (finding_id);
CREATE TABLE suppressions (
  id               {{id}},
  vulnerability_id TEXT NOT NULL,
  package          TEXT NOT NULL DEFAULT '',
  asset            TEXT NOT NULL DEFAULT '',
  team             TEXT NOT NULL DEFAULT '',
  reason           TEXT NOT NULL,
  expires_at       TEXT NOT NULL DEFAULT '',
  author           TEXT NOT NULL,
  created_at       TEXT NOT NULL
);
CREATE TABLE dirty_packages (
  match_key TEXT PRIMARY KEY
);
CREATE TABLE store_state (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
)
)sql";

// Version 3: dashboard users, sessions (in the database, so several `serve` processes can sit
// behind one load balancer), API tokens and the audit log. Secrets are stored hashed only.
constexpr std::string_view kAuth = R"sql(
CREATE TABLE users (
  name          TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL DEFAULT '',
  role          TEXT NOT NULL,
  team          TEXT NOT NULL DEFAULT '',
  source        TEXT NOT NULL DEFAULT 'local',
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL
);
CREATE TABLE sessions (
  id_hash     TEXT PRIMARY KEY,
  user_name   TEXT NOT NULL,
  role        TEXT NOT NULL,
  team        TEXT NOT NULL DEFAULT '',
  csrf_secret TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  last_seen   TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_name);
CREATE TABLE api_tokens (
  id         {{id}},
  name       TEXT NOT NULL UNIQUE,
  token_hash TEXT NOT NULL UNIQUE,
  role       TEXT NOT NULL,
  team       TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  last_used  TEXT NOT NULL DEFAULT '',
  revoked    INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE audit_log (
  id     {{id}},
  at     TEXT NOT NULL,
  actor  TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  client TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at)
)sql";

// Version 4: stable read-only views for BI tools (Metabase, Grafana, Redash); documented in
// docs/store.md. Columns are only ever added. `{{now}}` is the dialect's current UTC time in
// the RFC 3339 form the store writes.
constexpr std::string_view kViews = R"sql(
CREATE VIEW findings_view AS
SELECT f.id, f.vulnerability_id, f.aliases, f.severity, f.severity_rank, f.cvss_score,
  CASE WHEN f.state = 'resolved' THEN 'resolved'
       WHEN f.state = 'suppressed' OR (f.suppression_id IS NOT NULL AND EXISTS (
         SELECT 1 FROM suppressions s WHERE s.id = f.suppression_id
           AND (s.expires_at = '' OR s.expires_at > {{now}}))) THEN 'suppressed'
       ELSE 'open' END AS status,
  f.state_reason AS status_reason, f.source, f.first_seen, f.last_seen, f.resolved_at,
  f.fixed_version, f.ecosystem, f.package, f.version, f.summary, f.url,
  f.has_exploit, f.kev, f.poc, f.exploitdb, f.metasploit, f.epss,
  a.id AS asset_id, a.kind AS asset_kind, a.name AS asset_name, a.team, a.account_id,
  a.region, a.instance_id, a.asg, a.repo, a.image, a.digest, a.namespaces
FROM findings f JOIN assets a ON a.id = f.asset_id;
CREATE VIEW assets_view AS
SELECT a.id, a.kind, a.key, a.name, a.source, a.team, a.account_id, a.region, a.instance_id,
  a.ami, a.asg, a.platform, a.members, a.repo, a.image, a.digest, a.namespaces, a.workloads,
  a.os_family, a.os_release, a.active, a.first_seen, a.last_seen, a.retired_at,
  (SELECT COUNT(*) FROM packages p WHERE p.asset_id = a.id) AS packages,
  (SELECT COUNT(*) FROM findings f WHERE f.asset_id = a.id AND f.state = 'open'
     AND f.suppression_id IS NULL) AS open_findings
FROM assets a;
CREATE VIEW vulnerabilities_view AS
SELECT f.vulnerability_id,
  CASE MAX(f.severity_rank) WHEN 5 THEN 'critical' WHEN 4 THEN 'high' WHEN 3 THEN 'medium'
    WHEN 2 THEN 'low' WHEN 1 THEN 'none' ELSE 'unknown' END AS severity,
  MAX(f.cvss_score) AS cvss_score, COUNT(DISTINCT f.asset_id) AS affected_assets,
  COUNT(*) AS open_findings, MAX(f.kev) AS kev, MAX(f.has_exploit) AS has_exploit,
  MAX(f.epss) AS epss, MIN(f.first_seen) AS first_seen
FROM findings f WHERE f.state = 'open' AND f.suppression_id IS NULL
GROUP BY f.vulnerability_id
)sql";

// Version 5: indexes the search benchmark (bench/store_search.cpp) showed missing. An EC2
// instance id is looked up directly (ASG members already have their own table).
constexpr std::string_view kSearchIndexes = R"sql(
CREATE INDEX assets_instance ON assets (instance_id)
)sql";

// Version 7: the sort index also carries the asset id, so that walking it for an asset filter
// (repository, image, team…) checks each entry's asset without reading the finding's row
// (bench/store_search.cpp: a repository filter walked 84k rows at 10 M findings, 0.8 s).
constexpr std::string_view kOpenIndexAsset = R"sql(
DROP INDEX findings_open;
CREATE INDEX findings_open ON findings (state, severity_rank, id, asset_id)
)sql";

// Version 8: an advisory's affected packages move into its own row (`advisories.affected`,
// store/codec.h), and SQLite's alias table keeps its rows in its key (WITHOUT ROWID, no source
// index: a re-import scans it once to delete). The import benchmark (bench/feeds.cpp) measured
// the row per affected package (83k for the OSV sets) plus its two indexes at over half the
// import time; nothing looked affected rows up by package. `source_packages` lists each
// source's package names (match keys), which a re-import marks for re-matching. Existing
// rows are carried over.
std::vector<std::string> AdvisoryRows(sql::Dialect dialect) {
  std::vector<std::string> out = {
      "ALTER TABLE advisories ADD COLUMN affected TEXT NOT NULL DEFAULT '[]'",
      std::string("CREATE TABLE source_packages (source TEXT NOT NULL, match_key TEXT NOT NULL, "
                  "PRIMARY KEY (source, match_key))") +
          (dialect == sql::Dialect::kSqlite ? " WITHOUT ROWID" : ""),
      "INSERT INTO source_packages (source, match_key) SELECT DISTINCT source, "
      "lower(replace(replace(package, '_', '-'), '.', '-')) FROM affected"};
  if (dialect == sql::Dialect::kPostgres) {
    out.push_back(
        "UPDATE advisories a SET affected = f.list FROM (SELECT source, advisory_id, "
        "json_agg(json_build_array(ecosystem, package, purl, severity, ranges::json, "
        "versions::json) ORDER BY seq)::text AS list FROM affected GROUP BY source, advisory_id) f "
        "WHERE f.source = a.source AND f.advisory_id = a.id");
    out.push_back("DROP TABLE affected");
    return out;
  }
  out.push_back(
      "UPDATE advisories SET affected = (SELECT json_group_array(json_array(ecosystem, package, "
      "purl, severity, json(ranges), json(versions))) FROM (SELECT * FROM affected f "
      "WHERE f.source = advisories.source AND f.advisory_id = advisories.id ORDER BY f.seq))");
  out.push_back("DROP TABLE affected");
  out.push_back(
      "CREATE TABLE advisory_aliases_v8 (alias TEXT NOT NULL, source TEXT NOT NULL, "
      "advisory_id TEXT NOT NULL, PRIMARY KEY (alias, source, advisory_id)) WITHOUT ROWID");
  out.push_back(
      "INSERT INTO advisory_aliases_v8 SELECT alias, source, advisory_id FROM advisory_aliases");
  out.push_back("DROP TABLE advisory_aliases");
  out.push_back("ALTER TABLE advisory_aliases_v8 RENAME TO advisory_aliases");
  return out;
}

// Version 9: the BI views count a finding whose suppression has expired as open, as
// findings_view and the dashboard do (the store clears expired suppressions only at its next
// write). Same columns.
constexpr std::string_view kViewsExpiry = R"sql(
DROP VIEW assets_view;
CREATE VIEW assets_view AS
SELECT a.id, a.kind, a.key, a.name, a.source, a.team, a.account_id, a.region, a.instance_id,
  a.ami, a.asg, a.platform, a.members, a.repo, a.image, a.digest, a.namespaces, a.workloads,
  a.os_family, a.os_release, a.active, a.first_seen, a.last_seen, a.retired_at,
  (SELECT COUNT(*) FROM packages p WHERE p.asset_id = a.id) AS packages,
  (SELECT COUNT(*) FROM findings f WHERE f.asset_id = a.id AND f.state = 'open'
     AND NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.id = f.suppression_id
       AND (s.expires_at = '' OR s.expires_at > {{now}}))) AS open_findings
FROM assets a;
DROP VIEW vulnerabilities_view;
CREATE VIEW vulnerabilities_view AS
SELECT f.vulnerability_id,
  CASE MAX(f.severity_rank) WHEN 5 THEN 'critical' WHEN 4 THEN 'high' WHEN 3 THEN 'medium'
    WHEN 2 THEN 'low' WHEN 1 THEN 'none' ELSE 'unknown' END AS severity,
  MAX(f.cvss_score) AS cvss_score, COUNT(DISTINCT f.asset_id) AS affected_assets,
  COUNT(*) AS open_findings, MAX(f.kev) AS kev, MAX(f.has_exploit) AS has_exploit,
  MAX(f.epss) AS epss, MIN(f.first_seen) AS first_seen
FROM findings f WHERE f.state = 'open'
  AND NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.id = f.suppression_id
    AND (s.expires_at = '' OR s.expires_at > {{now}}))
GROUP BY f.vulnerability_id
)sql";

constexpr std::array kMigrations = {
    Migration{1, "advisories", kAdvisories},
    Migration{2, "assets", kAssets},
    Migration{3, "auth", kAuth},
    Migration{4, "bi_views", kViews},
    Migration{5, "search_indexes", kSearchIndexes},
    Migration{6, "rollups", {}, &RollupMigration},
    Migration{7, "findings_open_asset", kOpenIndexAsset},
    Migration{8, "advisory_rows", {}, &AdvisoryRows},
    Migration{9, "views_suppression_expiry", kViewsExpiry},
};

}  // namespace

std::span<const Migration> AllMigrations() { return kMigrations; }

}  // namespace vs::store
