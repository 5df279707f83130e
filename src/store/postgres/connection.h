// PostgreSQL implementation of sql::Connection over libpq (the C API: no exceptions, and the
// store needs only prepared statements and cursors).
#pragma once

#include <memory>
#include <string>

#include "store/sql/connection.h"

namespace vs::store::sql {

Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& url);

// `?` placeholders → `$1, $2, …`, leaving quoted literals and identifiers alone.
std::string NumberPlaceholders(std::string_view sql);

}  // namespace vs::store::sql
