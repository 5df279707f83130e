// libFuzzer target for one version scheme (VS_FUZZ_SCHEME). The input is split at the first
// newline into two versions; beyond "no crash, no sanitizer report" it checks the order laws
// that the matcher relies on: validity is per side, compare(a,a) == 0, and
// compare(a,b) == -compare(b,a).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "version/registry.h"

namespace {

const vs::version::Scheme& TheScheme() {
  static const vs::version::Scheme* scheme = [] {
    auto s = vs::version::FindScheme(VS_FUZZ_SCHEME);
    if (!s) __builtin_trap();
    return *s;
  }();
  return *scheme;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const vs::version::Scheme& scheme = TheScheme();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t nl = input.find('\n');
  std::string_view a = input.substr(0, nl);
  std::string_view b = nl == std::string_view::npos ? input : input.substr(nl + 1);

  bool a_ok = static_cast<bool>(scheme.validate(a));
  bool b_ok = static_cast<bool>(scheme.validate(b));
  auto ab = scheme.compare(a, b);
  auto ba = scheme.compare(b, a);
  if (static_cast<bool>(ab) != (a_ok && b_ok)) __builtin_trap();
  if (static_cast<bool>(ba) != (a_ok && b_ok)) __builtin_trap();
  if (ab && *ab != -*ba) __builtin_trap();
  if (ab && (*ab < -1 || *ab > 1)) __builtin_trap();
  if (a_ok) {
    auto aa = scheme.compare(a, a);
    if (!aa || *aa != 0) __builtin_trap();
  }
  return 0;
}
