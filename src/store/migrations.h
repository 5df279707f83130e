// The schema as an ordered list of migrations, written in the SQL subset that SQLite and
// PostgreSQL share, so both backends run the same statements. Never edit a landed migration:
// append a new one.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/sql/connection.h"

namespace vs::store {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;  // One or more statements separated by ';'.
  // Dialect-specific statements (triggers), used instead of `sql` when set.
  std::vector<std::string> (*statements)(sql::Dialect) = nullptr;
};

std::span<const Migration> AllMigrations();

}  // namespace vs::store
