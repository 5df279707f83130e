#include "version/nuget.h"

namespace vs::version {

Status ValidateNuget(std::string_view) { return Fail(ErrorCode::kUnsupported, "not written yet"); }
Result<int> CompareNuget(std::string_view, std::string_view) {
  return Fail(ErrorCode::kUnsupported, "not written yet");
}

}  // namespace vs::version
