#include "bench/store_gen.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>
#include <map>
#include <memory>
#include <span>
#include <unordered_set>
#include <vector>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "bench/common.h"
#include "core/time.h"
#include "model/severity.h"
#include "store/rollups.h"
#include "store/store.h"

namespace vs::bench {
namespace {

// ---- Deterministic randomness (splitmix64: same stream on every platform and library).

struct Rng {
  uint64_t state;
  uint64_t Next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  int64_t Below(int64_t n) { return static_cast<int64_t>(Next() % static_cast<uint64_t>(n)); }
  bool Chance(double p) { return Uniform() < p; }
  double Normal() {
    double u = std::max(Uniform(), 1e-12);
    return std::sqrt(-2 * std::log(u)) * std::cos(2 * M_PI * Uniform());
  }
  std::string Hex(int digits) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    uint64_t bits = Next();
    for (int i = 0; i < digits; ++i) {
      if (i % 16 == 15) bits = Next();
      out += kHex[bits & 15];
      bits >>= 4;
    }
    return out;
  }
};

// Rank r (0-based) drawn with probability ∝ 1 / (r + 1)^s.
class Zipf {
 public:
  Zipf(size_t n, double s) : cdf_(n) {
    double sum = 0;
    for (size_t r = 0; r < n; ++r) cdf_[r] = sum += 1 / std::pow(static_cast<double>(r + 1), s);
  }
  size_t Draw(Rng& rng) const {
    double u = rng.Uniform() * cdf_.back();
    return std::min<size_t>(std::upper_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin(),
                            cdf_.size() - 1);
  }

 private:
  std::vector<double> cdf_;
};

std::string JsonList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += '"' + items[i] + '"';  // Generated values never need escaping.
  }
  return out + "]";
}

std::string Num(int64_t v) { return std::to_string(v); }

// ---- Writers: one table at a time through the bulk path of each backend.

struct Field {
  enum class Type { kNull, kInt, kReal, kText };
  Type type = Type::kNull;
  int64_t i = 0;
  double r = 0;
  std::string_view s;
  static Field Null() { return {}; }
  static Field Int(int64_t v) { return {Type::kInt, v, 0, {}}; }
  static Field Real(double v) { return {Type::kReal, 0, v, {}}; }
  static Field Text(std::string_view v) { return {Type::kText, 0, 0, v}; }
};

class TableWriter {
 public:
  virtual ~TableWriter() = default;
  virtual Status Row(std::span<const Field> fields) = 0;
  virtual Status Finish() = 0;
};

class Loader {
 public:
  virtual ~Loader() = default;
  virtual Status Exec(const std::string& sql) = 0;
  // Rows of a query, every column as text.
  virtual Result<std::vector<std::vector<std::string>>> Query(const std::string& sql) = 0;
  virtual Result<std::unique_ptr<TableWriter>> Open(const std::string& table,
                                                    const std::vector<std::string>& columns) = 0;
  // Before the load: drops what slows bulk inserts down (remembering it); after: rebuilds it.
  virtual Status PrepareLoad(const std::vector<std::string>& tables) = 0;
  virtual Status FinishLoad() = 0;
};

std::string InsertSql(const std::string& table, const std::vector<std::string>& columns,
                      bool copy) {
  std::string cols;
  for (size_t i = 0; i < columns.size(); ++i) cols += (i ? ", " : "") + columns[i];
  if (copy) return "COPY " + table + " (" + cols + ") FROM STDIN";
  std::string marks;
  for (size_t i = 0; i < columns.size(); ++i) marks += i ? ",?" : "?";
  return "INSERT INTO " + table + " (" + cols + ") VALUES (" + marks + ")";
}

std::string InList(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", '" : "'") + names[i] + "'";
  return out;
}

class SqliteTable final : public TableWriter {
 public:
  SqliteTable(sqlite3* db, sqlite3_stmt* st) : db_(db), st_(st) {}
  ~SqliteTable() override { sqlite3_finalize(st_); }
  Status Row(std::span<const Field> fields) override {
    int i = 1;
    for (const Field& f : fields) {
      switch (f.type) {
        case Field::Type::kNull: sqlite3_bind_null(st_, i); break;
        case Field::Type::kInt: sqlite3_bind_int64(st_, i, f.i); break;
        case Field::Type::kReal: sqlite3_bind_double(st_, i, f.r); break;
        case Field::Type::kText:
          // A default string_view has no data pointer, which SQLite would store as NULL.
          sqlite3_bind_text64(st_, i, f.s.data() ? f.s.data() : "", f.s.size(), SQLITE_STATIC,
                              SQLITE_UTF8);
          break;
      }
      ++i;
    }
    int rc = sqlite3_step(st_);
    sqlite3_reset(st_);
    if (rc != SQLITE_DONE)
      return Fail(ErrorCode::kIo, std::string("sqlite: ") + sqlite3_errmsg(db_));
    return Ok();
  }
  Status Finish() override { return Ok(); }

 private:
  sqlite3* db_;
  sqlite3_stmt* st_;
};

