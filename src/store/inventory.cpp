// Assets, inventories, collection runs, findings and their history.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include <fnmatch.h>

#include "core/time.h"
#include "model/severity.h"
#include "store/codec.h"
#include "store/sql_ops.h"

namespace vs::store::ops {
namespace {

using sql::Connection;
using sql::Statement;
using sql::Transaction;
using Stmt = std::unique_ptr<Statement>;

// The finding source name of our own matcher.
constexpr std::string_view kOwnSource = "vulnscope";

Result<Stmt> Prep(Connection& db, std::string_view sql) { return db.Prepare(sql); }

// A transaction that writes findings or assets. On PostgreSQL writers take one advisory lock
// first: the rollup triggers update shared count rows, so two concurrent collections would
// otherwise deadlock on them, or count an asset twice from two snapshots. (SQLite's writers
// are serialised by BEGIN IMMEDIATE already.)
Result<Transaction> BeginWrite(Connection& db) {
  Result<Transaction> tx = Transaction::Begin(db);
  if (!tx) return tx;
  if (db.dialect() == sql::Dialect::kPostgres) {
    if (Status s = db.Exec("SELECT pg_advisory_xact_lock(7166)"); !s) return Fail(s.error());
  }
  return tx;
}

// A finding as it arrives, from our matcher or from another tool.
struct Incoming {
  std::string vulnerability_id;
  std::vector<std::string> aliases;
  std::string ecosystem;
  std::string package;
  std::string version;
  std::string external_id;
  std::string fixed_version;
  model::Severity severity = model::Severity::kUnknown;
  double cvss_score = -1;
  std::string cvss_vector;
  std::string summary;
  std::string url;
  std::string state = "open";  // "open", "resolved", "suppressed".
  std::string state_reason;
  model::ExploitInfo exploit;

