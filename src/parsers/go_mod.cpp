#include "parsers/go_mod.h"

namespace vs::parsers {

int SniffGoMod(std::string_view, std::string_view) { return 0; }
Result<model::Batch> ParseGoMod(std::string_view) {
  return Fail(ErrorCode::kUnsupported, "go_mod: not written yet");
}

}  // namespace vs::parsers
