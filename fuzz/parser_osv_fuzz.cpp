// libFuzzer target for the osv parser and the CVSS scorer it uses: Sniff, Parse and
// CvssBaseScore must not crash or trip a sanitizer, whatever the bytes; a score is always
// within 0..10 and every advisory has an id.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parsers/cvss.h"
#include "parsers/osv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  int confidence = vs::parsers::SniffOsv(input, "");
  if (confidence < 0 || confidence > 100) __builtin_trap();
  vs::Result<vs::model::Batch> batch = vs::parsers::ParseOsv(input);
  if (!batch && batch.error().message.empty()) __builtin_trap();
  if (batch) {
    for (const vs::model::Advisory& a : batch->advisories) {
      if (a.id.empty()) __builtin_trap();
      if (a.cvss_score != -1 && (a.cvss_score < 0 || a.cvss_score > 10)) __builtin_trap();
    }
  }
  vs::Result<double> score = vs::parsers::CvssBaseScore(input);
  if (score && (*score < 0 || *score > 10)) __builtin_trap();
  return 0;
}
