#include "parsers/apk_installed.h"

namespace vs::parsers {

int SniffApkInstalled(std::string_view, std::string_view) { return 0; }
Result<model::Batch> ParseApkInstalled(std::string_view) {
  return Fail(ErrorCode::kUnsupported, "apk_installed: not written yet");
}

}  // namespace vs::parsers
