#include "parsers/epss_csv.h"

namespace vs::parsers {

int SniffEpssCsv(std::string_view, std::string_view) { return 0; }
Result<model::Batch> ParseEpssCsv(std::string_view) {
  return Fail(ErrorCode::kUnsupported, "epss_csv: not written yet");
}

}  // namespace vs::parsers
