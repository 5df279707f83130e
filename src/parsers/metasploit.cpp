#include "parsers/metasploit.h"

namespace vs::parsers {

int SniffMetasploit(std::string_view, std::string_view) { return 0; }
Result<model::Batch> ParseMetasploit(std::string_view) {
  return Fail(ErrorCode::kUnsupported, "metasploit: not written yet");
}

}  // namespace vs::parsers
