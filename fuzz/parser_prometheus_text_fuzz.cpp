// libFuzzer target for the prometheus_text parser: Sniff and Parse must not crash or trip a
// sanitizer, and feeding the bytes in two chunks must give the same samples and errors as one.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/prometheus_text.h"

namespace {

// Everything a sample says, flattened, plus the error lines.
std::string Trace(std::string_view input, size_t split) {
  std::string out;
  vs::parsers::PromTextParser parser(
      [&](const vs::parsers::PromSample& s) {
        out.append(s.name).push_back('{');
        for (const auto& l : s.labels)
          out.append(l.name).append("=").append(l.value).push_back(',');
        out += "} " + std::to_string(s.value) + " " + std::to_string(s.timestamp_ms.value_or(-1)) +
               " @" + std::to_string(s.line) + "\n";
      },
      [&](size_t line, std::string_view) { out += "error @" + std::to_string(line) + "\n"; });
  parser.Feed(input.substr(0, split));
  parser.Feed(input.substr(split));
  parser.Finish();
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  int confidence = vs::parsers::SniffPrometheusText(input, "");
  if (confidence < 0 || confidence > 100) __builtin_trap();
  vs::Result<vs::model::Batch> batch = vs::parsers::ParsePrometheusText(input);
  if (!batch && batch.error().message.empty()) __builtin_trap();
  if (size > 0) {
    size_t split = data[0] % (size + 1);
    if (Trace(input, split) != Trace(input, size)) __builtin_trap();
  }
  return 0;
}
