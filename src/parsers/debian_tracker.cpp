#include "parsers/debian_tracker.h"

namespace vs::parsers {

int SniffDebianTracker(std::string_view, std::string_view) { return 0; }
Result<model::Batch> ParseDebianTracker(std::string_view) {
  return Fail(ErrorCode::kUnsupported, "debian_tracker: not written yet");
}

}  // namespace vs::parsers
