#include "store/postgres/connection.h"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <vector>

#include <libpq-fe.h>

namespace vs::store::sql {
namespace {

// Rows fetched per round trip from a streaming cursor.
constexpr int kCursorBatch = 5000;

std::string ErrorText(PGconn* conn, PGresult* res) {
  std::string msg = res != nullptr ? PQresultErrorMessage(res) : PQerrorMessage(conn);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  return "postgresql: " + msg;
}

class PgStatement final : public Statement {
 public:
  PgStatement(PGconn* conn, std::string name, std::string sql, bool streaming)
      : conn_(conn), name_(std::move(name)), sql_(std::move(sql)), streaming_(streaming) {}
  ~PgStatement() override {
    Reset();
    // Only statements that reached the server exist there; DEALLOCATE of an unknown name
    // would abort the surrounding transaction.
    if (prepared_) {
      std::string dealloc = "DEALLOCATE " + name_;
      PQclear(PQexec(conn_, dealloc.c_str()));
    }
  }

  Statement& Bind(int index, std::string_view text) override {
    Slot(index) = std::string(text);
    return *this;
  }
  Statement& Bind(int index, int64_t value) override {
    Slot(index) = std::to_string(value);
    return *this;
  }
  Statement& Bind(int index, double value) override {
    char buf[32];
    int n = std::snprintf(buf, sizeof buf, "%.17g", value);
    Slot(index) = std::string(buf, n);
    return *this;
  }
  Statement& BindNull(int index) override {
    Slot(index) = std::nullopt;
    return *this;
  }
  using Statement::Bind;

  Result<bool> Step() override {
    if (!executed_) {
      if (Status s = Execute(); !s) return Fail(s.error());
      executed_ = true;
      row_ = -1;
    }
    ++row_;
    if (row_ < PQntuples(res_)) return true;
    if (!streaming_ || PQntuples(res_) < kCursorBatch) return false;
    if (Status s = Fetch(); !s) return Fail(s.error());
    row_ = 0;
    return row_ < PQntuples(res_);
  }

  Status Run() override {
    Result<bool> r = Step();
    Reset();
    if (!r) return Fail(r.error());
    return Ok();
  }

  void Reset() override {
    PQclear(res_);
    res_ = nullptr;
    if (cursor_open_) {
      std::string close = "CLOSE " + name_;
      PQclear(PQexec(conn_, close.c_str()));
      cursor_open_ = false;
    }
    executed_ = false;
    params_.clear();
  }

  std::string_view Text(int column) const override {
    if (res_ == nullptr || PQgetisnull(res_, row_, column)) return {};
    return {PQgetvalue(res_, row_, column), static_cast<size_t>(PQgetlength(res_, row_, column))};
  }
  int64_t Int(int column) const override {
    std::string_view t = Text(column);
    int64_t v = 0;
    std::from_chars(t.data(), t.data() + t.size(), v);
    return v;
  }
  double Real(int column) const override {
    std::string_view t = Text(column);
    if (t.empty()) return 0;
    return std::strtod(std::string(t).c_str(), nullptr);
  }
  bool IsNull(int column) const override {
    return res_ == nullptr || PQgetisnull(res_, row_, column);
  }

 private:
  std::optional<std::string>& Slot(int index) {
    if (params_.size() < static_cast<size_t>(index)) params_.resize(index);
    return params_[index - 1];
  }

  Status Execute() {
    std::vector<const char*> values;
    values.reserve(params_.size());
    for (const auto& p : params_) values.push_back(p ? p->c_str() : nullptr);
    PQclear(res_);
    if (streaming_) {
      // A WITH HOLD cursor survives the implicit transaction, so callers may stream without
      // opening one; rows arrive kCursorBatch at a time instead of all at once.
      std::string declare = "DECLARE " + name_ + " NO SCROLL CURSOR WITH HOLD FOR " + sql_;
      res_ = PQexecParams(conn_, declare.c_str(), static_cast<int>(values.size()), nullptr,
                          values.data(), nullptr, nullptr, 0);
      if (PQresultStatus(res_) != PGRES_COMMAND_OK)
        return Fail(ErrorCode::kIo, ErrorText(conn_, res_));
      cursor_open_ = true;
      return Fetch();
    }
    if (!prepared_) {
      PGresult* r = PQprepare(conn_, name_.c_str(), sql_.c_str(), 0, nullptr);
      bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
      std::string err = ok ? "" : ErrorText(conn_, r);
      PQclear(r);
      if (!ok) return Fail(ErrorCode::kInternal, err);
      prepared_ = true;
    }
    res_ = PQexecPrepared(conn_, name_.c_str(), static_cast<int>(values.size()), values.data(),
                          nullptr, nullptr, 0);
    ExecStatusType st = PQresultStatus(res_);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
      return Fail(ErrorCode::kIo, ErrorText(conn_, res_));
    return Ok();
  }

  Status Fetch() {
    PQclear(res_);
    std::string fetch = "FETCH " + std::to_string(kCursorBatch) + " FROM " + name_;
    res_ = PQexec(conn_, fetch.c_str());
    if (PQresultStatus(res_) != PGRES_TUPLES_OK)
      return Fail(ErrorCode::kIo, ErrorText(conn_, res_));
    return Ok();
  }

  PGconn* conn_;
  std::string name_;
  std::string sql_;
  bool streaming_;
  bool prepared_ = false;
  bool executed_ = false;
  bool cursor_open_ = false;
  int row_ = -1;
  PGresult* res_ = nullptr;
  std::vector<std::optional<std::string>> params_;
};

class PgConnection final : public Connection {
 public:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  ~PgConnection() override { PQfinish(conn_); }

  Dialect dialect() const override { return Dialect::kPostgres; }

  Status Exec(std::string_view sql) override {
    std::string owned(sql);
    PGresult* res = PQexec(conn_, owned.c_str());
    ExecStatusType st = PQresultStatus(res);
    bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY;
    std::string err = ok ? "" : ErrorText(conn_, res);
    PQclear(res);
    if (!ok) return Fail(ErrorCode::kIo, err);
    return Ok();
  }

  Result<std::unique_ptr<Statement>> Prepare(std::string_view sql, bool streaming) override {
    if (PQstatus(conn_) != CONNECTION_OK) {
      PQreset(conn_);
      if (PQstatus(conn_) != CONNECTION_OK) return Fail(ErrorCode::kIo, ErrorText(conn_, nullptr));
    }
    std::string name = "vs_" + std::to_string(++counter_);
    return std::unique_ptr<Statement>(
        new PgStatement(conn_, std::move(name), NumberPlaceholders(sql), streaming));
  }

  Status Begin() override { return Exec("BEGIN"); }

 private:
  PGconn* conn_;
  uint64_t counter_ = 0;
};

}  // namespace

std::string NumberPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote != 0) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    // The URL may carry a password: report the error only.
    return Fail(ErrorCode::kIo, "postgresql: cannot connect: " + msg);
  }
  auto out = std::make_unique<PgConnection>(conn);
  // Quiet NOTICEs (e.g. "relation already exists, skipping") instead of printing to stderr.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  if (Status s = out->Exec("SET client_min_messages = warning"); !s) return Fail(s.error());
  // The store's queries are short and planned as costly only because the tables are big: JIT
  // compiling them took 170 ms of a 290 ms aggregate at 10 M findings.
  if (Status s = out->Exec("SET jit = off"); !s) return Fail(s.error());
  return std::unique_ptr<Connection>(std::move(out));
}

}  // namespace vs::store::sql
