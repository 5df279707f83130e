// libFuzzer target for the purl parser (src/parsers/purl.h). Beyond "no crash", it checks that
// the canonical form is stable: a purl built from a parse parses again to the same string.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "parsers/purl.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto parts = vs::parsers::ParsePurl(input);
  if (!parts) {
    if (parts.error().message.empty()) __builtin_trap();
    return 0;
  }
  std::string canonical = vs::parsers::BuildPurl(*parts);
  auto again = vs::parsers::ParsePurl(canonical);
  if (!again || vs::parsers::BuildPurl(*again) != canonical) __builtin_trap();
  (void)vs::parsers::PackageFromPurl(*parts);
  (void)vs::parsers::OsInfoFromNameVersion(parts->name, parts->version);
  return 0;
}
