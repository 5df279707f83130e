// libFuzzer target for the shared CSV reader (src/parsers/csv.h) and NormalizeCveId. Beyond "no
// crash", it checks that records always make progress (line numbers never go back), that every
// record has a field, and that a normalised CVE id normalises to itself.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parsers/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  vs::parsers::csv::Reader reader(input);
  size_t last_line = 0;
  size_t records = 0;
  while (reader.Next()) {
    if (reader.line() <= last_line && records > 0) __builtin_trap();
    if (reader.fields().empty()) __builtin_trap();
    if (++records > size + 1) __builtin_trap();  // Each record consumes at least one byte.
    last_line = reader.line();
    for (std::string_view field : reader.fields()) {
      if (auto cve = vs::parsers::NormalizeCveId(field)) {
        auto again = vs::parsers::NormalizeCveId(*cve);
        if (!again || *again != *cve) __builtin_trap();
      }
    }
  }
  (void)vs::parsers::csv::ReadHeader(input);
  (void)vs::parsers::csv::FirstLine(input);
  return 0;
}
