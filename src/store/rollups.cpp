// Counts maintained by the database itself (triggers), so that dashboard aggregates over
// millions of findings read a few thousand rows instead of scanning the findings table.
#include "store/rollups.h"

#include <array>

namespace vs::store {
namespace {

using sql::Dialect;

constexpr std::string_view kTables[] = {
    // Findings per (owner, kind, source, severity, exploit, state, suppression). The
    // suppression id is kept so that expiry is decided when reading, as the search does.
    R"sql(CREATE TABLE rollup_counts (
  team           TEXT NOT NULL,
  kind           TEXT NOT NULL,
  source         TEXT NOT NULL,
  severity_rank  INTEGER NOT NULL,
  has_exploit    INTEGER NOT NULL,
  kev            INTEGER NOT NULL,
  state          TEXT NOT NULL,
  suppression_id BIGINT NOT NULL,
  n              BIGINT NOT NULL,
  PRIMARY KEY (team, kind, source, severity_rank, has_exploit, kev, state, suppression_id)
))sql",
    // Findings that appeared and that were resolved, per (owner, kind, day): the open count at
    // the end of a day is everything that appeared up to it minus everything resolved.
    R"sql(CREATE TABLE rollup_days (
  team     TEXT NOT NULL,
  kind     TEXT NOT NULL,
  day      TEXT NOT NULL,
  appeared BIGINT NOT NULL,
  resolved BIGINT NOT NULL,
  PRIMARY KEY (team, kind, day)
))sql",
    // Open findings per vulnerability and owner, with the number of distinct assets. Rows with
    // kind '*' are the totals over every team and kind.
    R"sql(CREATE TABLE rollup_vulns (
  team             TEXT NOT NULL,
  kind             TEXT NOT NULL,
  vulnerability_id TEXT NOT NULL,
  suppression_id   BIGINT NOT NULL,
  assets           BIGINT NOT NULL,
  findings         BIGINT NOT NULL,
  exploitable      BIGINT NOT NULL,
  rank0            BIGINT NOT NULL,
  rank1            BIGINT NOT NULL,
  rank2            BIGINT NOT NULL,
  rank3            BIGINT NOT NULL,
  rank4            BIGINT NOT NULL,
  rank5            BIGINT NOT NULL,
  PRIMARY KEY (team, kind, vulnerability_id, suppression_id)
))sql",
    // The triggers ask "does this asset have another open finding for this vulnerability?".
    "CREATE INDEX findings_vuln_asset ON findings (vulnerability_id, asset_id)",
    "DROP INDEX findings_vuln",
};

constexpr std::string_view kCountsConflict =
    " ON CONFLICT (team, kind, source, severity_rank, has_exploit, kev, state, suppression_id) "
    "DO UPDATE SET n = rollup_counts.n + excluded.n";
constexpr std::string_view kDaysConflict =
    " ON CONFLICT (team, kind, day) DO UPDATE SET appeared = rollup_days.appeared + "
    "excluded.appeared, resolved = rollup_days.resolved + excluded.resolved";
constexpr std::string_view kVulnsConflict =
    " ON CONFLICT (team, kind, vulnerability_id, suppression_id) DO UPDATE SET "
    "assets = rollup_vulns.assets + excluded.assets, "
    "findings = rollup_vulns.findings + excluded.findings, "
    "exploitable = rollup_vulns.exploitable + excluded.exploitable, "
    "rank0 = rollup_vulns.rank0 + excluded.rank0, rank1 = rollup_vulns.rank1 + excluded.rank1, "
    "rank2 = rollup_vulns.rank2 + excluded.rank2, rank3 = rollup_vulns.rank3 + excluded.rank3, "
    "rank4 = rollup_vulns.rank4 + excluded.rank4, rank5 = rollup_vulns.rank5 + excluded.rank5";

constexpr std::string_view kVulnColumns =
    "INSERT INTO rollup_vulns (team, kind, vulnerability_id, suppression_id, assets, findings, "
    "exploitable, rank0, rank1, rank2, rank3, rank4, rank5) ";

std::string Replace(std::string text, std::string_view from, std::string_view to) {
  for (size_t pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos)) {
    text.replace(pos, from.size(), to);
    pos += to.size();
  }
  return text;
}

std::string RankSums() {
  std::string out;
  for (int r = 0; r <= 5; ++r)
    out += ", {S} * SUM(CASE WHEN f.severity_rank = " + std::to_string(r) + " THEN 1 ELSE 0 END)";
  return out;
}

// Fills the `{R}` (row: NEW or OLD) and `{S}` (sign: 1 or -1) placeholders.
std::vector<std::string> Fill(std::vector<std::string> stmts, std::string_view row,
                              std::string_view sign) {
  for (std::string& s : stmts) s = Replace(Replace(std::move(s), "{R}", row), "{S}", sign);
  return stmts;
}