  std::string Key() const {
    return vulnerability_id + '\x1f' + ecosystem + '\x1f' + package + '\x1f' + external_id;
  }
};

struct Counters {
  int64_t opened = 0;
  int64_t resolved = 0;
  int64_t reopened = 0;
};

std::vector<Incoming> FromFindings(const std::vector<model::Finding>& findings) {
  // One finding per (vulnerability, package): several installed versions of one package
  // (lockfiles can hold two) are listed in `version`.
  std::vector<Incoming> out;
  std::unordered_map<std::string, size_t> by_key;
  for (const model::Finding& f : findings) {
    Incoming in;
    in.vulnerability_id = f.vulnerability_id;
    in.aliases = f.aliases;
    in.ecosystem = f.package.ecosystem;
    in.package = f.package.name;
    in.version = f.package.version;
    in.fixed_version = f.fixed_version;
    in.severity = f.severity;
    in.cvss_score = f.cvss_score;
    in.cvss_vector = f.cvss_vector;
    in.summary = f.summary;
    in.exploit = f.exploit;
    auto [it, inserted] = by_key.emplace(in.Key(), out.size());
    if (inserted) {
      out.push_back(std::move(in));
    } else {
      Incoming& prev = out[it->second];
      if (("," + prev.version + ",").find("," + in.version + ",") == std::string::npos &&
          prev.version.find(", " + in.version) == std::string::npos) {
        prev.version += ", " + in.version;
      }
    }
  }
  return out;
}

Incoming FromExternal(const model::ExternalFinding& f, const Evaluator& ev) {
  Incoming in;
  in.vulnerability_id = f.vulnerability_id;
  in.aliases = f.aliases;
  in.ecosystem = f.package.ecosystem;
  in.package = f.package.name;
  in.version = f.package.version;
  in.external_id = f.external_id;
  in.fixed_version = f.fixed_version;
  in.severity = f.severity;
  in.cvss_score = f.cvss_score;
  in.cvss_vector = f.cvss_vector;
  in.summary = f.summary;
  in.url = f.url;
  in.state = f.status == "resolved" || f.status == "suppressed" ? f.status : "open";
  in.state_reason = f.status_reason;
  if (ev.enrich) in.exploit = ev.enrich(f.vulnerability_id, f.aliases);
  if (!in.exploit.epss && f.epss) in.exploit.epss = f.epss;
  return in;
}

bool HasExploit(const model::ExploitInfo& e) { return e.Any(); }

Status AddEvent(Connection& db, int64_t finding_id, std::string_view at, std::string_view state,
                std::string_view reason, int64_t run_id) {
  Result<Stmt> q = Prep(db,
                        "INSERT INTO finding_events (finding_id, at, state, reason, run_id) "
                        "VALUES (?,?,?,?,?)");
  if (!q) return Fail(q.error());
  (*q)->Bind(1, finding_id).Bind(2, at).Bind(3, state).Bind(4, reason);
  if (run_id > 0)
    (*q)->Bind(5, run_id);
  else
    (*q)->BindNull(5);
  return (*q)->Run();
}

Status ReplaceAliases(Connection& db, int64_t finding_id, const Incoming& in) {
  Result<Stmt> del = Prep(db, "DELETE FROM finding_aliases WHERE finding_id = ?");
  Result<Stmt> ins = Prep(db,
                          "INSERT INTO finding_aliases (alias, finding_id) VALUES (?, ?) "
                          "ON CONFLICT DO NOTHING");
  if (!del || !ins) return Fail(!del ? del.error() : ins.error());
  (*del)->Bind(1, finding_id);
  if (Status s = (*del)->Run(); !s) return s;
  (*ins)->Bind(1, in.vulnerability_id).Bind(2, finding_id);
  if (Status s = (*ins)->Run(); !s) return s;
  for (const std::string& a : in.aliases) {
    (*ins)->Bind(1, a).Bind(2, finding_id);
    if (Status s = (*ins)->Run(); !s) return s;
  }
  return Ok();
}

void BindFindingFields(Statement& q, int first, const Incoming& in) {
  int i = first;
  q.Bind(i++, EncodeStrings(in.aliases))
      .Bind(i++, in.version)
      .Bind(i++, in.fixed_version)
      .Bind(i++, model::SeverityName(in.severity))
      .Bind(i++, static_cast<int64_t>(in.severity))
      .Bind(i++, in.cvss_score)
      .Bind(i++, in.cvss_vector)
      .Bind(i++, in.summary)
      .Bind(i++, in.url)
      .Bind(i++, EncodeStrings(in.exploit.exploitdb))
      .Bind(i++, EncodeStrings(in.exploit.metasploit))
      .Bind(i++, in.exploit.kev)
      .Bind(i++, in.exploit.poc)
      .Bind(i++, HasExploit(in.exploit));
  if (in.exploit.epss)
    q.Bind(i, *in.exploit.epss);
  else
    q.BindNull(i);
}

// Brings the findings of (`asset_id`, `source`) to `incoming`: new ones open, present ones are
// refreshed (and reopened when they had been resolved), and stored ones that are no longer
// reported resolve.
Status ApplyFindings(Connection& db, int64_t asset_id, std::string_view source,
                     const std::vector<Incoming>& incoming, std::string_view now, int64_t run_id,
                     Counters& counters) {
  struct Stored {
    int64_t id;
    std::string state;
  };
  std::unordered_map<std::string, Stored> stored;
  {
    Result<Stmt> q = Prep(db,
                          "SELECT id, vulnerability_id, ecosystem, package, external_id, state "
                          "FROM findings WHERE asset_id = ? AND source = ?");
    if (!q) return Fail(q.error());
    (*q)->Bind(1, asset_id).Bind(2, source);
    for (;;) {
      Result<bool> row = (*q)->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      std::string key = std::string((*q)->Text(1)) + '\x1f' + std::string((*q)->Text(2)) + '\x1f' +
                        std::string((*q)->Text(3)) + '\x1f' + std::string((*q)->Text(4));
      stored.emplace(std::move(key), Stored{(*q)->Int(0), std::string((*q)->Text(5))});
    }
  }

  Result<Stmt> ins =
      Prep(db,
           "INSERT INTO findings (asset_id, source, vulnerability_id, ecosystem, package, "
           "external_id, aliases, version, fixed_version, severity, severity_rank, cvss_score, "
           "cvss_vector, summary, url, exploitdb, metasploit, kev, poc, has_exploit, epss, state, "
           "state_reason, first_seen, last_seen, resolved_at) "
           "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
  Result<Stmt> upd = Prep(
      db,
      "UPDATE findings SET aliases = ?, version = ?, fixed_version = ?, severity = ?, "
      "severity_rank = ?, cvss_score = ?, cvss_vector = ?, summary = ?, url = ?, exploitdb = ?, "
      "metasploit = ?, kev = ?, poc = ?, has_exploit = ?, epss = ?, state = ?, state_reason = ?, "
      "last_seen = ?, resolved_at = ?, reopened = reopened + ? WHERE id = ?");
  if (!ins || !upd) return Fail(!ins ? ins.error() : upd.error());

  std::set<std::string> seen;
  for (const Incoming& in : incoming) {
    std::string key = in.Key();
    if (!seen.insert(key).second) continue;  // A source listing one alert twice.
    auto it = stored.find(key);
    std::string resolved_at = in.state == "resolved" ? std::string(now) : "";
    if (it == stored.end()) {
      Statement& q = **ins;
      q.Bind(1, asset_id)
          .Bind(2, source)
          .Bind(3, in.vulnerability_id)
          .Bind(4, in.ecosystem)
          .Bind(5, in.package)
          .Bind(6, in.external_id);
      BindFindingFields(q, 7, in);
      q.Bind(22, in.state)
          .Bind(23, in.state_reason)
          .Bind(24, now)
          .Bind(25, now)
          .Bind(26, resolved_at);
      Result<bool> row = q.Step();
      if (!row) return Fail(row.error().WithContext(in.vulnerability_id));
      int64_t id = q.Int(0);
      q.Reset();
      if (Status s = ReplaceAliases(db, id, in); !s) return s;
      if (Status s = AddEvent(db, id, now, in.state, in.state_reason, run_id); !s) return s;
      if (in.state == "open") ++counters.opened;
      continue;
    }
    const Stored& old = it->second;
    bool reopen = old.state == "resolved" && in.state == "open";
    if (old.state == "resolved" && in.state == "resolved") resolved_at = "";
    Statement& q = **upd;
    BindFindingFields(q, 1, in);
    q.Bind(16, in.state).Bind(17, in.state_reason).Bind(18, now);
    if (old.state == "resolved" && in.state == "resolved") {
      // Keep the original resolution time.
      Result<Stmt> keep = Prep(db, "SELECT resolved_at FROM findings WHERE id = ?");
      if (!keep) return Fail(keep.error());
      (*keep)->Bind(1, old.id);
      Result<bool> r = (*keep)->Step();
      if (!r) return Fail(r.error());
      resolved_at = *r ? std::string((*keep)->Text(0)) : std::string(now);
    }
    q.Bind(19, resolved_at).Bind(20, int64_t{reopen ? 1 : 0}).Bind(21, old.id);
    if (Status s = q.Run(); !s) return s;
    if (Status s = ReplaceAliases(db, old.id, in); !s) return s;
    if (old.state != in.state) {
      if (Status s =
              AddEvent(db, old.id, now, reopen ? "reopened" : in.state, in.state_reason, run_id);
          !s) {
        return s;
      }
      if (reopen) ++counters.reopened;
      if (in.state == "resolved") ++counters.resolved;
    }
  }

  Result<Stmt> res = Prep(db,
                          "UPDATE findings SET state = 'resolved', resolved_at = ?, "
                          "state_reason = ? WHERE id = ?");
  if (!res) return Fail(res.error());
  for (const auto& [key, old] : stored) {
    if (seen.count(key) || old.state == "resolved") continue;
    std::string_view reason = source == kOwnSource ? "no longer matched by the installed version"
                                                   : "no longer reported by the source";
    (*res)->Bind(1, now).Bind(2, reason).Bind(3, old.id);
    if (Status s = (*res)->Run(); !s) return s;
    if (Status s = AddEvent(db, old.id, now, "resolved", reason, run_id); !s) return s;
    ++counters.resolved;
  }
  return Ok();
}

Status ReplacePackages(Connection& db, int64_t asset_id, const std::vector<model::Package>& pkgs) {
  Result<Stmt> del = Prep(db, "DELETE FROM packages WHERE asset_id = ?");
  Result<Stmt> ins = Prep(db,
                          "INSERT INTO packages (asset_id, ecosystem, name, version, source_name, "
                          "source_version, arch, purl, location, match_key, source_key) "
                          "VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  if (!del || !ins) return Fail(!del ? del.error() : ins.error());
  (*del)->Bind(1, asset_id);
  if (Status s = (*del)->Run(); !s) return s;
  for (const model::Package& p : pkgs) {
    (*ins)
        ->Bind(1, asset_id)
        .Bind(2, p.ecosystem)
        .Bind(3, p.name)
        .Bind(4, p.version)
        .Bind(5, p.source_name)
        .Bind(6, p.source_version)
        .Bind(7, p.arch)
        .Bind(8, p.purl)
        .Bind(9, p.location)
        .Bind(10, MatchKey(p.name))
        .Bind(11, MatchKey(p.source_name));
    if (Status s = (*ins)->Run(); !s) return s;
  }
  return Ok();
}

Status ReplaceSideRows(Connection& db, int64_t asset_id, const model::Asset& a) {
  for (const char* table : {"asset_members", "asset_namespaces"}) {
    Result<Stmt> del = Prep(db, std::string("DELETE FROM ") + table + " WHERE asset_id = ?");
    if (!del) return Fail(del.error());
    (*del)->Bind(1, asset_id);
    if (Status s = (*del)->Run(); !s) return s;
  }
  Result<Stmt> mem = Prep(db,
                          "INSERT INTO asset_members (asset_id, instance_id) VALUES (?, ?) "
                          "ON CONFLICT DO NOTHING");
  Result<Stmt> ns = Prep(db,
                         "INSERT INTO asset_namespaces (asset_id, namespace) VALUES (?, ?) "
                         "ON CONFLICT DO NOTHING");
  if (!mem || !ns) return Fail(!mem ? mem.error() : ns.error());
  std::vector<std::string> members = a.members;
  if (!a.instance_id.empty()) members.push_back(a.instance_id);
  for (const std::string& m : members) {
    (*mem)->Bind(1, asset_id).Bind(2, m);
    if (Status s = (*mem)->Run(); !s) return s;
  }
  for (const std::string& n : a.namespaces) {
    (*ns)->Bind(1, asset_id).Bind(2, n);
    if (Status s = (*ns)->Run(); !s) return s;
  }
  return Ok();
}

Result<int64_t> UpsertAsset(Connection& db, const model::Asset& a, std::string_view source,
                            std::string_view scope, std::string_view team, bool has_inventory,
                            std::string_view now) {
  Result<Stmt> q = Prep(
      db,
      "INSERT INTO assets (kind, key, name, source, scope, team, account_id, region, "
      "instance_id, ami, asg, platform, members, note, repo, default_branch, manifests, image, "
      "digest, namespaces, workloads, tags, os_family, os_release, os_ecosystem, has_inventory, "
      "active, first_seen, last_seen, retired_at) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?,'') "
      "ON CONFLICT (kind, key) DO UPDATE SET name = excluded.name, source = excluded.source, "
      "scope = excluded.scope, team = excluded.team, account_id = excluded.account_id, "
      "region = excluded.region, instance_id = excluded.instance_id, ami = excluded.ami, "
      "asg = excluded.asg, platform = excluded.platform, members = excluded.members, "
      "note = excluded.note, repo = excluded.repo, default_branch = excluded.default_branch, "
      "manifests = excluded.manifests, image = excluded.image, digest = excluded.digest, "
      "namespaces = excluded.namespaces, workloads = excluded.workloads, tags = excluded.tags, "
      "os_family = excluded.os_family, os_release = excluded.os_release, "
      "os_ecosystem = excluded.os_ecosystem, "
      "has_inventory = CASE WHEN excluded.has_inventory = 1 THEN 1 ELSE assets.has_inventory END, "
      "active = 1, last_seen = excluded.last_seen, retired_at = '' RETURNING id");
  if (!q) return Fail(q.error());
  Statement& s = **q;
  s.Bind(1, model::AssetKindName(a.kind))
      .Bind(2, a.key)
      .Bind(3, a.name.empty() ? a.key : a.name)
      .Bind(4, source)
      .Bind(5, scope)
      .Bind(6, team)
      .Bind(7, a.account_id)
      .Bind(8, a.region)
      .Bind(9, a.instance_id)
      .Bind(10, a.ami)
      .Bind(11, a.asg)
      .Bind(12, a.platform)
      .Bind(13, EncodeStrings(a.members))
      .Bind(14, a.note)
      .Bind(15, a.repo)
      .Bind(16, a.default_branch)
      .Bind(17, EncodeStrings(a.manifests))
      .Bind(18, a.image)
      .Bind(19, a.digest)
      .Bind(20, EncodeStrings(a.namespaces))
      .Bind(21, EncodeStrings(a.workloads))
      .Bind(22, EncodeStringMap(a.tags))
      .Bind(23, a.os ? a.os->family : "")
      .Bind(24, a.os ? a.os->release : "")
      .Bind(25, a.os ? a.os->ecosystem : "")
      .Bind(26, has_inventory)
      .Bind(27, now)
      .Bind(28, now);
  Result<bool> row = s.Step();
  if (!row) return Fail(row.error().WithContext(a.key));
  if (!*row) return Fail(ErrorCode::kInternal, "store: upsert returned no id for " + a.key);
  int64_t id = s.Int(0);
  s.Reset();
  return id;
}

Result<int64_t> StartRun(Connection& db, std::string_view source, std::string_view scope,
                         std::string_view now) {
  Result<Stmt> q = Prep(db,
                        "INSERT INTO collection_runs (source, scope, started_at, status) "
                        "VALUES (?, ?, ?, 'running') RETURNING id");
  if (!q) return Fail(q.error());
  (*q)->Bind(1, source).Bind(2, scope).Bind(3, now);
  Result<bool> row = (*q)->Step();
  if (!row) return Fail(row.error());
  int64_t id = (*q)->Int(0);
  (*q)->Reset();
  return id;
}

Status FinishRun(Connection& db, const RunSummary& r, std::string_view stats) {
  Result<Stmt> q = Prep(db,
                        "UPDATE collection_runs SET finished_at = ?, status = ?, error = ?, "
                        "assets = ?, retired = ?, packages = ?, opened = ?, resolved = ?, "
                        "reopened = ?, stats = ? WHERE id = ?");
  if (!q) return Fail(q.error());
  (*q)->Bind(1, NowRfc3339())
      .Bind(2, r.status)
      .Bind(3, r.error)
      .Bind(4, r.assets)
      .Bind(5, r.retired)
      .Bind(6, r.packages)
      .Bind(7, r.opened)
      .Bind(8, r.resolved)
      .Bind(9, r.reopened)
      .Bind(10, stats)
      .Bind(11, r.run_id);
  return (*q)->Run();
}

std::string JoinScopes(const std::vector<std::string>& scopes) {
  std::string out;
  for (const std::string& s : scopes) {
    if (!out.empty()) out += ' ';
    out += s;
  }
  return out;
}

Result<std::vector<model::Package>> LoadPackages(Connection& db, int64_t asset_id) {
  Result<Stmt> q = Prep(db,
                        "SELECT ecosystem, name, version, source_name, source_version, arch, purl, "
                        "location FROM packages WHERE asset_id = ? ORDER BY name, version");
  if (!q) return Fail(q.error());
  (*q)->Bind(1, asset_id);
  std::vector<model::Package> out;
  for (;;) {
    Result<bool> row = (*q)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    model::Package p;
    p.ecosystem = (*q)->Text(0);
    p.name = (*q)->Text(1);
    p.version = (*q)->Text(2);
    p.source_name = (*q)->Text(3);
    p.source_version = (*q)->Text(4);
    p.arch = (*q)->Text(5);
    p.purl = (*q)->Text(6);
    p.location = (*q)->Text(7);
    out.push_back(std::move(p));
  }
  return out;
}

// Resolves every open or suppressed finding of assets that are gone.
Status ResolveAssetFindings(Connection& db, int64_t asset_id, std::string_view now, int64_t run_id,
                            Counters& counters) {
  Result<Stmt> q = Prep(db, "SELECT id FROM findings WHERE asset_id = ? AND state <> 'resolved'");
  if (!q) return Fail(q.error());
  (*q)->Bind(1, asset_id);
  std::vector<int64_t> ids;
  for (;;) {
    Result<bool> row = (*q)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    ids.push_back((*q)->Int(0));
  }
  Result<Stmt> upd = Prep(db,
                          "UPDATE findings SET state = 'resolved', resolved_at = ?, "
                          "state_reason = 'asset retired' WHERE id = ?");
  if (!upd) return Fail(upd.error());
  for (int64_t id : ids) {
    (*upd)->Bind(1, now).Bind(2, id);
    if (Status s = (*upd)->Run(); !s) return s;
    if (Status s = AddEvent(db, id, now, "resolved", "asset retired", run_id); !s) return s;
    ++counters.resolved;
  }
  return Ok();
}

Status SetState(Connection& db, std::string_view key, std::string_view value) {
  Result<Stmt> q = Prep(db,
                        "INSERT INTO store_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO "
                        "UPDATE SET value = excluded.value");
  if (!q) return Fail(q.error());
  (*q)->Bind(1, key).Bind(2, value);
  return (*q)->Run();
}

Result<std::string> GetState(Connection& db, std::string_view key) {
  Result<Stmt> q = Prep(db, "SELECT value FROM store_state WHERE key = ?");
  if (!q) return Fail(q.error());
  (*q)->Bind(1, key);
  Result<bool> row = (*q)->Step();
  if (!row) return Fail(row.error());
  return *row ? std::string((*q)->Text(0)) : std::string();
}

// Rebuilds `asset` (the columns the matcher and ownership look at) from a row.
Result<model::Asset> LoadAsset(Connection& db, int64_t id) {
  Result<Stmt> q = Prep(db,
                        "SELECT kind, key, name, account_id, region, instance_id, repo, image, "
                        "namespaces, tags, os_family, os_release, os_ecosystem, team FROM assets "
                        "WHERE id = ?");
  if (!q) return Fail(q.error());
  (*q)->Bind(1, id);
  Result<bool> row = (*q)->Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, "asset " + std::to_string(id));
  const Statement& s = **q;
  model::Asset a;
  a.kind = model::ParseAssetKind(s.Text(0)).value_or(model::AssetKind::kHost);
  a.key = s.Text(1);
  a.name = s.Text(2);
  a.account_id = s.Text(3);
  a.region = s.Text(4);
  a.instance_id = s.Text(5);
  a.repo = s.Text(6);
  a.image = s.Text(7);
  a.namespaces = DecodeStrings(s.Text(8)).value_or(std::vector<std::string>{});
  a.tags = DecodeStringMap(s.Text(9)).value_or(std::map<std::string, std::string>{});
  if (!s.Text(12).empty() || !s.Text(10).empty()) {
    a.os = model::OsInfo{std::string(s.Text(10)), std::string(s.Text(11)), std::string(s.Text(12))};
  }
  a.team = s.Text(13);
  return a;
}

}  // namespace

std::string MatchKey(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '_' || c == '.') c = '-';
  }
  return out;
}

