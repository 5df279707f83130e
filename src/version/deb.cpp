#include "version/deb.h"

namespace vs::version {

Status ValidateDeb(std::string_view) { return Fail(ErrorCode::kUnsupported, "not written yet"); }
Result<int> CompareDeb(std::string_view, std::string_view) {
  return Fail(ErrorCode::kUnsupported, "not written yet");
}

}  // namespace vs::version
