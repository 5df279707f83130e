#include "parsers/yum_updateinfo.h"

namespace vs::parsers {

int SniffYumUpdateinfo(std::string_view, std::string_view) { return 0; }
Result<model::Batch> ParseYumUpdateinfo(std::string_view) {
  return Fail(ErrorCode::kUnsupported, "yum_updateinfo: not written yet");
}

}  // namespace vs::parsers
