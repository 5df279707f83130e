// Finding search, asset listing and aggregates: one WHERE builder for every dimension, bound
// parameters only, keyset pagination.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>
#include <limits>
#include <map>
#include <set>
#include <variant>

#include "core/time.h"
#include "model/severity.h"
#include "store/codec.h"
#include "store/sql_ops.h"

namespace vs::store::ops {
namespace {

using sql::Connection;
using sql::Statement;
using Stmt = std::unique_ptr<Statement>;
using Value = std::variant<std::string, int64_t, double>;

// A query under construction: SQL text and its parameters, in order.
struct Sql {
  std::string text;
  std::vector<Value> params;

  Sql& Add(std::string_view fragment) {
    text += fragment;
    return *this;
  }
  Sql& Param(Value v) {
    params.push_back(std::move(v));
    return *this;
  }
  Result<Stmt> Prepare(Connection& db) const {
    Result<Stmt> q = db.Prepare(text);
    if (!q) return Fail(q.error());
    int i = 1;
    for (const Value& v : params) {
      if (const auto* s = std::get_if<std::string>(&v))
        (*q)->Bind(i++, *s);
      else if (const auto* n = std::get_if<int64_t>(&v))
        (*q)->Bind(i++, *n);
      else
        (*q)->Bind(i++, std::get<double>(v));
    }
    return q;
  }
};

// The finding is covered by a suppression that has not expired (`?` = now).
constexpr std::string_view kSuppressed =
    "(f.suppression_id IS NOT NULL AND EXISTS (SELECT 1 FROM suppressions s WHERE s.id = "
    "f.suppression_id AND (s.expires_at = '' OR s.expires_at > ?)))";

void AddStatusExpr(Sql& sql, const std::string& now) {
  sql.Add("CASE WHEN f.state = 'resolved' THEN 'resolved' WHEN f.state = 'suppressed' OR ")
      .Add(kSuppressed)
      .Param(now)
      .Add(" THEN 'suppressed' ELSE 'open' END");
}

std::string LikeContains(std::string_view s) {
  std::string out = "%";
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return out + "%";
}

Status CheckStatuses(const std::vector<std::string>& statuses) {
  for (const std::string& s : statuses)
    if (s != "open" && s != "resolved" && s != "suppressed" && s != "all")
      return Fail(ErrorCode::kInvalidInput,
                  "status must be open, resolved, suppressed or all, not '" + s + "'");
  return Ok();
}

// " AND <column> IN (ranks…)" for severity names.
Status AddSeverities(Sql& sql, std::string_view column, const std::vector<std::string>& names) {
  sql.Add(" AND ").Add(column).Add(" IN (");
  for (size_t i = 0; i < names.size(); ++i) {
    std::optional<model::Severity> sev = model::ParseSeverity(names[i]);
    if (!sev || names[i].empty())
      return Fail(ErrorCode::kInvalidInput, "unknown severity '" + names[i] + "'");
    sql.Add(i ? ",?" : "?").Param(static_cast<int64_t>(*sev));
  }
  sql.Add(")");
  return Ok();
}

// Appends " AND …" for every filter of `q` except the status and the cursor.
Status AddFilters(Sql& sql, const FindingQuery& q, const std::string& now, bool with_status) {
  if (!q.vulnerability.empty()) {
    std::vector<std::string> ids = q.vulnerability_ids;
    if (ids.empty()) ids.push_back(NormaliseVulnId(q.vulnerability));
    // Every finding's own id is one of its alias rows (ReplaceAliases writes it), so one
    // indexed lookup covers both; an OR with f.vulnerability_id made SQLite walk every open
    // finding in sort order instead.
    sql.Add(" AND f.id IN (SELECT finding_id FROM finding_aliases WHERE alias IN (");
    for (size_t i = 0; i < ids.size(); ++i) sql.Add(i ? ",?" : "?").Param(ids[i]);
    sql.Add("))");
  }
  if (!q.exploit.empty()) {
    if (q.exploit == "any") {
      sql.Add(" AND f.has_exploit = 1");
    } else if (q.exploit == "exploitdb") {
      sql.Add(" AND f.exploitdb <> '[]'");
    } else if (q.exploit == "kev") {
      sql.Add(" AND f.kev = 1");
    } else if (q.exploit == "poc") {
      sql.Add(" AND f.poc = 1");
    } else if (q.exploit == "metasploit") {
      sql.Add(" AND f.metasploit <> '[]'");
    } else if (q.exploit == "none") {
      sql.Add(" AND f.has_exploit = 0");
    } else {
      return Fail(
          ErrorCode::kInvalidInput,
          "exploit must be any, exploitdb, kev, poc, metasploit or none, not '" + q.exploit + "'");
    }
  }
  if (!q.severities.empty()) {
    // By rank (written with the name, always in step): the sort index (state, severity_rank,
    // id) then starts at the wanted severity instead of scanning every more severe finding.
    if (Status s = AddSeverities(sql, "f.severity_rank", q.severities); !s) return s;
  }
  if (!q.repo.empty()) {
    sql.Add(" AND f.asset_id IN (SELECT id FROM assets WHERE lower(repo) LIKE ? ESCAPE '\\')")
        .Param(LikeContains(q.repo));
  }
  if (!q.account.empty())
    sql.Add(" AND f.asset_id IN (SELECT id FROM assets WHERE account_id = ?)").Param(q.account);
  if (!q.instance.empty()) {
    sql.Add(
           " AND f.asset_id IN (SELECT id FROM assets WHERE instance_id = ? UNION SELECT "
           "asset_id FROM asset_members WHERE instance_id = ?)")
        .Param(q.instance)
        .Param(q.instance);
  }
  if (!q.image.empty()) {
    sql.Add(
           " AND f.asset_id IN (SELECT id FROM assets WHERE kind = 'image' AND (lower(image) "
           "LIKE ? ESCAPE '\\' OR digest = ? OR lower(key) LIKE ? ESCAPE '\\'))")
        .Param(LikeContains(q.image))
        .Param(q.image)
        .Param(LikeContains(q.image));
  }
  if (!q.namespace_.empty()) {
    sql.Add(" AND f.asset_id IN (SELECT asset_id FROM asset_namespaces WHERE namespace = ?)")
        .Param(q.namespace_);
  }
  // Asset filters as id sets: the planner then reads the few matching assets first instead of
  // walking findings in sort order until enough rows match.
  if (!q.team.empty())
    sql.Add(" AND f.asset_id IN (SELECT id FROM assets WHERE team = ?)")
        .Param(q.team == "(unowned)" ? "" : q.team);
  if (!q.scope_team.empty())
    sql.Add(" AND f.asset_id IN (SELECT id FROM assets WHERE team = ?)").Param(q.scope_team);
  if (!q.package.empty()) sql.Add(" AND lower(f.package) = lower(?)").Param(q.package);
  if (!q.ecosystem.empty()) {
    sql.Add(" AND (f.ecosystem = ? OR f.ecosystem LIKE ?)")
        .Param(q.ecosystem)
        .Param(q.ecosystem + ":%");
  }
  if (!q.source.empty()) sql.Add(" AND f.source = ?").Param(q.source);
  if (!q.kind.empty()) {
    if (!model::ParseAssetKind(q.kind))
      return Fail(ErrorCode::kInvalidInput, "unknown asset kind '" + q.kind + "'");
    sql.Add(" AND a.kind = ?").Param(q.kind);
  }
  if (!q.asset.empty()) {
    int64_t id = 0;
    auto [p, ec] = std::from_chars(q.asset.data(), q.asset.data() + q.asset.size(), id);
    if (ec != std::errc() || p != q.asset.data() + q.asset.size())
      sql.Add(" AND (a.key = ? OR a.name = ?)").Param(q.asset).Param(q.asset);
    else
      sql.Add(" AND a.id = ?").Param(id);
  }
  if (q.fix_available)
    sql.Add(*q.fix_available ? " AND f.fixed_version <> ''" : " AND f.fixed_version = ''");
  if (q.epss_min) sql.Add(" AND f.epss >= ?").Param(*q.epss_min);
  if (!q.since.empty()) sql.Add(" AND f.first_seen >= ?").Param(q.since);
  if (!with_status) return Ok();
  if (Status s = CheckStatuses(q.statuses); !s) return s;
  std::vector<std::string> statuses = q.statuses;
  if (statuses.empty()) statuses.push_back("open");
  if (std::find(statuses.begin(), statuses.end(), "all") != statuses.end()) return Ok();
  sql.Add(" AND (");
  for (size_t i = 0; i < statuses.size(); ++i) {
    if (i) sql.Add(" OR ");
    const std::string& s = statuses[i];
    if (s == "open") {
      sql.Add("(f.state = 'open' AND NOT ").Add(kSuppressed).Param(now).Add(")");
    } else if (s == "resolved") {
      sql.Add("f.state = 'resolved'");
    } else if (s == "suppressed") {
      sql.Add("(f.state = 'suppressed' OR (f.state = 'open' AND ")
          .Add(kSuppressed)
          .Param(now)
          .Add("))");
    }
  }
  sql.Add(")");
  return Ok();
}

struct SortSpec {
  std::string_view name;
  std::string_view expr;
  char type;  // 'i' integer, 'r' real, 't' text.
};

constexpr SortSpec kSorts[] = {
    {"severity", "f.severity_rank", 'i'},
    {"first_seen", "f.first_seen", 't'},
    {"last_seen", "f.last_seen", 't'},
    {"epss", "COALESCE(f.epss, -1)", 'r'},
    {"cvss", "f.cvss_score", 'r'},
    {"package", "f.package", 't'},
    {"vulnerability", "f.vulnerability_id", 't'},
};

constexpr std::string_view kFindingColumns =
    "f.id, f.vulnerability_id, f.aliases, f.severity, f.cvss_score, f.cvss_vector, ";
constexpr std::string_view kFindingColumns2 =
    ", f.state_reason, f.source, f.first_seen, f.last_seen, f.resolved_at, f.fixed_version, "
    "f.summary, f.url, f.ecosystem, f.package, f.version, f.exploitdb, f.kev, f.poc, "
    "f.metasploit, f.epss, a.id, a.kind, a.key, a.name, a.team, a.account_id, a.region, "
    "a.instance_id, a.asg, a.repo, a.image, a.digest, a.namespaces, a.members, a.workloads";

FindingRow ReadFinding(const Statement& s) {
  FindingRow r;
  r.id = s.Int(0);
  r.vulnerability_id = s.Text(1);
  r.aliases = DecodeStrings(s.Text(2)).value_or(std::vector<std::string>{});
  r.severity = s.Text(3);
  r.cvss_score = s.Real(4);
  r.cvss_vector = s.Text(5);
  r.status = s.Text(6);
  r.status_reason = s.Text(7);
  r.source = s.Text(8);
  r.first_seen = s.Text(9);
  r.last_seen = s.Text(10);
  r.resolved_at = s.Text(11);
  r.fixed_version = s.Text(12);
  r.summary = s.Text(13);
  r.url = s.Text(14);
  r.package.ecosystem = s.Text(15);
  r.package.name = s.Text(16);
  r.package.version = s.Text(17);
  r.exploit.exploitdb = DecodeStrings(s.Text(18)).value_or(std::vector<std::string>{});
  r.exploit.kev = s.Int(19) != 0;
  r.exploit.poc = s.Int(20) != 0;
  r.exploit.metasploit = DecodeStrings(s.Text(21)).value_or(std::vector<std::string>{});
  if (!s.IsNull(22)) r.exploit.epss = s.Real(22);
  r.asset_id = s.Int(23);
  r.asset.kind = model::ParseAssetKind(s.Text(24)).value_or(model::AssetKind::kHost);
  r.asset.key = s.Text(25);
  r.asset.name = s.Text(26);
  r.asset.team = s.Text(27);
  r.asset.account_id = s.Text(28);
  r.asset.region = s.Text(29);
  r.asset.instance_id = s.Text(30);
  r.asset.asg = s.Text(31);
  r.asset.repo = s.Text(32);
  r.asset.image = s.Text(33);
  r.asset.digest = s.Text(34);
  r.asset.namespaces = DecodeStrings(s.Text(35)).value_or(std::vector<std::string>{});
  r.asset.members = DecodeStrings(s.Text(36)).value_or(std::vector<std::string>{});
  r.asset.workloads = DecodeStrings(s.Text(37)).value_or(std::vector<std::string>{});
  return r;
}

std::string SortValue(const SortSpec& spec, const FindingRow& r) {
  if (spec.name == "severity")
    return std::to_string(
        static_cast<int>(model::ParseSeverity(r.severity).value_or(model::Severity::kUnknown)));
  if (spec.name == "first_seen") return r.first_seen;
  if (spec.name == "last_seen") return r.last_seen;
  if (spec.name == "epss") {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", r.exploit.epss.value_or(-1));
    return buf;
  }
  if (spec.name == "cvss") {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", r.cvss_score);
    return buf;
  }
  if (spec.name == "package") return r.package.name;
  return r.vulnerability_id;
}

Value TypedValue(char type, const std::string& v) {
  if (type == 'i') return static_cast<int64_t>(std::strtoll(v.c_str(), nullptr, 10));
  if (type == 'r') return std::strtod(v.c_str(), nullptr);
  return v;
}

std::string DayString(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

Result<std::vector<CountRow>> Counts(Connection& db, const Sql& sql) {
  Result<Stmt> q = sql.Prepare(db);
  if (!q) return Fail(q.error());
  std::vector<CountRow> out;
  for (;;) {
    Result<bool> row = (*q)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back(CountRow{std::string((*q)->Text(0)), (*q)->Int(1), (*q)->Int(2)});
  }
  return out;
}

// Open findings at the end of each of the last `days` days, from rows of (day first seen,
// day resolved or '', count).
Status FillTrend(Connection& db, const Sql& sql, int days, Aggregates& out) {
  Result<Stmt> st = sql.Prepare(db);
  if (!st) return Fail(st.error());
  struct Span {
    std::string from, to;
    int64_t n;
  };
  std::vector<Span> spans;
  for (;;) {
    Result<bool> row = (*st)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    spans.push_back(Span{std::string((*st)->Text(0)), std::string((*st)->Text(1)), (*st)->Int(2)});
  }
  std::time_t today = std::time(nullptr);
  for (int d = days - 1; d >= 0; --d) {
    std::string day = DayString(today - static_cast<std::time_t>(d) * 86400);
    int64_t n = 0;
    for (const Span& s : spans)
      if (s.from <= day && (s.to.empty() || s.to > day)) n += s.n;
    out.trend.push_back(CountRow{day, n, 0});
  }
  return Ok();
}

// SQLite's planner knows averages, not skew: with statistics it drives a CVE or asset filter
// through its index and sorts every match (seconds for a CVE on half the fleet), without them
// it walks the sort index (seconds for a rare CVE). When the query has such a filter, count its
// candidates (capped) and pick: few → filter first, then sort (`+` keeps the
// ORDER BY off the index); many → walk the sort index, where matches come early.
// PostgreSQL keeps most-common-value statistics and chooses well on its own.
struct Plan {
  std::string_view hint;   // After "FROM findings f".
  std::string_view order;  // Prefix of each ORDER BY term.
};

// Filtering first costs a row fetch per candidate; walking the sort index costs an index
// step per row until a page of matches, about total / candidates steps per match. They cross
// near sqrt(10 × total) candidates (measured: bench/store_search.cpp).
int64_t FilterFirstMax(Connection& db) {
  Result<Stmt> st = db.Prepare("SELECT COALESCE(MAX(id), 0) FROM findings");
  if (!st) return 1000;
  Result<bool> row = (*st)->Step();
  double total = row && *row ? static_cast<double>((*st)->Int(0)) : 0.0;
  return std::clamp(static_cast<int64_t>(std::sqrt(10.0 * total)), int64_t{1000}, int64_t{20000});
}

// Filter-first access paths on SQLite: by finding id (the alias rows give ids; NOT INDEXED
// still allows rowid lookups) or by the findings' (asset_id, …) key.
constexpr std::string_view kByAlias = " NOT INDEXED";
constexpr std::string_view kByAsset = " INDEXED BY sqlite_autoindex_findings_1";

// Findings matching `narrow`'s filters, counted up to `cap` + 1 through the access path
// `hint` (left to itself, the planner may scan the table until enough rows match).
Result<int64_t> CountCandidates(Connection& db, const FindingQuery& narrow, const std::string& now,
                                int64_t cap, std::string_view hint) {
  Sql count;
  count.Add("SELECT COUNT(*) FROM (SELECT 1 FROM findings f")
      .Add(hint)
      .Add(" JOIN assets a ON a.id = f.asset_id WHERE 1 = 1");
  if (Status s = AddFilters(count, narrow, now, false); !s) return Fail(s.error());
  count.Add(" LIMIT ?)").Param(cap + 1);
  Result<Stmt> st = count.Prepare(db);
  if (!st) return Fail(st.error());
  Result<bool> row = (*st)->Step();
  if (!row) return Fail(row.error());
  return *row ? (*st)->Int(0) : 0;
}

Result<Plan> ChoosePlan(Connection& db, const FindingQuery& q, const SortSpec& spec,
                        const std::string& now) {
  Plan plan;
  if (db.dialect() != sql::Dialect::kSqlite) return plan;
  FindingQuery by_assets;
  by_assets.repo = q.repo;
  by_assets.account = q.account;
  by_assets.instance = q.instance;
  by_assets.image = q.image;
  by_assets.namespace_ = q.namespace_;
  by_assets.team = q.team;
  by_assets.scope_team = q.scope_team;
  by_assets.asset = q.asset;
  bool assets = !by_assets.repo.empty() || !by_assets.account.empty() ||
                !by_assets.instance.empty() || !by_assets.image.empty() ||
                !by_assets.namespace_.empty() || !by_assets.team.empty() ||
                !by_assets.scope_team.empty() || !by_assets.asset.empty();
  if (q.vulnerability.empty() && !assets) return plan;
  int64_t cap = FilterFirstMax(db);
  constexpr int64_t kNone = std::numeric_limits<int64_t>::max();
  int64_t by_cve = kNone, by_asset = kNone;
  if (!q.vulnerability.empty()) {
    FindingQuery cve;
    cve.vulnerability = q.vulnerability;
    cve.vulnerability_ids = q.vulnerability_ids;
    Result<int64_t> n = CountCandidates(db, cve, now, cap, kByAlias);
    if (!n) return Fail(n.error());
    by_cve = *n;
  }
  if (assets) {
    Result<int64_t> n = CountCandidates(db, by_assets, now, cap, kByAsset);
    if (!n) return Fail(n.error());
    by_asset = *n;
  }
  if (std::min(by_cve, by_asset) <= cap) {
    // Filter first, driven by the smaller set: the alias rows give finding ids (rowid
    // lookups, which NOT INDEXED still allows), the asset sets go through the findings'
    // (asset_id, …) key. Named explicitly: with bound parameters the planner otherwise
    // estimates the state index cheaper and walks every open finding.
    plan.order = "+";
    plan.hint = by_cve <= by_asset ? kByAlias : kByAsset;
  } else if (spec.name == "severity" && q.statuses.size() <= 1 &&
             (q.statuses.empty() || q.statuses[0] != "all")) {
    // (state, severity_rank, id) gives the sort order only within one state.
    plan.hint = " INDEXED BY findings_open";
  } else if (spec.name == "first_seen") {
    plan.hint = " INDEXED BY findings_first_seen";
  }
  return plan;
}

}  // namespace

// `asked` with the ids its vulnerability goes by filled in, and `since` as a UTC time that
// compares as text with first_seen (a date, or any RFC 3339 offset).
Result<FindingQuery> WithVulnerabilityIds(Connection& db, const FindingQuery& asked) {
  FindingQuery q = asked;
  if (!q.since.empty()) {
    std::optional<int64_t> t = ParseRfc3339(q.since);
    if (!t && q.since.size() == 10) t = ParseRfc3339(q.since + "T00:00:00Z");
    if (!t)
      return Fail(ErrorCode::kInvalidInput,
                  "since must be a date (YYYY-MM-DD) or an RFC 3339 time, not '" + q.since + "'");
    q.since = FormatRfc3339(*t);
  }
  if (!q.vulnerability.empty() && q.vulnerability_ids.empty()) {
    Result<std::vector<std::string>> ids = VulnerabilityIds(db, q.vulnerability);
    if (!ids) return Fail(ids.error());
    q.vulnerability_ids = std::move(*ids);
  }
  return q;
}

Result<FindingPage> SearchFindings(Connection& db, const FindingQuery& asked) {
  Result<FindingQuery> expanded = WithVulnerabilityIds(db, asked);
  if (!expanded) return Fail(expanded.error());
  const FindingQuery& q = *expanded;
  std::string now = NowRfc3339();
  const SortSpec* spec = nullptr;
  for (const SortSpec& s : kSorts)
    if (s.name == q.sort) spec = &s;
  if (spec == nullptr) return Fail(ErrorCode::kInvalidInput, "cannot sort by '" + q.sort + "'");
  int limit = std::clamp(q.limit, 1, 10000);

  Sql sql;
  sql.Add("SELECT ").Add(kFindingColumns);
  // When every wanted status is the same one (the default: open), the status filter below
  // already decides each row's status: a constant saves parsing and running the CASE and its
  // correlated subquery on every request.
  const std::string one_status = q.statuses.empty() ? std::string("open") : q.statuses.front();
  bool same = std::all_of(q.statuses.begin(), q.statuses.end(),
                          [&](const std::string& st) { return st == one_status; });
  if (same && (one_status == "open" || one_status == "resolved" || one_status == "suppressed"))
    sql.Add("'").Add(one_status).Add("'");
  else
    AddStatusExpr(sql, now);
  Result<Plan> plan = ChoosePlan(db, q, *spec, now);
  if (!plan) return Fail(plan.error());
  sql.Add(kFindingColumns2)
      .Add(" FROM findings f")
      .Add(plan->hint)
      .Add(" JOIN assets a ON a.id = f.asset_id WHERE 1 = 1");
  if (Status s = AddFilters(sql, q, now, true); !s) return Fail(s.error());
  const char* cmp = q.ascending ? ">" : "<";
  if (!q.after.empty()) {
    size_t sep = q.after.rfind('~');
    if (sep == std::string::npos) return Fail(ErrorCode::kInvalidInput, "malformed cursor");
    std::string value = q.after.substr(0, sep);
    int64_t id = std::strtoll(q.after.c_str() + sep + 1, nullptr, 10);
    sql.Add(" AND (")
        .Add(spec->expr)
        .Add(" ")
        .Add(cmp)
        .Add(" ? OR (")
        .Add(spec->expr)
        .Add(" = ? AND f.id ")
        .Add(cmp)
        .Add(" ?))")
        .Param(TypedValue(spec->type, value))
        .Param(TypedValue(spec->type, value))
        .Param(id);
  }
  const char* dir = q.ascending ? " ASC" : " DESC";
  sql.Add(" ORDER BY ")
      .Add(plan->order)
      .Add(spec->expr)
      .Add(dir)
      .Add(", ")
      .Add(plan->order)
      .Add("f.id")
      .Add(dir)
      .Add(" LIMIT ?");
  sql.Param(static_cast<int64_t>(limit + 1));

  Result<Stmt> st = sql.Prepare(db);
  if (!st) return Fail(st.error());
  FindingPage page;
  page.rows.reserve(std::min(limit, 128));
  for (;;) {
    Result<bool> row = (*st)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    if (static_cast<int>(page.rows.size()) == limit) {
      const FindingRow& last = page.rows.back();
      page.next = SortValue(*spec, last) + "~" + std::to_string(last.id);
      break;
    }
    page.rows.push_back(ReadFinding(**st));
  }
  return page;
}

Result<std::vector<AssetRow>> ListAssets(Connection& db, const AssetQuery& q) {
  std::string now = NowRfc3339();
  Sql sql;
  sql.Add(
      "SELECT a.id, a.kind, a.key, a.name, a.source, a.team, a.account_id, a.region, "
      "a.instance_id, a.ami, a.asg, a.platform, a.members, a.note, a.repo, a.default_branch, "
      "a.manifests, a.image, a.digest, a.namespaces, a.workloads, a.tags, a.os_family, "
      "a.os_release, a.os_ecosystem, a.active, a.first_seen, a.last_seen, "
      "COALESCE(pc.n, 0) FROM assets a LEFT JOIN (SELECT asset_id, COUNT(*) AS n FROM packages "
      "GROUP BY asset_id) pc ON pc.asset_id = a.id WHERE 1 = 1");
  if (!q.include_retired && q.id == 0) sql.Add(" AND a.active = 1");
  if (q.id != 0) sql.Add(" AND a.id = ?").Param(q.id);
  if (!q.kind.empty()) sql.Add(" AND a.kind = ?").Param(q.kind);
  if (!q.team.empty()) sql.Add(" AND a.team = ?").Param(q.team == "(unowned)" ? "" : q.team);
  if (!q.scope_team.empty()) sql.Add(" AND a.team = ?").Param(q.scope_team);
  if (!q.search.empty()) {
    std::string like = LikeContains(q.search);
    sql.Add(
           " AND (lower(a.name) LIKE ? ESCAPE '\\' OR lower(a.key) LIKE ? ESCAPE '\\' OR "
           "a.instance_id = ? OR a.id IN (SELECT asset_id FROM asset_members WHERE instance_id "
           "= ?))")
        .Param(like)
        .Param(like)
        .Param(q.search)
        .Param(q.search);
  }
  sql.Add(" ORDER BY a.kind, a.name, a.id");
  Result<Stmt> st = sql.Prepare(db);
  if (!st) return Fail(st.error());
  std::vector<AssetRow> out;
  std::map<int64_t, size_t> index;
  for (;;) {
    Result<bool> row = (*st)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    const Statement& s = **st;
    AssetRow r;
    r.id = s.Int(0);
    model::Asset& a = r.asset;
    a.kind = model::ParseAssetKind(s.Text(1)).value_or(model::AssetKind::kHost);
    a.key = s.Text(2);
    a.name = s.Text(3);
    r.source = s.Text(4);
    a.team = s.Text(5);
    a.account_id = s.Text(6);
    a.region = s.Text(7);
    a.instance_id = s.Text(8);
    a.ami = s.Text(9);
    a.asg = s.Text(10);
    a.platform = s.Text(11);
    a.members = DecodeStrings(s.Text(12)).value_or(std::vector<std::string>{});
    a.note = s.Text(13);
    a.repo = s.Text(14);
    a.default_branch = s.Text(15);
    a.manifests = DecodeStrings(s.Text(16)).value_or(std::vector<std::string>{});
    a.image = s.Text(17);
    a.digest = s.Text(18);
    a.namespaces = DecodeStrings(s.Text(19)).value_or(std::vector<std::string>{});
    a.workloads = DecodeStrings(s.Text(20)).value_or(std::vector<std::string>{});
    a.tags = DecodeStringMap(s.Text(21)).value_or(std::map<std::string, std::string>{});
    if (!s.Text(22).empty() || !s.Text(24).empty())
      a.os =
          model::OsInfo{std::string(s.Text(22)), std::string(s.Text(23)), std::string(s.Text(24))};
    r.active = s.Int(25) != 0;
    r.first_seen = s.Text(26);
    r.last_seen = s.Text(27);
    r.packages = s.Int(28);
    index[r.id] = out.size();
    out.push_back(std::move(r));
  }
  if (out.empty()) return out;
  Sql counts;
  counts
      .Add(
          "SELECT f.asset_id, f.severity, COUNT(*) FROM findings f WHERE f.state = 'open' "
          "AND NOT ")
      .Add(kSuppressed)
      .Param(now);
  if (q.id != 0) counts.Add(" AND f.asset_id = ?").Param(q.id);
  counts.Add(" GROUP BY f.asset_id, f.severity");
  Result<Stmt> cq = counts.Prepare(db);
  if (!cq) return Fail(cq.error());
  for (;;) {
    Result<bool> row = (*cq)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    auto it = index.find((*cq)->Int(0));
    if (it == index.end()) continue;
    AssetRow& r = out[it->second];
    r.open_by_severity[std::string((*cq)->Text(1))] += (*cq)->Int(2);
    r.open_findings += (*cq)->Int(2);
  }
  return out;
}

namespace {

// The filters the rollup tables can answer: owner, kind, source, severity, the exploit flags
// they keep, and status. Anything else reads the findings.
bool RollupCounts(const FindingQuery& q) {
  return !q.exact_scan && q.vulnerability.empty() && q.repo.empty() && q.account.empty() &&
         q.instance.empty() && q.image.empty() && q.namespace_.empty() && q.package.empty() &&
         q.ecosystem.empty() && q.asset.empty() && q.since.empty() && !q.fix_available &&
         !q.epss_min &&
         (q.exploit.empty() || q.exploit == "any" || q.exploit == "kev" || q.exploit == "none");
}

// Top vulnerabilities and the trend are kept per owner and kind only.
bool RollupOwnerOnly(const FindingQuery& q) {
  return RollupCounts(q) && q.exploit.empty() && q.severities.empty() && q.source.empty();
}

bool OnlyOpen(const FindingQuery& q) {
  return q.statuses.empty() || (q.statuses.size() == 1 && q.statuses[0] == "open");
}

// " AND …" restricting a rollup table (alias r) to the query's owner and kind.
void AddOwner(Sql& sql, const FindingQuery& q) {
  if (!q.team.empty()) sql.Add(" AND r.team = ?").Param(q.team == "(unowned)" ? "" : q.team);
  if (!q.scope_team.empty()) sql.Add(" AND r.team = ?").Param(q.scope_team);
  if (!q.kind.empty()) sql.Add(" AND r.kind = ?").Param(q.kind);
}

// Suppressions in force now: a finding that carries one is not open.
Result<std::set<int64_t>> ActiveSuppressions(Connection& db, const std::string& now) {
  Result<Stmt> st =
      db.Prepare("SELECT id FROM suppressions WHERE expires_at = '' OR expires_at > ?");
  if (!st) return Fail(st.error());
  (*st)->Bind(1, now);
  std::set<int64_t> out;
  for (;;) {
    Result<bool> row = (*st)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.insert((*st)->Int(0));
  }
  return out;
}

std::vector<CountRow> SortedCounts(const std::map<std::string, CountRow>& m) {
  std::vector<CountRow> out;
  for (const auto& [key, row] : m)
    if (row.count > 0) out.push_back(row);
  std::stable_sort(out.begin(), out.end(),
                   [](const CountRow& a, const CountRow& b) { return a.count > b.count; });
  return out;
}

// Headline counts and the per-severity / team / source / kind groups from rollup_counts.
Status RollupTotals(Connection& db, const FindingQuery& q, const std::string& now,
                    Aggregates& out) {
  Result<std::set<int64_t>> active = ActiveSuppressions(db, now);
  if (!active) return Fail(active.error());
  std::set<std::string> statuses(q.statuses.begin(), q.statuses.end());
  if (statuses.empty()) statuses.insert("open");
  if (Status s = CheckStatuses(q.statuses); !s) return s;
  Sql sql;
  sql.Add(
      "SELECT r.team, r.kind, r.source, r.severity_rank, r.has_exploit, r.kev, r.state, "
      "r.suppression_id, r.n FROM rollup_counts r WHERE r.n <> 0");
  AddOwner(sql, q);
  if (!q.source.empty()) sql.Add(" AND r.source = ?").Param(q.source);
  if (q.exploit == "any") sql.Add(" AND r.has_exploit = 1");
  if (q.exploit == "kev") sql.Add(" AND r.kev = 1");
  if (q.exploit == "none") sql.Add(" AND r.has_exploit = 0");
  if (!q.severities.empty()) {
    if (Status s = AddSeverities(sql, "r.severity_rank", q.severities); !s) return s;
  }
  Result<Stmt> st = sql.Prepare(db);
  if (!st) return Fail(st.error());
  std::map<int64_t, CountRow> severity;
  std::map<std::string, CountRow> team, source, kind, critical;
  auto add = [](CountRow& r, std::string_view key, int64_t n, int64_t exploit) {
    r.key = key;
    r.count += n;
    r.exploitable += exploit;
  };
  for (;;) {
    Result<bool> row = (*st)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    const Statement& s = **st;
    std::string_view state = s.Text(6);
    int64_t sid = s.Int(7);
    std::string_view status = state == "resolved"                               ? "resolved"
                              : state == "suppressed" || active->count(sid) > 0 ? "suppressed"
                                                                                : "open";
    if (!statuses.count("all") && !statuses.count(std::string(status))) continue;
    int64_t n = s.Int(8);
    int64_t exploit = s.Int(4) != 0 ? n : 0;
    int64_t rank = s.Int(3);
    out.open += n;
    out.exploitable += exploit;
    if (s.Int(5) != 0) out.kev += n;
    add(severity[rank], model::SeverityName(static_cast<model::Severity>(rank)), n, exploit);
    add(team[std::string(s.Text(0))], s.Text(0), n, exploit);
    add(kind[std::string(s.Text(1))], s.Text(1), n, exploit);
    add(source[std::string(s.Text(2))], s.Text(2), n, exploit);
    if (rank == static_cast<int64_t>(model::Severity::kCritical))
      add(critical[std::string(s.Text(0))], s.Text(0), n, exploit);
  }
  for (auto it = severity.rbegin(); it != severity.rend(); ++it)
    if (it->second.count > 0) out.by_severity.push_back(it->second);
  out.by_team = SortedCounts(team);
  out.critical_by_team = SortedCounts(critical);
  out.by_source = SortedCounts(source);
  out.by_kind = SortedCounts(kind);
  return Ok();
}

Result<std::vector<CountRow>> RollupTop(Connection& db, const FindingQuery& q,
                                        const std::string& now) {
  Sql sql;
  std::string max_rank = "CASE";
  for (int r = 5; r >= 1; --r)
    max_rank += " WHEN SUM(r.rank" + std::to_string(r) + ") > 0 THEN " + std::to_string(r);
  max_rank += " ELSE 0 END";
  sql.Add(
         "SELECT r.vulnerability_id, SUM(r.assets), CASE WHEN SUM(r.exploitable) > 0 THEN 1 ELSE 0 "
         "END FROM rollup_vulns r WHERE (r.suppression_id = 0 OR NOT EXISTS (SELECT 1 FROM "
         "suppressions s WHERE s.id = r.suppression_id AND (s.expires_at = '' OR s.expires_at > "
         "?)))")
      .Param(now);
  if (q.team.empty() && q.scope_team.empty() && q.kind.empty())
    sql.Add(" AND r.team = '' AND r.kind = '*'");  // The totals rows: a prefix of the key.
  else
    sql.Add(" AND r.kind <> '*'");
  AddOwner(sql, q);
  sql.Add(" GROUP BY r.vulnerability_id HAVING SUM(r.findings) > 0 ORDER BY 2 DESC, ")
      .Add(max_rank)
      .Add(" DESC, 1 LIMIT 10");
  return Counts(db, sql);
}

// Whether a suppression has expired since the last write while findings still carry it. The
// per-vulnerability asset counts are kept per suppression, so such an asset could then count
// twice (once unsuppressed, once under the expired suppression); until the next write
// re-evaluates suppressions, top vulnerabilities are counted from the findings.
Result<bool> ExpiredSuppressionsCounted(Connection& db, const std::string& now) {
  Result<Stmt> st = db.Prepare(
      "SELECT 1 FROM rollup_counts r WHERE r.state = 'open' AND r.n <> 0 AND r.suppression_id "
      "IN (SELECT id FROM suppressions WHERE expires_at <> '' AND expires_at <= ?) LIMIT 1");
  if (!st) return Fail(st.error());
  (*st)->Bind(1, now);
  Result<bool> row = (*st)->Step();
  if (!row) return Fail(row.error());
  return *row;
}

Status RollupTrend(Connection& db, const FindingQuery& q, int days, Aggregates& out) {
  Sql sql;
  sql.Add("SELECT r.day, SUM(r.appeared), SUM(r.resolved) FROM rollup_days r WHERE 1 = 1");
  AddOwner(sql, q);
  sql.Add(" GROUP BY r.day ORDER BY r.day");
  Result<Stmt> st = sql.Prepare(db);
  if (!st) return Fail(st.error());
  std::vector<std::pair<std::string, int64_t>> deltas;  // Day → appeared − resolved.
  for (;;) {
    Result<bool> row = (*st)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    deltas.emplace_back(std::string((*st)->Text(0)), (*st)->Int(1) - (*st)->Int(2));
  }
  std::time_t today = std::time(nullptr);
  size_t next = 0;
  int64_t open = 0;
  for (int d = days - 1; d >= 0; --d) {
    std::string day = DayString(today - static_cast<std::time_t>(d) * 86400);
    for (; next < deltas.size() && deltas[next].first <= day; ++next) open += deltas[next].second;
    out.trend.push_back(CountRow{day, open, 0});
  }
  return Ok();
}

}  // namespace

Result<Aggregates> Aggregate(Connection& db, const FindingQuery& asked, int days) {
  Result<FindingQuery> expanded = WithVulnerabilityIds(db, asked);
  if (!expanded) return Fail(expanded.error());
  const FindingQuery& q = *expanded;
  std::string now = NowRfc3339();
  Aggregates out;
  if (!q.kind.empty() && !model::ParseAssetKind(q.kind))
    return Fail(ErrorCode::kInvalidInput, "unknown asset kind '" + q.kind + "'");
  auto base = [&](std::string_view select, bool with_status) -> Result<Sql> {
    Sql sql;
    sql.Add("SELECT ").Add(select).Add(
        " FROM findings f JOIN assets a ON a.id = f.asset_id "
        "WHERE 1 = 1");
    if (Status s = AddFilters(sql, q, now, with_status); !s) return Fail(s.error());
    return sql;
  };
  if (RollupCounts(q)) {
    if (Status s = RollupTotals(db, q, now, out); !s) return Fail(s.error());
  } else {
    Result<Sql> sql =
        base("COUNT(*), COALESCE(SUM(f.has_exploit), 0), COALESCE(SUM(f.kev), 0)", true);
    if (!sql) return Fail(sql.error());
    Result<Stmt> st = sql->Prepare(db);
    if (!st) return Fail(st.error());
    Result<bool> row = (*st)->Step();
    if (!row) return Fail(row.error());
    if (*row) {
      out.open = (*st)->Int(0);
      out.exploitable = (*st)->Int(1);
      out.kev = (*st)->Int(2);
    }
    struct Group {
      std::string_view expr;
      std::vector<CountRow>* into;
      std::string_view order;
      std::string_view where;
    };
    for (const Group& g :
         {Group{"f.severity", &out.by_severity, "MAX(f.severity_rank) DESC", ""},
          Group{"a.team", &out.by_team, "2 DESC, 1", ""},
          Group{"a.team", &out.critical_by_team, "2 DESC, 1", " AND f.severity_rank = 5"},
          Group{"f.source", &out.by_source, "2 DESC, 1", ""},
          Group{"a.kind", &out.by_kind, "2 DESC, 1", ""}}) {
      Result<Sql> sql =
          base(std::string(g.expr) + ", COUNT(*), COALESCE(SUM(f.has_exploit), 0)", true);
      if (!sql) return Fail(sql.error());
      sql->Add(g.where).Add(" GROUP BY ").Add(g.expr).Add(" ORDER BY ").Add(g.order);
      Result<std::vector<CountRow>> rows = Counts(db, *sql);
      if (!rows) return Fail(rows.error());
      *g.into = std::move(*rows);
    }
  }
  bool rollup_top = RollupOwnerOnly(q) && OnlyOpen(q);
  if (rollup_top) {
    Result<bool> stale = ExpiredSuppressionsCounted(db, now);
    if (!stale) return Fail(stale.error());
    rollup_top = !*stale;
  }
  if (rollup_top) {
    Result<std::vector<CountRow>> rows = RollupTop(db, q, now);
    if (!rows) return Fail(rows.error());
    out.top_vulnerabilities = std::move(*rows);
  } else {
    Result<Sql> sql =
        base("f.vulnerability_id, COUNT(DISTINCT f.asset_id), MAX(f.has_exploit)", true);
    if (!sql) return Fail(sql.error());
    sql->Add(" GROUP BY f.vulnerability_id ORDER BY 2 DESC, MAX(f.severity_rank) DESC, 1 LIMIT 10");
    Result<std::vector<CountRow>> rows = Counts(db, *sql);
    if (!rows) return Fail(rows.error());
    out.top_vulnerabilities = std::move(*rows);
  }
  if (days > 0) {
    if (RollupOwnerOnly(q)) {
      if (Status s = RollupTrend(db, q, days, out); !s) return Fail(s.error());
    } else {
      // Open findings at the end of each day, from when each appeared and resolved
      // (suppressions are today's decision and do not rewrite history).
      Result<Sql> sql =
          base("substr(f.first_seen, 1, 10), substr(f.resolved_at, 1, 10), COUNT(*)", false);
      if (!sql) return Fail(sql.error());
      sql->Add(" GROUP BY substr(f.first_seen, 1, 10), substr(f.resolved_at, 1, 10)");
      if (Status s = FillTrend(db, *sql, days, out); !s) return Fail(s.error());
    }
  }
  return out;
}

}  // namespace vs::store::ops
