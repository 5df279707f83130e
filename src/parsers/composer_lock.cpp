#include "parsers/composer_lock.h"

namespace vs::parsers {

int SniffComposerLock(std::string_view, std::string_view) { return 0; }
Result<model::Batch> ParseComposerLock(std::string_view) {
  return Fail(ErrorCode::kUnsupported, "composer_lock: not written yet");
}

}  // namespace vs::parsers
