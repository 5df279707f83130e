// libFuzzer target for the cargo_lock parser: Sniff (with and without the lockfile's usual name)
// and Parse must not crash or trip a sanitizer, whatever the bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parsers/cargo_lock.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  for (std::string_view name : {std::string_view(), std::string_view("Cargo.lock")}) {
    int confidence = vs::parsers::SniffCargoLock(input, name);
    if (confidence < 0 || confidence > 100) __builtin_trap();
  }
  vs::Result<vs::model::Batch> batch = vs::parsers::ParseCargoLock(input);
  if (!batch && batch.error().message.empty()) __builtin_trap();
  return 0;
}
