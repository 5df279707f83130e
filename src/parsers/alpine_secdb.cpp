#include "parsers/alpine_secdb.h"

namespace vs::parsers {

int SniffAlpineSecdb(std::string_view, std::string_view) { return 0; }
Result<model::Batch> ParseAlpineSecdb(std::string_view) {
  return Fail(ErrorCode::kUnsupported, "alpine_secdb: not written yet");
}

}  // namespace vs::parsers
