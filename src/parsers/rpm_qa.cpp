#include "parsers/rpm_qa.h"

namespace vs::parsers {

int SniffRpmQa(std::string_view, std::string_view) { return 0; }
Result<model::Batch> ParseRpmQa(std::string_view) {
  return Fail(ErrorCode::kUnsupported, "rpm_qa: not written yet");
}

}  // namespace vs::parsers
