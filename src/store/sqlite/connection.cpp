#include "store/sqlite/connection.h"

#include <sqlite3.h>

namespace vs::store::sql {
namespace {

class SqliteStatement final : public Statement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }

  Statement& Bind(int index, std::string_view text) override {
    sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
  }
  Statement& Bind(int index, int64_t value) override {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
  }
  Statement& Bind(int index, double value) override {
    sqlite3_bind_double(stmt_, index, value);
    return *this;
  }
  Statement& BindNull(int index) override {
    sqlite3_bind_null(stmt_, index);
    return *this;
  }
  using Statement::Bind;

  Result<bool> Step() override {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return Fail(ErrorCode::kIo, std::string("sqlite: ") + sqlite3_errmsg(db_));
  }

  Status Run() override {
    Result<bool> r = Step();
    while (r && *r) r = Step();
    Reset();
    if (!r) return Fail(r.error());
    return Ok();
  }

  void Reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  std::string_view Text(int column) const override {
    const unsigned char* p = sqlite3_column_text(stmt_, column);
    if (p == nullptr) return {};
    return {reinterpret_cast<const char*>(p),
            static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
  }
  int64_t Int(int column) const override { return sqlite3_column_int64(stmt_, column); }
  double Real(int column) const override { return sqlite3_column_double(stmt_, column); }
  bool IsNull(int column) const override {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override { sqlite3_close_v2(db_); }

  Dialect dialect() const override { return Dialect::kSqlite; }

  Status Exec(std::string_view sql) override {
    std::string owned(sql);
    char* err = nullptr;
    if (sqlite3_exec(db_, owned.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err != nullptr ? err : sqlite3_errmsg(db_);
      sqlite3_free(err);
      return Fail(ErrorCode::kIo, "sqlite: " + msg);
    }
    return Ok();
  }

  Result<std::unique_ptr<Statement>> Prepare(std::string_view sql, bool /*streaming*/) override {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt, nullptr) != SQLITE_OK) {
      return Fail(ErrorCode::kInternal, std::string("sqlite: prepare: ") + sqlite3_errmsg(db_));
    }
    return std::unique_ptr<Statement>(new SqliteStatement(db_, stmt));
  }

  // IMMEDIATE takes the write lock up front, so two writers wait on the busy timeout instead
  // of failing with SQLITE_BUSY half-way through a transaction.
  Status Begin() override { return Exec("BEGIN IMMEDIATE"); }

 private:
  sqlite3* db_;
};

}  // namespace

Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Fail(ErrorCode::kIo, "sqlite: cannot open " + path + ": " + msg);
  }
  auto out = std::make_unique<SqliteConnection>(db);
  sqlite3_busy_timeout(db, 10000);
  // WAL: readers (the dashboard) never block the single writer (imports, collectors).
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
                             "PRAGMA foreign_keys=ON", "PRAGMA temp_store=MEMORY",
                             // Imports write 100k+ rows per transaction; a 64 MiB page cache
                             // keeps index pages in memory instead of re-reading them.
                             "PRAGMA cache_size=-65536"}) {
    if (Status s = out->Exec(pragma); !s) return Fail(s.error().WithContext(path));
  }
  return std::unique_ptr<Connection>(std::move(out));
}

}  // namespace vs::store::sql
