// CVSS base scores computed from vector strings, for every version feeds still publish:
// v2 ("AV:N/AC:L/Au:N/C:P/I:P/A:P"), v3.0/v3.1 ("CVSS:3.1/AV:N/...") and v4.0
// ("CVSS:4.0/AV:N/AC:L/AT:N/..."). Pure functions, thread-safe.
#pragma once

#include <string_view>

#include "core/result.h"

namespace vs::parsers {

enum class CvssVersion { kV2, kV30, kV31, kV40 };

struct CvssScore {
  CvssVersion version = CvssVersion::kV2;
  double score = 0;  // Base score, 0.0..10.0, one decimal.
};

// Validates `vector` and returns its version and base score. Metrics may come in any order;
// temporal, threat, environmental and supplemental metrics are validated but do not change the
// result (v4.0 returns the CVSS-B score). Fails with kInvalidInput, naming the problem, for an
// unknown prefix or version, a missing mandatory metric, a duplicate or unknown metric, an
// unknown value or an empty component ("AV:N//AC:L", trailing "/").
Result<CvssScore> ParseCvss(std::string_view vector);

// ParseCvss(vector)->score: the base score of a v2, v3.x or v4.0 vector.
Result<double> CvssBaseScore(std::string_view vector);

}  // namespace vs::parsers
