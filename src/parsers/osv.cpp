#include "parsers/osv.h"

namespace vs::parsers {

int SniffOsv(std::string_view, std::string_view) { return 0; }
Result<model::Batch> ParseOsv(std::string_view) {
  return Fail(ErrorCode::kUnsupported, "osv: not written yet");
}

}  // namespace vs::parsers
