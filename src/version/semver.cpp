#include "version/semver.h"

namespace vs::version {

Status ValidateSemver(std::string_view) { return Fail(ErrorCode::kUnsupported, "not written yet"); }
Result<int> CompareSemver(std::string_view, std::string_view) {
  return Fail(ErrorCode::kUnsupported, "not written yet");
}

}  // namespace vs::version