// Adds (sign 1) or removes (sign -1) the contribution of one finding row (NEW or OLD).
// "Another open finding of the same asset for the same vulnerability under the same
// suppression" decides whether the asset count moves; it is asked before (PostgreSQL BEFORE
// triggers) or after (SQLite AFTER triggers) the row changes, excluding the row itself, so
// rows changed one by one in one statement are counted exactly.
std::vector<std::string> RowContribution(std::string_view row, std::string_view sign) {
  std::string counts =
      "INSERT INTO rollup_counts (team, kind, source, severity_rank, has_exploit, kev, state, "
      "suppression_id, n) SELECT a.team, a.kind, {R}.source, {R}.severity_rank, "
      "{R}.has_exploit, {R}.kev, {R}.state, COALESCE({R}.suppression_id, 0), {S} FROM assets a "
      "WHERE a.id = {R}.asset_id";
  counts += kCountsConflict;
  std::string days =
      "INSERT INTO rollup_days (team, kind, day, appeared, resolved) SELECT a.team, a.kind, "
      "substr({R}.first_seen, 1, 10), {S}, 0 FROM assets a WHERE a.id = {R}.asset_id";
  days += kDaysConflict;
  std::string gone =
      "INSERT INTO rollup_days (team, kind, day, appeared, resolved) SELECT a.team, a.kind, "
      "substr({R}.resolved_at, 1, 10), 0, {S} FROM assets a WHERE a.id = {R}.asset_id AND "
      "{R}.resolved_at <> ''";
  gone += kDaysConflict;
  std::string vulns = std::string(kVulnColumns) +
                      "SELECT t.team, t.kind, {R}.vulnerability_id, "
                      "COALESCE({R}.suppression_id, 0), CASE WHEN EXISTS (SELECT 1 FROM "
                      "findings o WHERE o.vulnerability_id = {R}.vulnerability_id AND o.asset_id "
                      "= {R}.asset_id AND o.id <> {R}.id AND o.state = 'open' AND "
                      "COALESCE(o.suppression_id, 0) = COALESCE({R}.suppression_id, 0)) THEN 0 "
                      "ELSE {S} END, {S}, {S} * {R}.has_exploit";
  for (int r = 0; r <= 5; ++r)
    vulns += ", CASE WHEN {R}.severity_rank = " + std::to_string(r) + " THEN {S} ELSE 0 END";
  vulns +=
      " FROM (SELECT a.team, a.kind FROM assets a WHERE a.id = {R}.asset_id UNION ALL SELECT "
      "'', '*') t WHERE {R}.state = 'open'";
  vulns += kVulnsConflict;
  return Fill({counts, days, gone, vulns}, row, sign);
}

// Moves every finding of an asset away from its OLD owner/kind (sign -1) or to the NEW one.
std::vector<std::string> AssetMove(std::string_view row, std::string_view sign) {
  std::string counts =
      "INSERT INTO rollup_counts (team, kind, source, severity_rank, has_exploit, kev, state, "
      "suppression_id, n) SELECT {R}.team, {R}.kind, f.source, f.severity_rank, f.has_exploit, "
      "f.kev, f.state, COALESCE(f.suppression_id, 0), {S} * COUNT(*) FROM findings f WHERE "
      "f.asset_id = {R}.id GROUP BY f.source, f.severity_rank, f.has_exploit, f.kev, f.state, "
      "COALESCE(f.suppression_id, 0)";
  counts += kCountsConflict;
  std::string days =
      "INSERT INTO rollup_days (team, kind, day, appeared, resolved) SELECT {R}.team, {R}.kind, "
      "substr(f.first_seen, 1, 10), {S} * COUNT(*), 0 FROM findings f WHERE f.asset_id = {R}.id "
      "GROUP BY substr(f.first_seen, 1, 10)";
  days += kDaysConflict;
  std::string gone =
      "INSERT INTO rollup_days (team, kind, day, appeared, resolved) SELECT {R}.team, {R}.kind, "
      "substr(f.resolved_at, 1, 10), 0, {S} * COUNT(*) FROM findings f WHERE f.asset_id = "
      "{R}.id AND f.resolved_at <> '' GROUP BY substr(f.resolved_at, 1, 10)";
  gone += kDaysConflict;
  // The asset counts once per (vulnerability, suppression) group it has open findings in.
  std::string vulns = std::string(kVulnColumns) +
                      "SELECT {R}.team, {R}.kind, f.vulnerability_id, "
                      "COALESCE(f.suppression_id, 0), {S}, {S} * COUNT(*), {S} * "
                      "SUM(f.has_exploit)" +
                      RankSums() +
                      " FROM findings f WHERE f.asset_id = {R}.id AND f.state = 'open' GROUP BY "
                      "f.vulnerability_id, COALESCE(f.suppression_id, 0)";
  vulns += kVulnsConflict;
  return Fill({counts, days, gone, vulns}, row, sign);
}

