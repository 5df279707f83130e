#include "version/maven.h"

namespace vs::version {

Status ValidateMaven(std::string_view) { return Fail(ErrorCode::kUnsupported, "not written yet"); }
Result<int> CompareMaven(std::string_view, std::string_view) {
  return Fail(ErrorCode::kUnsupported, "not written yet");
}

}  // namespace vs::version
