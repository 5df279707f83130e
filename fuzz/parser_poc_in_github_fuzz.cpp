// libFuzzer target for the poc_in_github parser: Sniff and Parse (named and not) must not crash
// or trip a sanitizer, whatever the bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parsers/poc_in_github.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  int confidence = vs::parsers::SniffPocInGithub(input, "CVE-2021-44228.json");
  if (confidence < 0 || confidence > 100) __builtin_trap();
  vs::Result<vs::model::Batch> batch =
      vs::parsers::ParsePocInGithubNamed("2021/CVE-2021-44228.json", input);
  if (!batch && batch.error().message.empty()) __builtin_trap();
  if (vs::parsers::ParsePocInGithub(input)) __builtin_trap();
  return 0;
}
