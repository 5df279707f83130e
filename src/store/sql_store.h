// The Store implemented once over sql::Connection (SQLite or PostgreSQL). Internal to store/.
#pragma once

#include <limits>
#include <memory>
#include <string_view>

#include "store/sql/connection.h"
#include "store/store.h"

namespace vs::store {

// Wraps `db` and applies pending migrations. `label` names the database in errors (never a
// URL with a password). `up_to` stops at an older schema version (upgrade tests only).
Result<std::unique_ptr<Store>> OpenSqlStore(std::unique_ptr<sql::Connection> db,
                                            std::string_view label,
                                            int up_to = std::numeric_limits<int>::max());

}  // namespace vs::store
