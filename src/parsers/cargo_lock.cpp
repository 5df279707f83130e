#include "parsers/cargo_lock.h"

namespace vs::parsers {

int SniffCargoLock(std::string_view, std::string_view) { return 0; }
Result<model::Batch> ParseCargoLock(std::string_view) {
  return Fail(ErrorCode::kUnsupported, "cargo_lock: not written yet");
}

}  // namespace vs::parsers
