#include "version/pep440.h"

namespace vs::version {

Status ValidatePep440(std::string_view) { return Fail(ErrorCode::kUnsupported, "not written yet"); }
Result<int> ComparePep440(std::string_view, std::string_view) {
  return Fail(ErrorCode::kUnsupported, "not written yet");
}

}  // namespace vs::version
