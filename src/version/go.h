// TODO: scheme go (being written).
#pragma once

#include <string_view>

#include "core/result.h"

namespace vs::version {

Status ValidateGo(std::string_view v);
Result<int> CompareGo(std::string_view a, std::string_view b);

}  // namespace vs::version
