// Wall-clock helpers. RFC 3339 UTC strings sort lexically in time order, which the store and
// its SQL views rely on.
#pragma once

#include <cstdint>
#include <string>

namespace vs {

// Current time as "2026-11-26T03:31:08Z".
std::string NowRfc3339();

// Seconds since the Unix epoch as "YYYY-MM-DDTHH:MM:SSZ".
std::string FormatRfc3339(int64_t epoch_seconds);

}  // namespace vs