class SqliteLoader final : public Loader {
 public:
  ~SqliteLoader() override { sqlite3_close_v2(db_); }
  Status Connect(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
      return Fail(ErrorCode::kIo, "sqlite: cannot open " + path);
    return Ok();
  }
  Status Exec(const std::string& sql) override {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errmsg(db_);
      sqlite3_free(err);
      return Fail(ErrorCode::kIo, "sqlite: " + msg + " in: " + sql.substr(0, 200));
    }
    return Ok();
  }
  Result<std::vector<std::vector<std::string>>> Query(const std::string& sql) override {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
      return Fail(ErrorCode::kIo, std::string("sqlite: ") + sqlite3_errmsg(db_));
    std::vector<std::vector<std::string>> rows;
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::vector<std::string>& row = rows.emplace_back();
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        const unsigned char* t = sqlite3_column_text(st, c);
        row.emplace_back(t ? reinterpret_cast<const char*>(t) : "");
      }
    }
    sqlite3_finalize(st);
    return rows;
  }
  Result<std::unique_ptr<TableWriter>> Open(const std::string& table,
                                            const std::vector<std::string>& columns) override {
    sqlite3_stmt* st = nullptr;
    std::string sql = InsertSql(table, columns, false);
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
      return Fail(ErrorCode::kIo, std::string("sqlite: ") + sqlite3_errmsg(db_));
    return std::unique_ptr<TableWriter>(new SqliteTable(db_, st));
  }
  Status PrepareLoad(const std::vector<std::string>& tables) override {
    // The store left the file in WAL mode; one huge transaction is cheaper with a rollback
    // journal (pages appended to the file are never journaled).
    for (const char* p :
         {"PRAGMA journal_mode=DELETE", "PRAGMA synchronous=OFF", "PRAGMA foreign_keys=OFF",
          "PRAGMA cache_size=-1048576", "PRAGMA temp_store=MEMORY"}) {
      if (Status s = Exec(p); !s) return s;
    }
    Result<std::vector<std::vector<std::string>>> idx = Query(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "AND tbl_name IN (" +
        InList(tables) + ")");
    if (!idx) return Fail(idx.error());
    for (const auto& row : *idx) {
      if (Status s = Exec("DROP INDEX " + row[0]); !s) return s;
      rebuild_.push_back(row[1]);
    }
    // The rollups are counted in one pass after the load instead of row by row.
    for (const std::string& stmt : store::RollupTriggerDrops(store::sql::Dialect::kSqlite))
      if (Status s = Exec(stmt); !s) return s;
    return Exec("BEGIN");
  }
  Status FinishLoad() override {
    if (Status s = Exec("COMMIT"); !s) return s;
    for (const std::string& sql : rebuild_)
      if (Status s = Exec(sql); !s) return s;
    for (const std::string& stmt : store::RollupRebuild())
      if (Status s = Exec(stmt); !s) return s;
    for (const std::string& stmt : store::RollupTriggers(store::sql::Dialect::kSqlite))
      if (Status s = Exec(stmt); !s) return s;
    // What the store's `PRAGMA optimize` does after the first collection into a table that was
    // never analysed (sampled statistics), as PostgreSQL gets its autovacuum ANALYZE.
    if (Status s = Exec("PRAGMA analysis_limit = 1000"); !s) return s;
    if (Status s = Exec("ANALYZE"); !s) return s;
    return Exec("PRAGMA journal_mode=WAL");
  }

 private:
  sqlite3* db_ = nullptr;
  std::vector<std::string> rebuild_;
};

std::string PgError(PGconn* c) {
  std::string msg = PQerrorMessage(c);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  return "postgresql: " + msg;
}

Status PgExec(PGconn* c, const std::string& sql) {
  PGresult* r = PQexec(c, sql.c_str());
  ExecStatusType st = PQresultStatus(r);
  bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
  std::string err = ok ? "" : std::string(PQresultErrorMessage(r)) + " in: " + sql.substr(0, 200);
  PQclear(r);
  if (!ok) return Fail(ErrorCode::kIo, "postgresql: " + err);
  return Ok();
}

Result<PGconn*> PgConnect(const std::string& url) {
  PGconn* c = PQconnectdb(url.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::string err = PgError(c);
    PQfinish(c);
    return Fail(ErrorCode::kIo, err);
  }
  PQsetNoticeProcessor(
      c, [](void*, const char*) {}, nullptr);
  return c;
}

// COPY FROM STDIN on a connection of its own, so several tables stream at once.
class PgTable final : public TableWriter {
 public:
  explicit PgTable(PGconn* c) : conn_(c) {}
  ~PgTable() override { PQfinish(conn_); }
  Status Row(std::span<const Field> fields) override {
    bool first = true;
    for (const Field& f : fields) {
      if (!first) buf_ += '\t';
      first = false;
      char num[32];
      switch (f.type) {
        case Field::Type::kNull: buf_ += "\\N"; break;
        case Field::Type::kInt: buf_.append(num, std::to_chars(num, num + 32, f.i).ptr); break;
        case Field::Type::kReal: buf_.append(num, std::to_chars(num, num + 32, f.r).ptr); break;
        case Field::Type::kText:
          for (char ch : f.s) {
            if (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r') {
              buf_ += '\\';
              ch = ch == '\t' ? 't' : ch == '\n' ? 'n' : ch == '\r' ? 'r' : ch;
            }
            buf_ += ch;
          }
          break;
      }
    }
    buf_ += '\n';
    if (buf_.size() > (1 << 20)) return Flush();
    return Ok();
  }
  Status Finish() override {
    if (Status s = Flush(); !s) return s;
    if (PQputCopyEnd(conn_, nullptr) != 1) return Fail(ErrorCode::kIo, PgError(conn_));
    PGresult* r = PQgetResult(conn_);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    std::string err = ok ? "" : PQresultErrorMessage(r);
    PQclear(r);
    while ((r = PQgetResult(conn_)) != nullptr) PQclear(r);
    if (!ok) return Fail(ErrorCode::kIo, "postgresql: COPY: " + err);
    return Ok();
  }

 private:
  Status Flush() {
    if (!buf_.empty() && PQputCopyData(conn_, buf_.data(), static_cast<int>(buf_.size())) != 1)
      return Fail(ErrorCode::kIo, PgError(conn_));
    buf_.clear();
    return Ok();
  }
  PGconn* conn_;
  std::string buf_;
};

