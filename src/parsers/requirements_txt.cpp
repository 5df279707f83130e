#include "parsers/requirements_txt.h"

namespace vs::parsers {

int SniffRequirementsTxt(std::string_view, std::string_view) { return 0; }
Result<model::Batch> ParseRequirementsTxt(std::string_view) {
  return Fail(ErrorCode::kUnsupported, "requirements_txt: not written yet");
}

}  // namespace vs::parsers
