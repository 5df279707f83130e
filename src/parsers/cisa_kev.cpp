#include "parsers/cisa_kev.h"

namespace vs::parsers {

int SniffCisaKev(std::string_view, std::string_view) { return 0; }
Result<model::Batch> ParseCisaKev(std::string_view) {
  return Fail(ErrorCode::kUnsupported, "cisa_kev: not written yet");
}

}  // namespace vs::parsers
