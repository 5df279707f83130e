#include "parsers/spdx.h"

namespace vs::parsers {

int SniffSpdx(std::string_view, std::string_view) { return 0; }
Result<model::Batch> ParseSpdx(std::string_view) {
  return Fail(ErrorCode::kUnsupported, "spdx: not written yet");
}

}  // namespace vs::parsers
