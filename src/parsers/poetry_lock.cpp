#include "parsers/poetry_lock.h"

namespace vs::parsers {

int SniffPoetryLock(std::string_view, std::string_view) { return 0; }
Result<model::Batch> ParsePoetryLock(std::string_view) {
  return Fail(ErrorCode::kUnsupported, "poetry_lock: not written yet");
}

}  // namespace vs::parsers
