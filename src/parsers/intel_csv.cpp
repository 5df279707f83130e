#include "parsers/intel_csv.h"

namespace vs::parsers {

int SniffIntelCsv(std::string_view, std::string_view) { return 0; }
Result<model::Batch> ParseIntelCsv(std::string_view) {
  return Fail(ErrorCode::kUnsupported, "intel_csv: not written yet");
}

}  // namespace vs::parsers
