// Wall-clock helpers. RFC 3339 UTC strings sort lexically in time order, which the store and
// its SQL views rely on.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vs {

// Current time as "2026-11-26T03:31:08Z".
std::string NowRfc3339();

// Seconds since the Unix epoch as "YYYY-MM-DDTHH:MM:SSZ".
std::string FormatRfc3339(int64_t epoch_seconds);

// The time `d` before `now`, formatted as above: a cut-off to compare stored times with.
std::string Rfc3339Before(std::chrono::system_clock::time_point now, std::chrono::seconds d);

// Seconds since the Unix epoch of "YYYY-MM-DDTHH:MM:SS" with optional fraction and a "Z" or
// "±HH:MM" offset (no zone: UTC); nullopt for anything else. No locale, no strptime.
std::optional<int64_t> ParseRfc3339(std::string_view text);

}  // namespace vs
