// Severity levels, ordered, with the names used in JSON, CLI flags and the dashboard.
#pragma once

#include <optional>
#include <string_view>

namespace vs::model {

enum class Severity { kUnknown = 0, kNone, kLow, kMedium, kHigh, kCritical };

// "unknown", "none", "low", "medium", "high", "critical".
std::string_view SeverityName(Severity s);

// Maps the words feeds use to our levels, case-insensitively: GHSA's MODERATE → medium,
// Red Hat / ALAS "important" → high, Ubuntu "negligible" → low, Debian "unimportant" → low,
// "not yet assigned" / "" → unknown. Returns nullopt for words we do not know.
std::optional<Severity> ParseSeverity(std::string_view word);

// CVSS base score → qualitative rating (CVSS v3.x/v4 table: 0 none, 0.1–3.9 low, 4–6.9
// medium, 7–8.9 high, 9–10 critical).
Severity SeverityFromScore(double score);

}  // namespace vs::model
