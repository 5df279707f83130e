#include "parsers/gemfile_lock.h"

namespace vs::parsers {

int SniffGemfileLock(std::string_view, std::string_view) { return 0; }
Result<model::Batch> ParseGemfileLock(std::string_view) {
  return Fail(ErrorCode::kUnsupported, "gemfile_lock: not written yet");
}

}  // namespace vs::parsers
