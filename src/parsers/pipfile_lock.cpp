#include "parsers/pipfile_lock.h"

namespace vs::parsers {

int SniffPipfileLock(std::string_view, std::string_view) { return 0; }
Result<model::Batch> ParsePipfileLock(std::string_view) {
  return Fail(ErrorCode::kUnsupported, "pipfile_lock: not written yet");
}

}  // namespace vs::parsers