std::string OwnerOf(const model::Asset& a, const std::vector<OwnershipRule>& rules) {
  auto glob = [](const std::string& pattern, const std::string& value) {
    return fnmatch(pattern.c_str(), value.c_str(), 0) == 0;
  };
  for (const OwnershipRule& r : rules) {
    if (r.kind == "account") {
      if (!a.account_id.empty() && glob(r.pattern, a.account_id)) return r.team;
    } else if (r.kind == "repo") {
      if (!a.repo.empty() && glob(r.pattern, a.repo)) return r.team;
    } else if (r.kind == "namespace") {
      for (const std::string& ns : a.namespaces)
        if (glob(r.pattern, ns)) return r.team;
    } else if (r.kind == "tag") {
      size_t eq = r.pattern.find('=');
      std::string key = r.pattern.substr(0, eq);
      std::string value = eq == std::string::npos ? "*" : r.pattern.substr(eq + 1);
      auto it = a.tags.find(key);
      if (it != a.tags.end() && glob(value, it->second)) return r.team;
    } else if (r.kind == "image") {
      if (!a.image.empty() && glob(r.pattern, a.image)) return r.team;
    }
  }
  return "";
}

Result<RunSummary> RecordFailedRun(Connection& db, std::string_view source, std::string_view scope,
                                   std::string_view error) {
  std::string now = NowRfc3339();
  Result<int64_t> run = StartRun(db, source, scope, now);
  if (!run) return Fail(run.error());
  RunSummary r;
  r.run_id = *run;
  r.source = source;
  r.status = "failed";
  r.error = error;
  if (Status s = FinishRun(db, r, "{}"); !s) return Fail(s.error());
  return r;
}

