// The SQLite backend of store::Store (the embedded default): one file, WAL, one writer.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace vs::store {

// Opens or creates the database file at `path` and applies pending migrations.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

}  // namespace vs::store
