// TODO: scheme gem (being written).
#pragma once

#include <string_view>

#include "core/result.h"

namespace vs::version {

Status ValidateGem(std::string_view v);
Result<int> CompareGem(std::string_view a, std::string_view b);

}  // namespace vs::version