Result<RunSummary> ApplyCollection(Connection& db, const model::Collection& c, const Evaluator& ev,
                                   const std::vector<OwnershipRule>& rules) {
  std::string now = NowRfc3339();
  Result<int64_t> run = StartRun(db, c.source, JoinScopes(c.scopes), now);
  if (!run) return Fail(run.error());
  RunSummary r;
  r.run_id = *run;
  r.source = c.source;
  Counters counters;
  std::map<std::string, std::string> stat_map = c.stats;
  if (!c.warnings.empty()) stat_map["warnings"] = std::to_string(c.warnings.size());
  // The first warnings themselves, for the sources page (bounded: a run can have thousands).
  for (size_t i = 0; i < c.warnings.size() && i < 20; ++i)
    stat_map["warning." + std::to_string(i + 1)] = c.warnings[i];
  std::string stats = EncodeStringMap(stat_map);

  auto apply = [&]() -> Status {
    Result<Transaction> tx = BeginWrite(db);
    if (!tx) return Fail(tx.error());
    std::set<int64_t> reported;
    for (size_t i = 0; i < c.assets.size(); ++i) {
      const model::AssetReport& rep = c.assets[i];
      std::string scope = i < c.asset_scopes.size() ? c.asset_scopes[i] : "";
      std::string team = rep.asset.team.empty() ? OwnerOf(rep.asset, rules) : rep.asset.team;
      Result<int64_t> id =
          UpsertAsset(db, rep.asset, c.source, scope, team, rep.has_inventory, now);
      if (!id) return Fail(id.error());
      reported.insert(*id);
      ++r.assets;
      if (Status s = ReplaceSideRows(db, *id, rep.asset); !s) return s;
      if (rep.has_inventory) {
        if (Status s = ReplacePackages(db, *id, rep.packages); !s) return s;
        r.packages += static_cast<int64_t>(rep.packages.size());
        if (ev.match) {
          model::Asset with_team = rep.asset;
          with_team.team = team;
          std::vector<Incoming> ours = FromFindings(ev.match(with_team, rep.packages));
          if (Status s = ApplyFindings(db, *id, kOwnSource, ours, now, r.run_id, counters); !s)
            return s;
        }
      }
      if (!c.finding_source.empty()) {
        std::vector<Incoming> ext;
        ext.reserve(rep.findings.size());
        for (const model::ExternalFinding& f : rep.findings) ext.push_back(FromExternal(f, ev));
        if (Status s = ApplyFindings(db, *id, c.finding_source, ext, now, r.run_id, counters); !s) {
          return s;
        }
      }
    }
    // Assets of a fully covered scope that this run did not see are gone.
    Result<Stmt> gone =
        Prep(db, "SELECT id FROM assets WHERE source = ? AND scope = ? AND active = 1");
    Result<Stmt> retire = Prep(db, "UPDATE assets SET active = 0, retired_at = ? WHERE id = ?");
    if (!gone || !retire) return Fail(!gone ? gone.error() : retire.error());
    for (const std::string& scope : c.scopes) {
      std::vector<int64_t> ids;
      (*gone)->Bind(1, c.source).Bind(2, scope);
      for (;;) {
        Result<bool> row = (*gone)->Step();
        if (!row) return Fail(row.error());
        if (!*row) break;
        if (!reported.count((*gone)->Int(0))) ids.push_back((*gone)->Int(0));
      }
      (*gone)->Reset();
      for (int64_t id : ids) {
        (*retire)->Bind(1, now).Bind(2, id);
        if (Status s = (*retire)->Run(); !s) return s;
        if (Status s = ResolveAssetFindings(db, id, now, r.run_id, counters); !s) return s;
        ++r.retired;
      }
    }
    if (Status s = RefreshSuppressions(db); !s) return s;
    return tx->Commit();
  };

  Status applied = apply();
  r.opened = counters.opened;
  r.resolved = counters.resolved;
  r.reopened = counters.reopened;
  if (!applied) {
    RunSummary failed;
    failed.run_id = r.run_id;
    failed.source = c.source;
    failed.status = "failed";
    failed.error = applied.error().message;
    (void)FinishRun(db, failed, stats);
    return Fail(applied.error());
  }
  r.status = c.errors.empty() ? "ok" : "partial";
  for (const std::string& e : c.errors) r.error += (r.error.empty() ? "" : "; ") + e;
  if (Status s = FinishRun(db, r, stats); !s) return Fail(s.error());
  return r;
}

