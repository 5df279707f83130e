#include "parsers/uv_lock.h"

namespace vs::parsers {

int SniffUvLock(std::string_view, std::string_view) { return 0; }
Result<model::Batch> ParseUvLock(std::string_view) {
  return Fail(ErrorCode::kUnsupported, "uv_lock: not written yet");
}

}  // namespace vs::parsers
