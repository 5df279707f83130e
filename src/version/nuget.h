// TODO: scheme nuget (being written).
#pragma once

#include <string_view>

#include "core/result.h"

namespace vs::version {

Status ValidateNuget(std::string_view v);
Result<int> CompareNuget(std::string_view a, std::string_view b);

}  // namespace vs::version