class PgLoader final : public Loader {
 public:
  ~PgLoader() override { PQfinish(conn_); }
  Status Connect(const std::string& url) {
    url_ = url;
    Result<PGconn*> c = PgConnect(url);
    if (!c) return Fail(c.error());
    conn_ = *c;
    return Ok();
  }
  Status Exec(const std::string& sql) override { return PgExec(conn_, sql); }
  Result<std::vector<std::vector<std::string>>> Query(const std::string& sql) override {
    PGresult* r = PQexec(conn_, sql.c_str());
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
      std::string err = PQresultErrorMessage(r);
      PQclear(r);
      return Fail(ErrorCode::kIo, "postgresql: " + err);
    }
    std::vector<std::vector<std::string>> rows(PQntuples(r));
    for (int i = 0; i < PQntuples(r); ++i)
      for (int c = 0; c < PQnfields(r); ++c) rows[i].emplace_back(PQgetvalue(r, i, c));
    PQclear(r);
    return rows;
  }
  Result<std::unique_ptr<TableWriter>> Open(const std::string& table,
                                            const std::vector<std::string>& columns) override {
    Result<PGconn*> c = PgConnect(url_);
    if (!c) return Fail(c.error());
    auto out = std::make_unique<PgTable>(*c);
    // Rows are consistent by construction: skip the per-row foreign-key triggers.
    if (Status s = PgExec(*c, "SET session_replication_role = replica"); !s) return Fail(s.error());
    PGresult* r = PQexec(*c, InsertSql(table, columns, true).c_str());
    bool ok = PQresultStatus(r) == PGRES_COPY_IN;
    std::string err = ok ? "" : PQresultErrorMessage(r);
    PQclear(r);
    if (!ok) return Fail(ErrorCode::kIo, "postgresql: COPY " + table + ": " + err);
    return std::unique_ptr<TableWriter>(std::move(out));
  }
  Status PrepareLoad(const std::vector<std::string>& tables) override {
    tables_ = tables;
    Result<std::vector<std::vector<std::string>>> idx = Query(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND "
        "tablename IN (" +
        InList(tables) + ") AND indexname NOT IN (SELECT conname FROM pg_constraint)");
    if (!idx) return Fail(idx.error());
    for (const auto& row : *idx) {
      if (Status s = Exec("DROP INDEX " + row[0]); !s) return s;
      rebuild_.push_back(row[1]);
    }
    // Keys of the side tables take random-order inserts into big B-trees; nothing refers to
    // them, so they are rebuilt in one sort afterwards.
    Result<std::vector<std::vector<std::string>>> keys = Query(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype IN ('p', 'u') AND conrelid::regclass::text IN ('finding_aliases', "
        "'asset_members', 'asset_namespaces')");
    if (!keys) return Fail(keys.error());
    for (const auto& row : *keys) {
      if (Status s = Exec("ALTER TABLE " + row[0] + " DROP CONSTRAINT " + row[1]); !s) return s;
      rebuild_.push_back("ALTER TABLE " + row[0] + " ADD CONSTRAINT " + row[1] + " " + row[2]);
    }
    return Ok();
  }
  Status FinishLoad() override {
    if (Status s = Exec("SET maintenance_work_mem = '512MB'"); !s) return s;
    for (const std::string& sql : rebuild_)
      if (Status s = Exec(sql); !s) return s;
    for (const char* t : {"assets", "findings", "suppressions"}) {
      std::string table = t;
      if (Status s = Exec("SELECT setval(pg_get_serial_sequence('" + table +
                          "', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM " + table + "), false)");
          !s) {
        return s;
      }
    }
    // COPY ran with triggers off (replica role): count the rollups in one pass.
    for (const std::string& stmt : store::RollupRebuild())
      if (Status s = Exec(stmt); !s) return s;
    // What autovacuum does shortly after such a load: statistics, and the visibility map
    // that index-only scans need.
    for (const std::string& t : tables_)
      if (Status s = Exec("VACUUM ANALYZE " + t); !s) return s;
    for (const char* t : {"rollup_counts", "rollup_days", "rollup_vulns"})
      if (Status s = Exec(std::string("VACUUM ANALYZE ") + t); !s) return s;
    return Ok();
  }

 private:
  std::string url_;
  PGconn* conn_ = nullptr;
  std::vector<std::string> rebuild_;
  std::vector<std::string> tables_;
};

Result<std::unique_ptr<Loader>> Connect(const std::string& url) {
  if (store::IsPostgresUrl(url)) {
    auto l = std::make_unique<PgLoader>();
    if (Status s = l->Connect(url); !s) return Fail(s.error());
    return std::unique_ptr<Loader>(std::move(l));
  }
  auto l = std::make_unique<SqliteLoader>();
  if (Status s = l->Connect(url); !s) return Fail(s.error());
  return std::unique_ptr<Loader>(std::move(l));
}

// ---- The data.

std::string_view SeverityName(int rank) {
  return model::SeverityName(static_cast<model::Severity>(rank));
}

struct Vuln {
  std::string id;
  std::vector<std::string> aliases;  // Besides `id`.
  std::string aliases_json;
  int severity = 0;  // model::Severity (= severity_rank).
  double cvss = -1;
  bool kev = false;
  bool poc = false;
  std::string exploitdb = "[]";
  std::string metasploit = "[]";
  double epss = -1;  // < 0: not scored.
  int package = 0;
  bool fix = true;
  int64_t suppression = 0;  // Suppression covering it; 0: none.
  int64_t count = 0;        // Findings generated.
};

struct Package {
  std::string name;
  std::string ecosystem;  // Language packages only; OS ones take the asset's.
};

struct AssetGen {
  int64_t id = 0;
  std::string kind, key, name, source, scope, team, account, region, instance, ami, asg, platform;
  std::vector<std::string> members;
  std::string repo, manifests = "[]", image, digest;
  std::vector<std::string> namespaces;
  std::string workloads = "[]", tags = "{}";
  std::string os_family, os_release, os_ecosystem;
  std::string finding_source;
  double os_share = 1;  // Share of its findings on OS packages (the rest: language ones).
  int64_t findings = 0;
};

constexpr const char* kTeamWords[] = {
    "payments", "identity", "search",   "checkout",  "platform", "data",
    "ml",       "mobile",   "web",      "billing",   "risk",     "growth",
    "infra",    "security", "support",  "catalog",   "pricing",  "logistics",
    "ads",      "media",    "maps",     "messaging", "alerts",   "reporting",
    "partners", "sre",      "devtools", "edge",      "storage",  "analytics"};
constexpr const char* kRegions[] = {"us-east-1", "us-west-2", "eu-west-1", "eu-central-1",
                                    "ap-northeast-1"};
struct Os {
  const char* platform;
  const char* family;
  const char* release;
  const char* ecosystem;
  double weight;
};
constexpr Os kOses[] = {{"Amazon Linux 2", "amzn", "2", "Amazon Linux:2", 0.40},
                        {"Amazon Linux 2023", "amzn", "2023", "Amazon Linux:2023", 0.20},
                        {"Ubuntu 22.04", "ubuntu", "22.04", "Ubuntu:22.04", 0.25},
                        {"Debian 12", "debian", "12", "Debian:12", 0.15}};
