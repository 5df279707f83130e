#include "parsers/cyclonedx.h"

namespace vs::parsers {

int SniffCyclonedx(std::string_view, std::string_view) { return 0; }
Result<model::Batch> ParseCyclonedx(std::string_view) {
  return Fail(ErrorCode::kUnsupported, "cyclonedx: not written yet");
}

}  // namespace vs::parsers
