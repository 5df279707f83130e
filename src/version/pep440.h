// TODO: scheme pep440 (being written).
#pragma once

#include <string_view>

#include "core/result.h"

namespace vs::version {

Status ValidatePep440(std::string_view v);
Result<int> ComparePep440(std::string_view a, std::string_view b);

}  // namespace vs::version