constexpr const char* kOsHeads[] = {"glibc", "openssl", "linux", "openssh", "curl",  "systemd",
                                    "zlib",  "libxml2", "sudo",  "bash",    "expat", "krb5"};
struct LangHead {
  const char* name;
  const char* ecosystem;
};
constexpr LangHead kLangHeads[] = {{"org.apache.logging.log4j:log4j-core", "Maven"},
                                   {"org.springframework:spring-beans", "Maven"},
                                   {"lodash", "npm"},
                                   {"requests", "PyPI"},
                                   {"golang.org/x/net", "Go"},
                                   {"com.fasterxml.jackson.core:jackson-databind", "Maven"}};
constexpr const char* kLangEcosystems[] = {"npm", "PyPI", "Maven", "Go"};

std::string Ghsa(Rng& rng) {
  static constexpr char kChars[] = "23456789cfghjmpqrvwx";
  std::string out = "GHSA-";
  for (int g = 0; g < 3; ++g) {
    if (g) out += '-';
    for (int i = 0; i < 4; ++i) out += kChars[rng.Below(20)];
  }
  return out;
}

// Severity, CVSS, exploit evidence and EPSS of one catalog entry; `head` entries (the famous
// ones) are critical and known exploited.
void FillIntel(Vuln& v, Rng& rng, bool head) {
  double u = rng.Uniform();
  v.severity = head ? 5 : u < 0.03 ? 0 : u < 0.15 ? 2 : u < 0.60 ? 3 : u < 0.90 ? 4 : 5;
  static constexpr double kBase[] = {-1, 0, 2.0, 4.0, 7.0, 9.0};
  v.cvss = v.severity == 0 ? -1 : std::round((kBase[v.severity] + rng.Uniform() * 0.9) * 10) / 10;
  v.kev = head || rng.Chance(v.severity >= 4 ? 0.016 : 0.006);
  bool edb = head || (v.kev ? rng.Chance(0.7) : rng.Chance(0.07));
  if (edb) v.exploitdb = "[\"" + Num(10000 + rng.Below(42000)) + "\"]";
  if (head || (v.kev && rng.Chance(0.3)))
    v.metasploit = "[\"exploit/multi/http/m" + Num(rng.Below(900)) + "\"]";
  v.poc = head || rng.Chance(edb ? 0.6 : 0.08);
  if (rng.Chance(0.08)) {
    v.epss = -1;
  } else if (v.kev) {
    v.epss = 0.3 + 0.69 * rng.Uniform();
  } else if (edb) {
    v.epss = rng.Uniform() * rng.Uniform();
  } else {
    double x = rng.Uniform();
    v.epss = 0.0004 + 0.2 * x * x * x * x;
  }
  v.fix = head || rng.Chance(0.75);
}

struct Catalog {
  std::vector<Vuln> os, lang;
  std::vector<Package> os_pkgs, lang_pkgs;
};

Catalog MakeCatalog(Rng& rng, int64_t findings) {
  Catalog c;
  // Bigger stores see more distinct vulnerabilities, within what real feeds hold.
  size_t n_os = static_cast<size_t>(std::clamp<int64_t>(findings / 300, 2000, 30000));
  size_t n_lang = static_cast<size_t>(std::clamp<int64_t>(findings / 500, 1500, 20000));
  for (const char* h : kOsHeads) c.os_pkgs.push_back({h, ""});
  for (int i = 0; c.os_pkgs.size() < 2500; ++i)
    c.os_pkgs.push_back({"lib" + rng.Hex(5) + "-" + Num(i), ""});
  for (const LangHead& h : kLangHeads) c.lang_pkgs.push_back({h.name, h.ecosystem});
  for (int i = 0; c.lang_pkgs.size() < 6000; ++i) {
    std::string eco = kLangEcosystems[i % 4];
    std::string name = eco == "Maven" ? "com.example" + Num(i % 97) + ":lib-" + rng.Hex(4)
                       : eco == "Go"  ? "github.com/ex" + Num(i % 89) + "/m" + rng.Hex(4)
                                      : "pkg-" + rng.Hex(6);
    c.lang_pkgs.push_back({name, eco});
  }
  Zipf os_pkg(c.os_pkgs.size(), 1.0), lang_pkg(c.lang_pkgs.size(), 0.9);

  const std::pair<const char*, int> os_heads[] = {
      {"CVE-2023-4911", 0}, {"CVE-2024-6387", 3}, {"CVE-2023-38545", 4}, {"CVE-2022-0778", 1}};
  for (size_t i = 0; i < n_os; ++i) {
    Vuln v;
    bool head = i < std::size(os_heads);
    v.id = head ? os_heads[i].first
                : "CVE-" + Num(2015 + static_cast<int64_t>(i % 10)) + "-" +
                      Num(10000 + static_cast<int64_t>(i));
    v.package = head ? os_heads[i].second : static_cast<int>(os_pkg.Draw(rng));
    FillIntel(v, rng, head);
    if (!head && rng.Chance(0.25)) v.aliases.push_back("DSA-" + Num(4000 + i) + "-1");
    c.os.push_back(std::move(v));
  }
  const std::pair<const char*, int> lang_heads[] = {
      {"CVE-2021-44228", 0}, {"CVE-2022-22965", 1}, {"CVE-2021-23337", 2}};
  for (size_t i = 0; i < n_lang; ++i) {
    Vuln v;
    bool head = i < std::size(lang_heads);
    std::string cve = head ? lang_heads[i].first
                           : "CVE-" + Num(2015 + static_cast<int64_t>(i % 10)) + "-" +
                                 Num(60000 + static_cast<int64_t>(i));
    std::string ghsa = i == 0 ? "GHSA-jfh8-c2jp-5v3q" : Ghsa(rng);
    // Dependabot and Trivy report the GHSA id when the advisory has no CVE.
    if (!head && rng.Chance(0.3)) {
      v.id = ghsa;
      if (rng.Chance(0.4)) v.aliases.push_back(cve);
    } else {
      v.id = cve;
      v.aliases.push_back(ghsa);
    }
    v.package = head ? lang_heads[i].second : static_cast<int>(lang_pkg.Draw(rng));
    FillIntel(v, rng, head);
    c.lang.push_back(std::move(v));
  }
  for (std::vector<Vuln>* list : {&c.os, &c.lang})
    for (Vuln& v : *list) v.aliases_json = JsonList(v.aliases);
  return c;
}

