#include "parsers/nuget_lock.h"

namespace vs::parsers {

int SniffNugetLock(std::string_view, std::string_view) { return 0; }
Result<model::Batch> ParseNugetLock(std::string_view) {
  return Fail(ErrorCode::kUnsupported, "nuget_lock: not written yet");
}

}  // namespace vs::parsers
