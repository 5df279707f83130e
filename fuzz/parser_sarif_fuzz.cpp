// libFuzzer target for the sarif parser: Sniff and Parse must not crash or trip a sanitizer,
// whatever the bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parsers/sarif.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  int confidence = vs::parsers::SniffSarif(input, "");
  if (confidence < 0 || confidence > 100) __builtin_trap();
  vs::Result<vs::model::Batch> batch = vs::parsers::ParseSarif(input);
  if (!batch && batch.error().message.empty()) __builtin_trap();
  return 0;
}
