#include "store/store.h"

#include "store/sqlite/sqlite_store.h"

namespace vs::store {

Result<std::unique_ptr<Store>> OpenStore(std::string_view url) {
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return Fail(ErrorCode::kUnsupported,
                "the PostgreSQL backend is not available in this build yet");
  }
  std::string path(url);
  if (path.rfind("sqlite://", 0) == 0) path = path.substr(9);
  if (path.empty()) return Fail(ErrorCode::kInvalidInput, "empty database path");
  return OpenSqliteStore(path);
}

}  // namespace vs::store
