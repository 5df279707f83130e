#include "parsers/dpkg_status.h"

namespace vs::parsers {

int SniffDpkgStatus(std::string_view, std::string_view) { return 0; }
Result<model::Batch> ParseDpkgStatus(std::string_view) {
  return Fail(ErrorCode::kUnsupported, "dpkg_status: not written yet");
}

}  // namespace vs::parsers
