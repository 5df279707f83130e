#include "store/store.h"

#include "store/postgres/connection.h"
#include "store/sql_store.h"
#include "store/sqlite/connection.h"

namespace vs::store {

Result<std::unique_ptr<Store>> OpenStore(std::string_view url) {
  std::string target(url);
  bool postgres =
      target.rfind("postgresql://", 0) == 0 || target.rfind("postgres://", 0) == 0 ||
      (target.find("dbname=") != std::string::npos && target.find('=') < target.find('/'));
  if (postgres) {
    Result<std::unique_ptr<sql::Connection>> db = sql::OpenPostgres(target);
    if (!db) return Fail(db.error());
    return OpenSqlStore(std::move(*db), "postgresql");
  }
  if (target.rfind("sqlite://", 0) == 0) target = target.substr(9);
  if (target.empty()) return Fail(ErrorCode::kInvalidInput, "empty database path");
  Result<std::unique_ptr<sql::Connection>> db = sql::OpenSqlite(target);
  if (!db) return Fail(db.error());
  return OpenSqlStore(std::move(*db), target);
}

}  // namespace vs::store
