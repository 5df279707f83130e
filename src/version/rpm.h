// TODO: scheme rpm (being written).
#pragma once

#include <string_view>

#include "core/result.h"

namespace vs::version {

Status ValidateRpm(std::string_view v);
Result<int> CompareRpm(std::string_view a, std::string_view b);

}  // namespace vs::version