Result<RunSummary> Rematch(Connection& db, const Evaluator& ev, bool full) {
  std::string now = NowRfc3339();
  Result<int64_t> run = StartRun(db, "match", full ? "full" : "incremental", now);
  if (!run) return Fail(run.error());
  RunSummary r;
  r.run_id = *run;
  r.source = "match";
  Counters counters;

  auto apply = [&]() -> Status {
    Result<Transaction> tx = BeginWrite(db);
    if (!tx) return Fail(tx.error());
    std::string sql =
        full ? "SELECT id FROM assets WHERE active = 1 AND has_inventory = 1 ORDER BY id"
             : "SELECT id FROM assets WHERE active = 1 AND has_inventory = 1 AND id IN ("
               "SELECT p.asset_id FROM packages p JOIN dirty_packages d ON "
               "d.match_key = p.match_key UNION SELECT p.asset_id FROM packages p JOIN "
               "dirty_packages d ON d.match_key = p.source_key) ORDER BY id";
    std::vector<int64_t> ids;
    {
      Result<Stmt> q = Prep(db, sql);
      if (!q) return Fail(q.error());
      for (;;) {
        Result<bool> row = (*q)->Step();
        if (!row) return Fail(row.error());
        if (!*row) break;
        ids.push_back((*q)->Int(0));
      }
    }
    if (ev.match) {
      for (int64_t id : ids) {
        Result<model::Asset> asset = LoadAsset(db, id);
        if (!asset) return Fail(asset.error());
        Result<std::vector<model::Package>> pkgs = LoadPackages(db, id);
        if (!pkgs) return Fail(pkgs.error());
        std::vector<Incoming> ours = FromFindings(ev.match(*asset, *pkgs));
        if (Status s = ApplyFindings(db, id, kOwnSource, ours, now, r.run_id, counters); !s)
          return s;
        ++r.assets;
        r.packages += static_cast<int64_t>(pkgs->size());
      }
    }
    // Exploit evidence changes with intelligence feeds, for every source's findings.
    Result<std::string> intel = GetState(db, "intel_dirty");
    if (!intel) return Fail(intel.error());
    if (ev.enrich && (full || *intel == "1")) {
      struct Row {
        int64_t id;
        std::string vid;
        std::vector<std::string> aliases;
        bool had_epss;
        double epss;
      };
      std::vector<Row> rows;
      Result<Stmt> q =
          Prep(db,
               "SELECT id, vulnerability_id, aliases, epss FROM findings WHERE state <> "
               "'resolved'");
      if (!q) return Fail(q.error());
      for (;;) {
        Result<bool> row = (*q)->Step();
        if (!row) return Fail(row.error());
        if (!*row) break;
        rows.push_back(Row{(*q)->Int(0), std::string((*q)->Text(1)),
                           DecodeStrings((*q)->Text(2)).value_or(std::vector<std::string>{}),
                           !(*q)->IsNull(3), (*q)->Real(3)});
      }
      Result<Stmt> upd = Prep(db,
                              "UPDATE findings SET exploitdb = ?, metasploit = ?, kev = ?, "
                              "poc = ?, has_exploit = ?, epss = ? WHERE id = ?");
      if (!upd) return Fail(upd.error());
      for (const Row& row : rows) {
        model::ExploitInfo e = ev.enrich(row.vid, row.aliases);
        if (!e.epss && row.had_epss) e.epss = row.epss;
        (*upd)
            ->Bind(1, EncodeStrings(e.exploitdb))
            .Bind(2, EncodeStrings(e.metasploit))
            .Bind(3, e.kev)
            .Bind(4, e.poc)
            .Bind(5, HasExploit(e));
        if (e.epss)
          (*upd)->Bind(6, *e.epss);
        else
          (*upd)->BindNull(6);
        (*upd)->Bind(7, row.id);
        if (Status s = (*upd)->Run(); !s) return s;
      }
    }
    if (ev.match) {
      if (Status s = db.Exec("DELETE FROM dirty_packages"); !s) return s;
    }
    if (ev.enrich) {
      if (Status s = SetState(db, "intel_dirty", "0"); !s) return s;
    }
    if (Status s = RefreshSuppressions(db); !s) return s;
    return tx->Commit();
  };
  Status applied = apply();
  r.opened = counters.opened;
  r.resolved = counters.resolved;
  r.reopened = counters.reopened;
  r.status = applied ? "ok" : "failed";
  if (!applied) r.error = applied.error().message;
  (void)FinishRun(db, r, "{}");
  if (!applied) return Fail(applied.error());
  return r;
}

