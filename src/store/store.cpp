#include "store/store.h"

#include "store/postgres/connection.h"
#include "store/sql_store.h"
#include "store/sqlite/connection.h"

namespace vs::store {

bool IsPostgresUrl(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://") ||
         (url.find("dbname=") != std::string_view::npos && url.find('=') < url.find('/'));
}

Result<std::unique_ptr<Store>> OpenStore(std::string_view url) {
  std::string target(url);
  if (IsPostgresUrl(target)) {
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
