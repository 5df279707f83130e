// SQLite implementation of sql::Connection (the embedded default).
#pragma once

#include <memory>
#include <string>

#include "store/sql/connection.h"

namespace vs::store::sql {

Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path);

}  // namespace vs::store::sql
