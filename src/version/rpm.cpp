#include "version/rpm.h"

namespace vs::version {

Status ValidateRpm(std::string_view) { return Fail(ErrorCode::kUnsupported, "not written yet"); }
Result<int> CompareRpm(std::string_view, std::string_view) {
  return Fail(ErrorCode::kUnsupported, "not written yet");
}

}  // namespace vs::version
