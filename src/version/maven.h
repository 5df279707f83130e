// TODO: scheme maven (being written).
#pragma once

#include <string_view>

#include "core/result.h"

namespace vs::version {

Status ValidateMaven(std::string_view v);
Result<int> CompareMaven(std::string_view a, std::string_view b);

}  // namespace vs::version
