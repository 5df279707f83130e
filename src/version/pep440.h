// Python package versions (PEP 440) ordered exactly as packaging.version.Version 23.0 orders
// them, including its normalisation of spellings, separators, case and whitespace.
// Pure and thread-safe; comparing two valid versions allocates nothing.
#pragma once

#include <string_view>

#include "core/result.h"

namespace vs::version {

// Returns Ok if packaging 23.0's Version() accepts `v`, else kInvalidInput with the reason.
Status ValidatePep440(std::string_view v);

// Returns -1, 0 or 1 as `a` sorts before, equal to or after `b` under packaging 23.0
// ("1.0" == "1.0.0" == "v1.0", "1.0.dev1" < "1.0a1" < "1.0" < "1.0+local" < "1.0.post1");
// kInvalidInput naming the side ("left"/"right") when either is not a valid version.
Result<int> ComparePep440(std::string_view a, std::string_view b);

}  // namespace vs::version
