// The SQL the store needs from a database, as one small interface implemented by SQLite
// (sqlite/) and PostgreSQL over libpq (postgres/), so the store's queries are written once.
// Statements use `?` placeholders (the PostgreSQL driver numbers them). Not thread-safe: one
// connection per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vs::store::sql {

enum class Dialect { kSqlite, kPostgres };

class Statement {
 public:
  virtual ~Statement() = default;

  // Binds are 1-based. Text is copied.
  virtual Statement& Bind(int index, std::string_view text) = 0;
  virtual Statement& Bind(int index, int64_t value) = 0;
  virtual Statement& Bind(int index, double value) = 0;
  virtual Statement& BindNull(int index) = 0;
  Statement& Bind(int index, const std::string& text) {
    return Bind(index, std::string_view(text));
  }
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, long long value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, bool value) { return Bind(index, static_cast<int64_t>(value)); }

  // Executes on the first call, then advances: true when a row is available.
  virtual Result<bool> Step() = 0;
  // Runs to completion (for statements without rows) and resets for reuse.
  virtual Status Run() = 0;
  // Ready to execute again with new bindings.
  virtual void Reset() = 0;

  // Column accessors for the current row (0-based). NULL reads as "" / 0.
  virtual std::string_view Text(int column) const = 0;
  virtual int64_t Int(int column) const = 0;
  virtual double Real(int column) const = 0;
  virtual bool IsNull(int column) const = 0;
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;

  // Runs one or more statements without parameters or rows.
  virtual Status Exec(std::string_view sql) = 0;
  // `streaming` marks queries whose results may be larger than memory should hold: the
  // PostgreSQL driver reads them through a cursor in batches.
  virtual Result<std::unique_ptr<Statement>> Prepare(std::string_view sql,
                                                     bool streaming = false) = 0;
  // Starts a write transaction (SQLite takes the write lock immediately).
  virtual Status Begin() = 0;
};

// Begins now and rolls back on destruction unless Commit() succeeded.
class Transaction {
 public:
  static Result<Transaction> Begin(Connection& db);
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status Commit();

 private:
  explicit Transaction(Connection* db) : db_(db) {}
  Connection* db_;
};

// Runs `sql` with no parameters and returns the first column of the first row as an integer
// (0 when there is no row).
Result<int64_t> QueryInt(Connection& db, std::string_view sql);

// Opens a SQLite file (WAL, foreign keys, busy timeout).
Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path);
// Opens a PostgreSQL connection from a libpq URL or keyword string.
Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& url);

}  // namespace vs::store::sql