Status ApplyOwnership(Connection& db, const std::vector<OwnershipRule>& rules) {
  Result<Transaction> tx = BeginWrite(db);
  if (!tx) return Fail(tx.error());
  std::vector<std::pair<int64_t, std::string>> updates;
  {
    // Only assets whose source gave no team are ruled; the source's own team wins.
    Result<Stmt> q = Prep(db, "SELECT id, team FROM assets");
    if (!q) return Fail(q.error());
    std::vector<int64_t> ids;
    for (;;) {
      Result<bool> row = (*q)->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      ids.push_back((*q)->Int(0));
    }
    for (int64_t id : ids) {
      Result<model::Asset> a = LoadAsset(db, id);
      if (!a) return Fail(a.error());
      std::string team = OwnerOf(*a, rules);
      if (team != a->team) updates.emplace_back(id, team);
    }
  }
  Result<Stmt> upd = Prep(db, "UPDATE assets SET team = ? WHERE id = ?");
  if (!upd) return Fail(upd.error());
  for (const auto& [id, team] : updates) {
    (*upd)->Bind(1, team).Bind(2, id);
    if (Status s = (*upd)->Run(); !s) return s;
  }
  if (Status s = RefreshSuppressions(db); !s) return s;
  return tx->Commit();
}

Result<std::vector<RunInfo>> Runs(Connection& db, std::string_view source, int limit) {
  Result<Stmt> q = Prep(db,
                        "SELECT id, source, scope, started_at, finished_at, status, error, assets, "
                        "retired, packages, opened, resolved, reopened, stats FROM "
                        "collection_runs WHERE (? = '' OR source = ?) ORDER BY id DESC LIMIT ?");
  if (!q) return Fail(q.error());
  (*q)->Bind(1, source).Bind(2, source).Bind(3, int64_t{limit});
  std::vector<RunInfo> out;
  for (;;) {
    Result<bool> row = (*q)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    const Statement& s = **q;
    RunInfo i;
    i.summary.run_id = s.Int(0);
    i.summary.source = s.Text(1);
    i.scope = s.Text(2);
    i.started_at = s.Text(3);
    i.finished_at = s.Text(4);
    i.summary.status = s.Text(5);
    i.summary.error = s.Text(6);
    i.summary.assets = s.Int(7);
    i.summary.retired = s.Int(8);
    i.summary.packages = s.Int(9);
    i.summary.opened = s.Int(10);
    i.summary.resolved = s.Int(11);
    i.summary.reopened = s.Int(12);
    i.stats = s.Text(13);
    out.push_back(std::move(i));
  }
  return out;
}

