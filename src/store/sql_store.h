// The Store implemented once over sql::Connection (SQLite or PostgreSQL). Internal to store/.
#pragma once

#include <memory>
#include <string_view>

#include "store/sql/connection.h"
#include "store/store.h"

namespace vs::store {

// Wraps `db` and applies pending migrations. `label` names the database in errors (never a
// URL with a password).
Result<std::unique_ptr<Store>> OpenSqlStore(std::unique_ptr<sql::Connection> db,
                                            std::string_view label);

}  // namespace vs::store