std::vector<AssetGen> MakeAssets(Rng& rng, int64_t n) {
  std::vector<std::string> accounts, account_team, teams, orgs, namespaces, ns_team;
  for (const char* w : kTeamWords) teams.push_back(std::string("team-") + w);
  for (int64_t i = 0; i < 100; ++i) {
    accounts.push_back(Num(100000000000 + 7919 * i * 1013));
    account_team.push_back(teams[(i * 7) % teams.size()]);
  }
  for (int i = 0; i < 20; ++i) orgs.push_back(std::string("acme-") + kTeamWords[(i * 3) % 30]);
  for (int i = 0; i < 80; ++i) {
    std::string team = teams[i % teams.size()];
    namespaces.push_back(team.substr(5) + (i < 30 ? "-prod" : i < 60 ? "-staging" : "-batch"));
    ns_team.push_back(team);
  }
  Zipf account_rank(accounts.size(), 1.0), team_rank(teams.size(), 0.8),
      ns_rank(namespaces.size(), 0.9);
  std::vector<AssetGen> out;
  out.reserve(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    AssetGen a;
    a.id = i + 1;
    double k = rng.Uniform();
    a.kind = k < 0.45 ? "ec2" : k < 0.55 ? "host" : k < 0.80 ? "repository" : "image";
    const Os* os = &kOses[0];
    {
      double u = rng.Uniform(), acc = 0;
      for (const Os& o : kOses) {
        acc += o.weight;
        if (u < acc) {
          os = &o;
          break;
        }
      }
    }
    if (a.kind == "ec2") {
      size_t acct = account_rank.Draw(rng);
      a.account = accounts[acct];
      a.region = kRegions[acct % std::size(kRegions)];
      a.team = rng.Chance(0.04) ? "" : account_team[acct];
      a.source = "ssm";
      a.scope = "ssm:" + a.account + ":" + a.region;
      a.ami = "ami-" + rng.Hex(17);
      a.platform = os->platform;
      std::string svc = std::string(kTeamWords[rng.Below(30)]) + "-" + Num(rng.Below(400));
      if (rng.Chance(0.08)) {
        a.asg = "asg-" + svc;
        a.name = a.asg;
        a.key = a.account + "/" + a.region + "/asg/" + a.asg + "-" + Num(a.id);
        int64_t m = 2 + rng.Below(23);
        for (int64_t j = 0; j < m; ++j) a.members.push_back("i-0" + rng.Hex(16));
        a.instance = a.members[0];
      } else {
        a.instance = "i-0" + rng.Hex(16);
        a.name = svc;
        a.key = a.account + "/" + a.region + "/" + a.instance;
      }
      a.finding_source = "vulnscope";
    } else if (a.kind == "host") {
      a.name = std::string(kTeamWords[rng.Below(30)]) + "-db-" + Num(a.id) + ".corp.example";
      a.key = a.name;
      a.team = rng.Chance(0.1) ? "" : teams[team_rank.Draw(rng)];
      a.source = "vuls";
      a.platform = os->platform;
      a.finding_source = "vuls";
    } else if (a.kind == "repository") {
      size_t org = static_cast<size_t>(rng.Below(static_cast<int64_t>(orgs.size())));
      a.repo = orgs[org] + "/service-" + Num(a.id);
      a.name = a.repo;
      a.key = "github.com/" + a.repo;
      a.team = rng.Chance(0.05) ? "" : teams[(org * 3) % teams.size()];
      a.source = "github";
      a.scope = "github:" + orgs[org];
      a.manifests = "[\"package-lock.json\",\"pom.xml\"]";
      a.finding_source = "dependabot";
      a.os_share = 0;
      os = nullptr;
    } else {
      size_t ns = ns_rank.Draw(rng);
      std::string team = ns_team[ns];
      std::string repository =
          "registry.example.com/" + team.substr(5) + "/svc-" + Num(rng.Below(600));
      a.digest = "sha256:" + rng.Hex(64);
      a.image = repository + ":1." + Num(rng.Below(60));
      a.key = repository + "@" + a.digest;
      a.name = a.image;
      a.namespaces.push_back(namespaces[ns]);
      if (rng.Chance(0.3)) {
        std::string extra = namespaces[ns_rank.Draw(rng)];
        if (extra != a.namespaces[0]) a.namespaces.push_back(extra);
      }
      a.workloads = "[\"" + a.namespaces[0] + "/Deployment/" +
                    repository.substr(repository.rfind('/') + 1) + "\"]";
      a.team = team;
      a.source = "prometheus";
      a.finding_source = "trivy";
      a.os_share = 0.7;
      os = rng.Chance(0.5) ? &kOses[3] : &kOses[2];
    }
    if (os != nullptr) {
      a.os_family = os->family;
      a.os_release = os->release;
      a.os_ecosystem = os->ecosystem;
    }
    if (rng.Chance(0.5)) a.tags = rng.Chance(0.7) ? "{\"env\":\"prod\"}" : "{\"env\":\"staging\"}";
    out.push_back(std::move(a));
  }
  return out;
}

// Findings per asset: log-normal (a few assets with thousands, many with tens), scaled to sum
// to exactly `total`, each capped by what the catalog can supply.
void SpreadFindings(std::vector<AssetGen>& assets, Rng& rng, int64_t total, const Catalog& c) {
  std::vector<double> w(assets.size());
  double sum = 0;
  for (double& x : w) sum += x = std::exp(1.1 * rng.Normal());
  int64_t cap_os = static_cast<int64_t>(c.os.size() / 3);
  int64_t cap_lang = static_cast<int64_t>(c.lang.size() / 3);
  int64_t left = total;
  for (size_t i = 0; i < assets.size(); ++i) {
    int64_t cap = assets[i].os_share > 0 ? cap_os : cap_lang;
    assets[i].findings =
        std::min<int64_t>(cap, static_cast<int64_t>(w[i] / sum * static_cast<double>(total)));
    left -= assets[i].findings;
  }
  int64_t step = 1 + left / static_cast<int64_t>(assets.size());
  for (size_t i = 0, idle = 0; left > 0 && idle < assets.size(); i = (i + 1) % assets.size()) {
    int64_t cap = assets[i].os_share > 0 ? cap_os : cap_lang;
    int64_t add = std::min<int64_t>({left, cap - assets[i].findings, step});
    if (add > 0) {
      assets[i].findings += add;
      left -= add;
      idle = 0;
    } else {
      ++idle;
    }
  }
}

}  // namespace