Result<int64_t> AddSuppression(Connection& db, const Suppression& s) {
  if (s.vulnerability_id.empty())
    return Fail(ErrorCode::kInvalidInput, "a suppression needs a vulnerability id");
  if (s.reason.empty()) return Fail(ErrorCode::kInvalidInput, "a suppression needs a reason");
  Result<Transaction> tx = BeginWrite(db);
  if (!tx) return Fail(tx.error());
  Result<Stmt> q = Prep(db,
                        "INSERT INTO suppressions (vulnerability_id, package, asset, team, reason, "
                        "expires_at, author, created_at) VALUES (?,?,?,?,?,?,?,?) RETURNING id");
  if (!q) return Fail(q.error());
  (*q)->Bind(1, s.vulnerability_id)
      .Bind(2, s.package)
      .Bind(3, s.asset)
      .Bind(4, s.team)
      .Bind(5, s.reason)
      .Bind(6, s.expires_at)
      .Bind(7, s.author)
      .Bind(8, NowRfc3339());
  Result<bool> row = (*q)->Step();
  if (!row) return Fail(row.error());
  int64_t id = (*q)->Int(0);
  (*q)->Reset();
  if (Status st = RefreshSuppressions(db); !st) return Fail(st.error());
  if (Status st = tx->Commit(); !st) return Fail(st.error());
  return id;
}

