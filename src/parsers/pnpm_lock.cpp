#include "parsers/pnpm_lock.h"

namespace vs::parsers {

int SniffPnpmLock(std::string_view, std::string_view) { return 0; }
Result<model::Batch> ParsePnpmLock(std::string_view) {
  return Fail(ErrorCode::kUnsupported, "pnpm_lock: not written yet");
}

}  // namespace vs::parsers