Result<GenSample> GenerateStore(const std::string& url, const GenOptions& opt) {
  {
    Result<std::unique_ptr<store::Store>> s = store::OpenStore(url);  // Runs the migrations.
    if (!s) return Fail(s.error());
  }
  Result<std::unique_ptr<Loader>> loader = Connect(url);
  if (!loader) return Fail(loader.error());
  Loader& db = **loader;
  Result<std::vector<std::vector<std::string>>> count =
      db.Query("SELECT (SELECT COUNT(*) FROM assets) + (SELECT COUNT(*) FROM findings)");
  if (!count) return Fail(count.error());
  if ((*count)[0][0] != "0")
    return Fail(ErrorCode::kInvalidInput, url + " already holds assets or findings");

  const int64_t anchor = opt.anchor ? opt.anchor : static_cast<int64_t>(std::time(nullptr));
  Rng rng{opt.seed};
  Catalog catalog = MakeCatalog(rng, opt.findings);
  std::vector<AssetGen> assets = MakeAssets(rng, opt.assets);
  SpreadFindings(assets, rng, opt.findings, catalog);

  GenSample sample;
  double t0 = Now();
  if (Status s = db.PrepareLoad({"assets", "asset_members", "asset_namespaces", "findings",
                                 "finding_aliases", "suppressions"});
      !s) {
    return Fail(s.error());
  }

  // Suppressions: a few hundred accepted risks on mid-popular vulnerabilities; a sixth of them
  // expired (their findings count as open again).
  {
    Result<std::unique_ptr<TableWriter>> t =
        db.Open("suppressions", {"id", "vulnerability_id", "package", "asset", "team", "reason",
                                 "expires_at", "author", "created_at"});
    if (!t) return Fail(t.error());
    int64_t id = 0;
    for (std::vector<Vuln>* list : {&catalog.os, &catalog.lang}) {
      for (size_t i = 20; i < list->size() && id < 300; i += 1 + rng.Below(40)) {
        Vuln& v = (*list)[i];
        ++id;
        // Findings carry only suppressions in force, as the store's refresh after every write
        // leaves them.
        if (id % 6 != 0) v.suppression = id;
        std::string expires = id % 6 == 0   ? FormatRfc3339(anchor - 86400 * (1 + rng.Below(30)))
                              : id % 2 == 0 ? FormatRfc3339(anchor + 86400 * (30 + rng.Below(300)))
                                            : "";
        std::string created = FormatRfc3339(anchor - 86400 * (40 + rng.Below(80)));
        Field row[] = {Field::Int(id),       Field::Text(v.id),
                       Field::Text(""),      Field::Text(""),
                       Field::Text(""),      Field::Text("not reachable in our deployment"),
                       Field::Text(expires), Field::Text("security-team"),
                       Field::Text(created)};
        if (Status s = (*t)->Row(row); !s) return Fail(s.error());
      }
    }
    if (Status s = (*t)->Finish(); !s) return Fail(s.error());
  }

  // Assets with their member instances and namespaces.
  {
    Result<std::unique_ptr<TableWriter>> t = db.Open("assets", {"id",
                                                                "kind",
                                                                "key",
                                                                "name",
                                                                "source",
                                                                "scope",
                                                                "team",
                                                                "account_id",
                                                                "region",
                                                                "instance_id",
                                                                "ami",
                                                                "asg",
                                                                "platform",
                                                                "members",
                                                                "note",
                                                                "repo",
                                                                "default_branch",
                                                                "manifests",
                                                                "image",
                                                                "digest",
                                                                "namespaces",
                                                                "workloads",
                                                                "tags",
                                                                "os_family",
                                                                "os_release",
                                                                "os_ecosystem",
                                                                "has_inventory",
                                                                "active",
                                                                "first_seen",
                                                                "last_seen"});
    if (!t) return Fail(t.error());
    for (const AssetGen& a : assets) {
      std::string members = JsonList(a.members), namespaces = JsonList(a.namespaces);
      std::string first = FormatRfc3339(anchor - 86400 * 121 - rng.Below(86400 * 200));
      std::string last = FormatRfc3339(anchor - rng.Below(6 * 3600));
      std::string note = a.members.empty() ? "" : "de-duplicated auto-scaling group";
      Field row[] = {Field::Int(a.id),
                     Field::Text(a.kind),
                     Field::Text(a.key),
                     Field::Text(a.name),
                     Field::Text(a.source),
                     Field::Text(a.scope),
                     Field::Text(a.team),
                     Field::Text(a.account),
                     Field::Text(a.region),
                     Field::Text(a.instance),
                     Field::Text(a.ami),
                     Field::Text(a.asg),
                     Field::Text(a.platform),
                     Field::Text(members),
                     Field::Text(note),
                     Field::Text(a.repo),
                     Field::Text(a.repo.empty() ? "" : "main"),
                     Field::Text(a.manifests),
                     Field::Text(a.image),
                     Field::Text(a.digest),
                     Field::Text(namespaces),
                     Field::Text(a.workloads),
                     Field::Text(a.tags),
                     Field::Text(a.os_family),
                     Field::Text(a.os_release),
                     Field::Text(a.os_ecosystem),
                     Field::Int(a.kind == "ec2" || a.kind == "host"),
                     Field::Int(1),
                     Field::Text(first),
                     Field::Text(last)};
      if (Status s = (*t)->Row(row); !s) return Fail(s.error());
    }
    if (Status s = (*t)->Finish(); !s) return Fail(s.error());
    Result<std::unique_ptr<TableWriter>> mem =
        db.Open("asset_members", {"asset_id", "instance_id"});
    if (!mem) return Fail(mem.error());
    for (const AssetGen& a : assets) {
      for (const std::string& m : a.members) {
        Field row[] = {Field::Int(a.id), Field::Text(m)};
        if (Status s = (*mem)->Row(row); !s) return Fail(s.error());
        ++sample.members;
      }
    }
    if (Status s = (*mem)->Finish(); !s) return Fail(s.error());
    Result<std::unique_ptr<TableWriter>> ns =
        db.Open("asset_namespaces", {"asset_id", "namespace"});
    if (!ns) return Fail(ns.error());
    for (const AssetGen& a : assets) {
      for (const std::string& name : a.namespaces) {
        Field row[] = {Field::Int(a.id), Field::Text(name)};
        if (Status s = (*ns)->Row(row); !s) return Fail(s.error());
        ++sample.namespaces;
      }
    }
    if (Status s = (*ns)->Finish(); !s) return Fail(s.error());
  }

  // Findings, asset by asset (so the unique key led by asset_id grows in order), and their
  // alias rows: the vulnerability id itself plus its aliases, as the store writes them.
  {
    Result<std::unique_ptr<TableWriter>> t = db.Open("findings", {"id",
                                                                  "asset_id",
                                                                  "source",
                                                                  "vulnerability_id",
                                                                  "aliases",
                                                                  "ecosystem",
                                                                  "package",
                                                                  "version",
                                                                  "external_id",
                                                                  "fixed_version",
                                                                  "severity",
                                                                  "severity_rank",
                                                                  "cvss_score",
                                                                  "cvss_vector",
                                                                  "summary",
                                                                  "url",
                                                                  "exploitdb",
                                                                  "metasploit",
                                                                  "kev",
                                                                  "poc",
                                                                  "has_exploit",
                                                                  "epss",
                                                                  "state",
                                                                  "state_reason",
                                                                  "suppression_id",
                                                                  "first_seen",
                                                                  "last_seen",
                                                                  "resolved_at",
                                                                  "reopened"});
    if (!t) return Fail(t.error());
    Result<std::unique_ptr<TableWriter>> al = db.Open("finding_aliases", {"alias", "finding_id"});
    if (!al) return Fail(al.error());
    Zipf os_rank(catalog.os.size(), 1.05), lang_rank(catalog.lang.size(), 1.0);
    int64_t id = 0;
    std::unordered_set<int64_t> used;
    std::string first, last, resolved, version, fixed, summary, url, external;
    for (const AssetGen& a : assets) {
      used.clear();
      int64_t alert = 0;
      for (int64_t k = 0; k < a.findings; ++k) {
        bool os = rng.Uniform() < a.os_share;
        std::vector<Vuln>& list = os ? catalog.os : catalog.lang;
        const Zipf& zipf = os ? os_rank : lang_rank;
        // One finding per vulnerability and asset (each has one package here): redraw on
        // repeats, then walk to the first unused one.
        int64_t pick = -1;
        for (int attempt = 0; attempt < 64 && pick < 0; ++attempt) {
          auto r = static_cast<int64_t>(zipf.Draw(rng));
          if (!used.count(r * 2 + os)) pick = r;
        }
        for (int64_t r = 0; pick < 0; ++r)
          if (!used.count(r * 2 + os)) pick = r;
        used.insert(pick * 2 + os);
        Vuln& v = list[static_cast<size_t>(pick)];
        ++v.count;
        const Package& pkg = os ? catalog.os_pkgs[v.package] : catalog.lang_pkgs[v.package];
        ++id;
        int64_t seen = anchor - rng.Below(120 * 86400);
        first = FormatRfc3339(seen);
        std::string_view state = "open", reason;
        resolved.clear();
        double u = rng.Uniform();
        bool external_source = a.finding_source == "dependabot" || a.finding_source == "trivy";
        if (u < 0.15) {
          state = "resolved";
          resolved = FormatRfc3339(
              seen + static_cast<int64_t>(static_cast<double>(anchor - seen) * rng.Uniform()));
          last = resolved;
          reason = a.finding_source == "vulnscope" ? "no longer matched by the installed version"
                                                   : "no longer reported by the source";
        } else {
          last = FormatRfc3339(anchor - rng.Below(6 * 3600));
          if (external_source && u < 0.17) {
            state = "suppressed";
            reason = "dismissed: tolerable risk";
          }
        }
        int64_t minor = id % 40, patch = v.package % 13;
        version = "1." + Num(minor) + "." + Num(patch);
        fixed = v.fix ? "1." + Num(minor) + "." + Num(patch + 1) : "";
        summary = pkg.name + ": " + std::string(SeverityName(v.severity)) + " vulnerability";
        url = v.id.rfind("GHSA-", 0) == 0 ? "https://github.com/advisories/" + v.id
                                          : "https://nvd.nist.gov/vuln/detail/" + v.id;
        external = a.finding_source == "dependabot" ? Num(++alert) : "";
        bool has_exploit = v.kev || v.poc || v.exploitdb != "[]" || v.metasploit != "[]";
        const std::string& eco = os ? a.os_ecosystem : pkg.ecosystem;
        Field row[] = {
            Field::Int(id),
            Field::Int(a.id),
            Field::Text(a.finding_source),
            Field::Text(v.id),
            Field::Text(v.aliases_json),
            Field::Text(eco),
            Field::Text(pkg.name),
            Field::Text(version),
            Field::Text(external),
            Field::Text(fixed),
            Field::Text(SeverityName(v.severity)),
            Field::Int(v.severity),
            Field::Real(v.cvss),
            Field::Text(v.cvss < 0 ? "" : "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
            Field::Text(summary),
            Field::Text(url),
            Field::Text(v.exploitdb),
            Field::Text(v.metasploit),
            Field::Int(v.kev),
            Field::Int(v.poc),
            Field::Int(has_exploit),
            v.epss < 0 ? Field::Null() : Field::Real(v.epss),
            Field::Text(state),
            Field::Text(reason),
            v.suppression && state == "open" ? Field::Int(v.suppression) : Field::Null(),
            Field::Text(first),
            Field::Text(last),
            Field::Text(resolved),
            Field::Int(state == "open" && rng.Chance(0.02))};
        if (Status s = (*t)->Row(row); !s) return Fail(s.error());
        Field self[] = {Field::Text(v.id), Field::Int(id)};
        if (Status s = (*al)->Row(self); !s) return Fail(s.error());
        ++sample.aliases;
        for (const std::string& alias : v.aliases) {
          Field arow[] = {Field::Text(alias), Field::Int(id)};
          if (Status s = (*al)->Row(arow); !s) return Fail(s.error());
          ++sample.aliases;
        }
        if (state == "open") ++sample.open;
        if (v.kev) ++sample.kev;
        if (v.exploitdb != "[]") ++sample.exploitdb;
      }
    }
    sample.findings = id;
    if (Status s = (*t)->Finish(); !s) return Fail(s.error());
    if (Status s = (*al)->Finish(); !s) return Fail(s.error());
  }
  sample.assets = static_cast<int64_t>(assets.size());
  double t1 = Now();
  if (Status s = db.FinishLoad(); !s) return Fail(s.error());
  sample.load_seconds = t1 - t0;
  sample.index_seconds = Now() - t1;

  // Filter values for the benchmark, chosen from what was generated.
  auto biggest = [](const std::vector<Vuln>& list) {
    return std::max_element(list.begin(), list.end(),
                            [](const Vuln& x, const Vuln& y) { return x.count < y.count; });
  };
  auto big_os = biggest(catalog.os), big_lang = biggest(catalog.lang);
  sample.big_cve = big_os->count >= big_lang->count ? big_os->id : big_lang->id;
  sample.lang_cve = catalog.lang[0].id;
  sample.alias = catalog.lang[0].aliases.empty() ? catalog.lang[0].id : catalog.lang[0].aliases[0];
  for (auto it = catalog.os.rbegin(); it != catalog.os.rend() && sample.rare_cve.empty(); ++it)
    if (it->count >= 2 && it->count <= 10) sample.rare_cve = it->id;
  if (sample.rare_cve.empty()) sample.rare_cve = catalog.os.back().id;
  std::map<std::string, int64_t> per_account, per_team;
  for (const AssetGen& a : assets) {
    if (!a.account.empty()) per_account[a.account] += a.findings;
    if (!a.team.empty()) per_team[a.team] += a.findings;
  }
  // The second-largest account and the fifth-largest team: big, but not everything.
  auto ranked = [](const std::map<std::string, int64_t>& m, size_t nth) {
    std::vector<std::pair<int64_t, std::string>> v;
    for (const auto& [k, n] : m) v.emplace_back(n, k);
    std::sort(v.rbegin(), v.rend());
    return v.empty() ? std::string() : v[std::min(nth, v.size() - 1)].second;
  };
  sample.account = ranked(per_account, 1);
  sample.team = ranked(per_team, 4);
  for (const AssetGen& a : assets) {
    if (sample.instance.empty() && a.members.size() > 2 && a.findings > 50)
      sample.instance = a.members[1];
    if (sample.repo.empty() && !a.repo.empty() && a.findings > 100) sample.repo = a.repo;
    if (sample.image.empty() && !a.image.empty() && a.findings > 100)
      sample.image = a.image.substr(0, a.image.rfind(':'));
    if (sample.namespace_.empty() && a.namespaces.size() > 1) sample.namespace_ = a.namespaces[1];
  }

  if (Status s = db.Exec("CREATE TABLE IF NOT EXISTS bench_sample (key TEXT PRIMARY KEY, "
                         "value TEXT NOT NULL)");
      !s) {
    return Fail(s.error());
  }
  const std::pair<std::string, std::string> values[] = {
      {"big_cve", sample.big_cve},
      {"lang_cve", sample.lang_cve},
      {"rare_cve", sample.rare_cve},
      {"alias", sample.alias},
      {"account", sample.account},
      {"instance", sample.instance},
      {"repo", sample.repo},
      {"image", sample.image},
      {"namespace", sample.namespace_},
      {"team", sample.team},
      {"assets", Num(sample.assets)},
      {"findings", Num(sample.findings)},
      {"aliases", Num(sample.aliases)},
      {"members", Num(sample.members)},
      {"namespaces", Num(sample.namespaces)},
      {"open", Num(sample.open)},
      {"kev", Num(sample.kev)},
      {"exploitdb", Num(sample.exploitdb)},
      {"load_seconds", std::to_string(sample.load_seconds)},
      {"index_seconds", std::to_string(sample.index_seconds)}};
  for (const auto& [k, v] : values) {
    if (Status s =
            db.Exec("INSERT INTO bench_sample (key, value) VALUES ('" + k + "', '" + v + "')");
        !s) {
      return Fail(s.error());
    }
  }
  return sample;
}

Result<GenSample> ReadSample(const std::string& url) {
  Result<std::unique_ptr<Loader>> loader = Connect(url);
  if (!loader) return Fail(loader.error());
  Result<std::vector<std::vector<std::string>>> rows =
      (*loader)->Query("SELECT key, value FROM bench_sample");
  if (!rows || rows->empty()) return Fail(ErrorCode::kNotFound, "no bench_sample in " + url);
  GenSample s;
  std::map<std::string, std::string> m;
  for (const auto& r : *rows) m[r[0]] = r[1];
  auto num = [&](const char* k) { return std::strtoll(m[k].c_str(), nullptr, 10); };
  s.big_cve = m["big_cve"];
  s.lang_cve = m["lang_cve"];
  s.rare_cve = m["rare_cve"];
  s.alias = m["alias"];
  s.account = m["account"];
  s.instance = m["instance"];
  s.repo = m["repo"];
  s.image = m["image"];
  s.namespace_ = m["namespace"];
  s.team = m["team"];
  s.assets = num("assets");
  s.findings = num("findings");
  s.aliases = num("aliases");
  s.members = num("members");
  s.namespaces = num("namespaces");
  s.open = num("open");
  s.kev = num("kev");
  s.exploitdb = num("exploitdb");
  s.load_seconds = std::strtod(m["load_seconds"].c_str(), nullptr);
  s.index_seconds = std::strtod(m["index_seconds"].c_str(), nullptr);
  return s;
}

}  // namespace vs::bench
