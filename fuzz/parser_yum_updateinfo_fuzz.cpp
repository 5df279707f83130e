// libFuzzer target for the yum_updateinfo parser: Sniff and both Parse entry points must not
// crash or trip a sanitizer, whatever the bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parsers/yum_updateinfo.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  int confidence = vs::parsers::SniffYumUpdateinfo(input, "");
  if (confidence < 0 || confidence > 100) __builtin_trap();
  vs::Result<vs::model::Batch> batch = vs::parsers::ParseYumUpdateinfo(input);
  if (!batch && batch.error().message.empty()) __builtin_trap();
  vs::Result<vs::model::Batch> with = vs::parsers::ParseYumUpdateinfoFor(input, "AlmaLinux:9");
  if (static_cast<bool>(with) != static_cast<bool>(batch)) __builtin_trap();
  return 0;
}
