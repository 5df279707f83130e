#include "parsers/go_sum.h"

namespace vs::parsers {

int SniffGoSum(std::string_view, std::string_view) { return 0; }
Result<model::Batch> ParseGoSum(std::string_view) {
  return Fail(ErrorCode::kUnsupported, "go_sum: not written yet");
}

}  // namespace vs::parsers