std::string Join(const std::vector<std::string>& stmts, std::string_view end) {
  std::string out;
  for (const std::string& s : stmts) out += "  " + s + std::string(end) + "\n";
  return out;
}

// The finding columns the rollups depend on; a change to any other column fires nothing.
constexpr std::array<std::string_view, 10> kKeyColumns = {
    "asset_id", "vulnerability_id", "source",     "severity_rank", "has_exploit", "kev",
    "state",    "suppression_id",   "first_seen", "resolved_at"};

std::string KeyColumns() {
  std::string out;
  for (std::string_view c : kKeyColumns) out += (out.empty() ? "" : ", ") + std::string(c);
  return out;
}

std::vector<std::string> SqliteTriggers() {
  std::string changed;
  for (std::string_view c : kKeyColumns) {
    if (!changed.empty()) changed += " OR ";
    changed += "OLD." + std::string(c) + " IS NOT NEW." + std::string(c);
  }
  std::vector<std::string> out;
  out.push_back("CREATE TRIGGER rollup_findings_insert AFTER INSERT ON findings BEGIN\n" +
                Join(RowContribution("NEW", "1"), ";") + "END");
  out.push_back("CREATE TRIGGER rollup_findings_delete AFTER DELETE ON findings BEGIN\n" +
                Join(RowContribution("OLD", "-1"), ";") + "END");
  std::vector<std::string> both = RowContribution("OLD", "-1");
  for (std::string& s : RowContribution("NEW", "1")) both.push_back(std::move(s));
  out.push_back("CREATE TRIGGER rollup_findings_update AFTER UPDATE OF " + KeyColumns() +
                " ON findings WHEN " + changed + " BEGIN\n" + Join(both, ";") + "END");
  std::vector<std::string> move = AssetMove("OLD", "-1");
  for (std::string& s : AssetMove("NEW", "1")) move.push_back(std::move(s));
  out.push_back(
      "CREATE TRIGGER rollup_assets_update AFTER UPDATE OF team, kind ON assets WHEN OLD.team IS "
      "NOT NEW.team OR OLD.kind IS NOT NEW.kind BEGIN\n" +
      Join(move, ";") + "END");
  // A deleted asset's findings go by cascade, after the asset row: their own triggers can no
  // longer see its team, so the asset takes its per-team counts away first.
  out.push_back("CREATE TRIGGER rollup_assets_delete BEFORE DELETE ON assets BEGIN\n" +
                Join(AssetMove("OLD", "-1"), ";") + "END");
  return out;
}

std::vector<std::string> PostgresTriggers() {
  std::string old_row, new_row;
  for (std::string_view c : kKeyColumns) {
    old_row += (old_row.empty() ? "OLD." : ", OLD.") + std::string(c);
    new_row += (new_row.empty() ? "NEW." : ", NEW.") + std::string(c);
  }
  std::string changed = "(" + old_row + ") IS DISTINCT FROM (" + new_row + ")";
  std::vector<std::string> out;
  // Needs PostgreSQL 11+. BEFORE INSERT also fires for an INSERT … ON CONFLICT row that turns
  // into an update: findings must keep being written with plain INSERT / UPDATE.
  // BEFORE: a statement that changes many rows (resolving an asset's findings, refreshing
  // suppressions) then sees the rows processed before this one, as SQLite's row triggers do;
  // an AFTER trigger would see the whole statement's result and miscount assets.
  out.push_back(
      "CREATE FUNCTION rollup_findings_row() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
      "  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' AND " +
      changed + " THEN\n    IF TG_OP = 'UPDATE' THEN\n" + Join(RowContribution("OLD", "-1"), ";") +
      "    END IF;\n" + Join(RowContribution("NEW", "1"), ";") + "  ELSIF TG_OP = 'DELETE' THEN\n" +
      Join(RowContribution("OLD", "-1"), ";") +
      "    RETURN OLD;\n  END IF;\n  RETURN NEW;\nEND\n$$");
  out.push_back(
      "CREATE TRIGGER rollup_findings BEFORE INSERT OR UPDATE OR DELETE ON findings FOR EACH ROW "
      "EXECUTE FUNCTION rollup_findings_row()");
  std::vector<std::string> move = AssetMove("OLD", "-1");
  for (std::string& s : AssetMove("NEW", "1")) move.push_back(std::move(s));
  out.push_back(
      "CREATE FUNCTION rollup_assets_row() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
      "  IF TG_OP = 'DELETE' THEN\n" +
      Join(AssetMove("OLD", "-1"), ";") +
      "    RETURN OLD;\n  END IF;\n"
      "  IF (OLD.team, OLD.kind) IS DISTINCT FROM (NEW.team, NEW.kind) THEN\n" +
      Join(move, ";") + "  END IF;\n  RETURN NEW;\nEND\n$$");
  out.push_back(
      "CREATE TRIGGER rollup_assets AFTER UPDATE OF team, kind ON assets FOR EACH ROW EXECUTE "
      "FUNCTION rollup_assets_row()");
  // A deleted asset's findings go by cascade after the asset row: it takes its per-team
  // counts away first.
  out.push_back(
      "CREATE TRIGGER rollup_assets_delete BEFORE DELETE ON assets FOR EACH ROW EXECUTE "
      "FUNCTION rollup_assets_row()");
  return out;
}

}  // namespace

