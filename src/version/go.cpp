#include "version/go.h"

namespace vs::version {

Status ValidateGo(std::string_view) { return Fail(ErrorCode::kUnsupported, "not written yet"); }
Result<int> CompareGo(std::string_view, std::string_view) {
  return Fail(ErrorCode::kUnsupported, "not written yet");
}

}  // namespace vs::version
