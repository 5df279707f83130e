// libFuzzer target for the npm_security_wg parser and its node-semver range converter: Sniff,
// Parse and NodeSemverToOsvRanges must not crash or trip a sanitizer, whatever the bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parsers/npm_security_wg.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  int confidence = vs::parsers::SniffNpmSecurityWg(input, "");
  if (confidence < 0 || confidence > 100) __builtin_trap();
  vs::Result<vs::model::Batch> batch = vs::parsers::ParseNpmSecurityWg(input);
  if (!batch && batch.error().message.empty()) __builtin_trap();
  if (batch) {
    for (const vs::model::Advisory& a : batch->advisories) {
      if (a.id.empty() || a.affected.empty()) __builtin_trap();
    }
  }
  if (size < 512) {
    auto ranges = vs::parsers::NodeSemverToOsvRanges(input);
    if (ranges && ranges->empty()) __builtin_trap();
  }
  return 0;
}
