#include "version/gem.h"

namespace vs::version {

Status ValidateGem(std::string_view) { return Fail(ErrorCode::kUnsupported, "not written yet"); }
Result<int> CompareGem(std::string_view, std::string_view) {
  return Fail(ErrorCode::kUnsupported, "not written yet");
}

}  // namespace vs::version
