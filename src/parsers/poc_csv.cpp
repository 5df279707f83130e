#include "parsers/poc_csv.h"

namespace vs::parsers {

int SniffPocCsv(std::string_view, std::string_view) { return 0; }
Result<model::Batch> ParsePocCsv(std::string_view) {
  return Fail(ErrorCode::kUnsupported, "poc_csv: not written yet");
}

}  // namespace vs::parsers
