#include "store/migrations.h"

#include <array>

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

constexpr std::array kMigrations = {
    Migration{1, "advisories", kAdvisories},
};

}  // namespace

std::span<const Migration> AllMigrations() { return kMigrations; }

}  // namespace vs::store
