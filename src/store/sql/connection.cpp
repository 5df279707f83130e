#include "store/sql/connection.h"

namespace vs::store::sql {

Result<Transaction> Transaction::Begin(Connection& db) {
  if (Status s = db.Begin(); !s) return Fail(s.error());
  return Transaction(&db);
}

Transaction::~Transaction() {
  if (db_ != nullptr) (void)db_->Exec("ROLLBACK");
}

Status Transaction::Commit() {
  if (db_ == nullptr) return Fail(ErrorCode::kInternal, "transaction already finished");
  Status s = db_->Exec("COMMIT");
  if (s) db_ = nullptr;
  return s;
}

Result<int64_t> QueryInt(Connection& db, std::string_view sql) {
  Result<std::unique_ptr<Statement>> q = db.Prepare(sql);
  if (!q) return Fail(q.error());
  Result<bool> row = (*q)->Step();
  if (!row) return Fail(row.error());
  return *row ? (*q)->Int(0) : 0;
}

}  // namespace vs::store::sql
