#include "parsers/yarn_lock.h"

namespace vs::parsers {

int SniffYarnLock(std::string_view, std::string_view) { return 0; }
Result<model::Batch> ParseYarnLock(std::string_view) {
  return Fail(ErrorCode::kUnsupported, "yarn_lock: not written yet");
}

}  // namespace vs::parsers