std::vector<std::string> RollupMigration(Dialect dialect) {
  std::vector<std::string> out(std::begin(kTables), std::end(kTables));
  for (std::string& s : RollupRebuild()) out.push_back(std::move(s));
  for (std::string& s : RollupTriggers(dialect)) out.push_back(std::move(s));
  return out;
}

std::vector<std::string> RollupTriggers(Dialect dialect) {
  return dialect == Dialect::kPostgres ? PostgresTriggers() : SqliteTriggers();
}

std::vector<std::string> RollupTriggerDrops(Dialect dialect) {
  if (dialect == Dialect::kPostgres)
    return {"DROP TRIGGER IF EXISTS rollup_findings ON findings",
            "DROP TRIGGER IF EXISTS rollup_assets ON assets",
            "DROP TRIGGER IF EXISTS rollup_assets_delete ON assets",
            "DROP FUNCTION IF EXISTS rollup_findings_row()",
            "DROP FUNCTION IF EXISTS rollup_assets_row()"};
  return {"DROP TRIGGER IF EXISTS rollup_findings_insert",
          "DROP TRIGGER IF EXISTS rollup_findings_delete",
          "DROP TRIGGER IF EXISTS rollup_findings_update",
          "DROP TRIGGER IF EXISTS rollup_assets_update",
          "DROP TRIGGER IF EXISTS rollup_assets_delete"};
}

std::vector<std::string> RollupRebuild() {
  std::vector<std::string> out = {"DELETE FROM rollup_counts", "DELETE FROM rollup_days",
                                  "DELETE FROM rollup_vulns"};
  out.push_back(
      "INSERT INTO rollup_counts (team, kind, source, severity_rank, has_exploit, kev, state, "
      "suppression_id, n) SELECT a.team, a.kind, f.source, f.severity_rank, f.has_exploit, "
      "f.kev, f.state, COALESCE(f.suppression_id, 0), COUNT(*) FROM findings f JOIN assets a ON "
      "a.id = f.asset_id GROUP BY a.team, a.kind, f.source, f.severity_rank, f.has_exploit, "
      "f.kev, f.state, COALESCE(f.suppression_id, 0)");
  out.push_back(
      "INSERT INTO rollup_days (team, kind, day, appeared, resolved) SELECT team, kind, day, "
      "SUM(appeared), SUM(resolved) FROM (SELECT a.team, a.kind, substr(f.first_seen, 1, 10) AS "
      "day, 1 AS appeared, 0 AS resolved FROM findings f JOIN assets a ON a.id = f.asset_id "
      "UNION ALL SELECT a.team, a.kind, substr(f.resolved_at, 1, 10), 0, 1 FROM findings f JOIN "
      "assets a ON a.id = f.asset_id WHERE f.resolved_at <> '') d GROUP BY team, kind, day");
  out.push_back(std::string(kVulnColumns) +
                "SELECT a.team, a.kind, f.vulnerability_id, COALESCE(f.suppression_id, 0), "
                "COUNT(DISTINCT f.asset_id), COUNT(*), SUM(f.has_exploit)" +
                Fill({RankSums()}, "", "1")[0] +
                " FROM findings f JOIN assets a ON a.id = f.asset_id WHERE f.state = 'open' "
                "GROUP BY a.team, a.kind, f.vulnerability_id, COALESCE(f.suppression_id, 0)");
  out.push_back(std::string(kVulnColumns) +
                "SELECT '', '*', f.vulnerability_id, COALESCE(f.suppression_id, 0), "
                "COUNT(DISTINCT f.asset_id), COUNT(*), SUM(f.has_exploit)" +
                Fill({RankSums()}, "", "1")[0] +
                " FROM findings f WHERE f.state = 'open' GROUP BY f.vulnerability_id, "
                "COALESCE(f.suppression_id, 0)");
  return out;
}

}  // namespace vs::store
