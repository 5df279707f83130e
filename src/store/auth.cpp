// Users, sessions, API tokens and the audit log.
#include "core/time.h"
#include "store/sql_ops.h"

namespace vs::store::ops {
namespace {

using sql::Connection;
using sql::Statement;
using Stmt = std::unique_ptr<Statement>;

Status RunWith(Connection& db, std::string_view sql, const std::vector<std::string_view>& params) {
  Result<Stmt> q = db.Prepare(sql);
  if (!q) return Fail(q.error());
  for (size_t i = 0; i < params.size(); ++i) (*q)->Bind(static_cast<int>(i + 1), params[i]);
  return (*q)->Run();
}

User ReadUser(const Statement& s) {
  User u;
  u.name = s.Text(0);
  u.password_hash = s.Text(1);
  u.role = s.Text(2);
  u.team = s.Text(3);
  u.source = s.Text(4);
  u.disabled = s.Int(5) != 0;
  u.created_at = s.Text(6);
  return u;
}

ApiToken ReadToken(const Statement& s) {
  ApiToken t;
  t.id = s.Int(0);
  t.name = s.Text(1);
  t.token_hash = s.Text(2);
  t.role = s.Text(3);
  t.team = s.Text(4);
  t.created_by = s.Text(5);
  t.created_at = s.Text(6);
  t.last_used = s.Text(7);
  t.revoked = s.Int(8) != 0;
  return t;
}

constexpr std::string_view kUserColumns =
    "name, password_hash, role, team, source, disabled, created_at";
constexpr std::string_view kTokenColumns =
    "id, name, token_hash, role, team, created_by, created_at, last_used, revoked";

}  // namespace

Status PutUser(Connection& db, const User& u) {
  if (u.name.empty()) return Fail(ErrorCode::kInvalidInput, "a user needs a name");
  if (u.role != "admin" && u.role != "viewer")
    return Fail(ErrorCode::kInvalidInput, "role must be admin or viewer, not '" + u.role + "'");
  Result<Stmt> q = db.Prepare(
      "INSERT INTO users (name, password_hash, role, team, source, disabled, created_at) "
      "VALUES (?,?,?,?,?,?,?) ON CONFLICT (name) DO UPDATE SET password_hash = "
      "excluded.password_hash, role = excluded.role, team = excluded.team, source = "
      "excluded.source, disabled = excluded.disabled");
  if (!q) return Fail(q.error());
  (*q)->Bind(1, u.name)
      .Bind(2, u.password_hash)
      .Bind(3, u.role)
      .Bind(4, u.team)
      .Bind(5, u.source)
      .Bind(6, u.disabled)
      .Bind(7, u.created_at.empty() ? NowRfc3339() : u.created_at);
  return (*q)->Run();
}

Result<std::optional<User>> GetUser(Connection& db, std::string_view name) {
  Result<Stmt> q = db.Prepare("SELECT " + std::string(kUserColumns) + " FROM users WHERE name = ?");
  if (!q) return Fail(q.error());
  (*q)->Bind(1, name);
  Result<bool> row = (*q)->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<User>();
  return std::optional<User>(ReadUser(**q));
}

Result<bool> DeleteUser(Connection& db, std::string_view name) {
  Result<std::optional<User>> u = GetUser(db, name);
  if (!u) return Fail(u.error());
  if (!*u) return false;
  if (Status s = RunWith(db, "DELETE FROM sessions WHERE user_name = ?", {name}); !s)
    return Fail(s.error());
  if (Status s = RunWith(db, "DELETE FROM users WHERE name = ?", {name}); !s)
    return Fail(s.error());
  return true;
}

Result<std::vector<User>> ListUsers(Connection& db) {
  Result<Stmt> q = db.Prepare("SELECT " + std::string(kUserColumns) + " FROM users ORDER BY name");
  if (!q) return Fail(q.error());
  std::vector<User> out;
  for (;;) {
    Result<bool> row = (*q)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back(ReadUser(**q));
  }
  return out;
}

Status CreateSession(Connection& db, const Session& s) {
  return RunWith(db,
                 "INSERT INTO sessions (id_hash, user_name, role, team, csrf_secret, created_at, "
                 "last_seen) VALUES (?,?,?,?,?,?,?)",
                 {s.id_hash, s.user, s.role, s.team, s.csrf_secret, s.created_at, s.last_seen});
}

Result<std::optional<Session>> GetSession(Connection& db, std::string_view id_hash) {
  Result<Stmt> q = db.Prepare(
      "SELECT id_hash, user_name, role, team, csrf_secret, created_at, last_seen FROM sessions "
      "WHERE id_hash = ?");
  if (!q) return Fail(q.error());
  (*q)->Bind(1, id_hash);
  Result<bool> row = (*q)->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<Session>();
  const Statement& s = **q;
  return std::optional<Session>(Session{std::string(s.Text(0)), std::string(s.Text(1)),
                                        std::string(s.Text(2)), std::string(s.Text(3)),
                                        std::string(s.Text(4)), std::string(s.Text(5)),
                                        std::string(s.Text(6))});
}

Status TouchSession(Connection& db, std::string_view id_hash, std::string_view at) {
  return RunWith(db, "UPDATE sessions SET last_seen = ? WHERE id_hash = ?", {at, id_hash});
}

Status DeleteSession(Connection& db, std::string_view id_hash) {
  return RunWith(db, "DELETE FROM sessions WHERE id_hash = ?", {id_hash});
}

Status ExpireSessions(Connection& db, std::string_view idle_before,
                      std::string_view created_before) {
  return RunWith(db, "DELETE FROM sessions WHERE last_seen < ? OR created_at < ?",
                 {idle_before, created_before});
}

Result<int64_t> CreateToken(Connection& db, const ApiToken& t) {
  if (t.name.empty()) return Fail(ErrorCode::kInvalidInput, "a token needs a name");
  if (t.role != "admin" && t.role != "viewer" && t.role != "ingest")
    return Fail(ErrorCode::kInvalidInput,
                "token role must be admin, viewer or ingest, not '" + t.role + "'");
  Result<Stmt> q = db.Prepare(
      "INSERT INTO api_tokens (name, token_hash, role, team, created_by, created_at) VALUES "
      "(?,?,?,?,?,?) RETURNING id");
  if (!q) return Fail(q.error());
  (*q)->Bind(1, t.name)
      .Bind(2, t.token_hash)
      .Bind(3, t.role)
      .Bind(4, t.team)
      .Bind(5, t.created_by)
      .Bind(6, t.created_at.empty() ? NowRfc3339() : t.created_at);
  Result<bool> row = (*q)->Step();
  if (!row) {
    if (row.error().message.find("UNIQUE") != std::string::npos ||
        row.error().message.find("unique") != std::string::npos)
      return Fail(ErrorCode::kInvalidInput, "a token named '" + t.name + "' exists");
    return Fail(row.error());
  }
  int64_t id = (*q)->Int(0);
  (*q)->Reset();
  return id;
}

Result<std::optional<ApiToken>> FindToken(Connection& db, std::string_view token_hash) {
  Result<Stmt> q = db.Prepare("SELECT " + std::string(kTokenColumns) +
                              " FROM api_tokens WHERE token_hash = ? AND revoked = 0");
  if (!q) return Fail(q.error());
  (*q)->Bind(1, token_hash);
  Result<bool> row = (*q)->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<ApiToken>();
  return std::optional<ApiToken>(ReadToken(**q));
}

Status TouchToken(Connection& db, int64_t id, std::string_view at) {
  Result<Stmt> q = db.Prepare("UPDATE api_tokens SET last_used = ? WHERE id = ?");
  if (!q) return Fail(q.error());
  (*q)->Bind(1, at).Bind(2, id);
  return (*q)->Run();
}

Result<bool> RevokeToken(Connection& db, std::string_view name) {
  Result<Stmt> q =
      db.Prepare("UPDATE api_tokens SET revoked = 1 WHERE name = ? AND revoked = 0 RETURNING id");
  if (!q) return Fail(q.error());
  (*q)->Bind(1, name);
  Result<bool> row = (*q)->Step();
  if (!row) return Fail(row.error());
  bool found = *row;
  (*q)->Reset();
  return found;
}

Result<std::vector<ApiToken>> ListTokens(Connection& db) {
  Result<Stmt> q =
      db.Prepare("SELECT " + std::string(kTokenColumns) + " FROM api_tokens ORDER BY name");
  if (!q) return Fail(q.error());
  std::vector<ApiToken> out;
  for (;;) {
    Result<bool> row = (*q)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back(ReadToken(**q));
  }
  return out;
}

Status Audit(Connection& db, const AuditEntry& e) {
  std::string at = e.at.empty() ? NowRfc3339() : e.at;
  return RunWith(db, "INSERT INTO audit_log (at, actor, action, detail, client) VALUES (?,?,?,?,?)",
                 {at, e.actor, e.action, e.detail, e.client});
}

Result<std::vector<AuditEntry>> AuditLog(Connection& db, int limit) {
  Result<Stmt> q = db.Prepare(
      "SELECT id, at, actor, action, detail, client FROM audit_log ORDER BY id DESC LIMIT ?");
  if (!q) return Fail(q.error());
  (*q)->Bind(1, int64_t{limit});
  std::vector<AuditEntry> out;
  for (;;) {
    Result<bool> row = (*q)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    const Statement& s = **q;
    out.push_back(AuditEntry{s.Int(0), std::string(s.Text(1)), std::string(s.Text(2)),
                             std::string(s.Text(3)), std::string(s.Text(4)),
                             std::string(s.Text(5))});
  }
  return out;
}

}  // namespace vs::store::ops
