#include "version/apk.h"

namespace vs::version {

Status ValidateApk(std::string_view) { return Fail(ErrorCode::kUnsupported, "not written yet"); }
Result<int> CompareApk(std::string_view, std::string_view) {
  return Fail(ErrorCode::kUnsupported, "not written yet");
}

}  // namespace vs::version