Status RemoveSuppression(Connection& db, int64_t id) {
  Result<Transaction> tx = BeginWrite(db);
  if (!tx) return Fail(tx.error());
  Result<Stmt> q = Prep(db, "DELETE FROM suppressions WHERE id = ?");
  if (!q) return Fail(q.error());
  (*q)->Bind(1, id);
  if (Status s = (*q)->Run(); !s) return s;
  if (Status s = RefreshSuppressions(db); !s) return s;
  return tx->Commit();
}

Result<std::vector<Suppression>> ListSuppressions(Connection& db) {
  Result<Stmt> q = Prep(db,
                        "SELECT id, vulnerability_id, package, asset, team, reason, expires_at, "
                        "author, created_at FROM suppressions ORDER BY id");
  if (!q) return Fail(q.error());
  std::vector<Suppression> out;
  for (;;) {
    Result<bool> row = (*q)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    const Statement& s = **q;
    out.push_back(Suppression{s.Int(0), std::string(s.Text(1)), std::string(s.Text(2)),
                              std::string(s.Text(3)), std::string(s.Text(4)),
                              std::string(s.Text(5)), std::string(s.Text(6)),
                              std::string(s.Text(7)), std::string(s.Text(8))});
  }
  return out;
}

// Re-decides which live suppression covers each finding, then writes only the findings whose
// suppression changes: every write calls this, and each changed row moves the rollups.
Status RefreshSuppressions(Connection& db) {
  Result<std::vector<Suppression>> all = ListSuppressions(db);
  if (!all) return Fail(all.error());
  std::string now = NowRfc3339();
  // Longest-lived first, so that when one expires the search's expiry check falls back to
  // "open" only if no never-expiring one applies (that one was assigned instead).
  std::vector<Suppression> live;
  for (const Suppression& s : *all)
    if (s.expires_at.empty() || s.expires_at > now) live.push_back(s);
  std::stable_sort(live.begin(), live.end(), [](const Suppression& a, const Suppression& b) {
    if (a.expires_at.empty() != b.expires_at.empty()) return a.expires_at.empty();
    return a.expires_at > b.expires_at;
  });
  for (std::string_view sql :
       {"CREATE TEMP TABLE IF NOT EXISTS suppression_targets (finding_id BIGINT PRIMARY KEY, "
        "suppression_id BIGINT NOT NULL)",
        "DELETE FROM suppression_targets"}) {
    if (Status s = db.Exec(sql); !s) return s;
  }
  Result<Stmt> q = Prep(
      db,
      "INSERT INTO suppression_targets (finding_id, suppression_id) SELECT id, ? FROM findings "
      "WHERE id IN (SELECT finding_id FROM finding_aliases WHERE alias = ?) "
      "AND (? = '' OR lower(package) = lower(?)) "
      "AND (? = '' OR asset_id IN (SELECT id FROM assets WHERE name = ? OR key = ?)) "
      "AND (? = '' OR asset_id IN (SELECT id FROM assets WHERE team = ?)) "
      "ON CONFLICT (finding_id) DO NOTHING");
  if (!q) return Fail(q.error());
  for (const Suppression& s : live) {
    // Every finding's own id is one of its alias rows (ReplaceAliases), as in the search.
    (*q)->Bind(1, s.id)
        .Bind(2, s.vulnerability_id)
        .Bind(3, s.package)
        .Bind(4, s.package)
        .Bind(5, s.asset)
        .Bind(6, s.asset)
        .Bind(7, s.asset)
        .Bind(8, s.team)
        .Bind(9, s.team);
    if (Status st = (*q)->Run(); !st) return st;
  }
  for (std::string_view sql :
       {"UPDATE findings SET suppression_id = NULL WHERE suppression_id IS NOT NULL AND id NOT "
        "IN (SELECT finding_id FROM suppression_targets)",
        "UPDATE findings SET suppression_id = (SELECT t.suppression_id FROM suppression_targets t "
        "WHERE t.finding_id = findings.id) WHERE id IN (SELECT t.finding_id FROM "
        "suppression_targets t WHERE t.suppression_id IS DISTINCT FROM findings.suppression_id)",
        "DELETE FROM suppression_targets"}) {
    if (Status s = db.Exec(sql); !s) return s;
  }
  return Ok();
}

Result<std::vector<model::Package>> AssetPackages(Connection& db, int64_t asset_id) {
  return LoadPackages(db, asset_id);
}

}  // namespace vs::store::ops
