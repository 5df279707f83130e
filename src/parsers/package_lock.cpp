#include "parsers/package_lock.h"

namespace vs::parsers {

int SniffPackageLock(std::string_view, std::string_view) { return 0; }
Result<model::Batch> ParsePackageLock(std::string_view) {
  return Fail(ErrorCode::kUnsupported, "package_lock: not written yet");
}

}  // namespace vs::parsers
