// TODO: scheme deb (being written).
#pragma once

#include <string_view>

#include "core/result.h"

namespace vs::version {

Status ValidateDeb(std::string_view v);
Result<int> CompareDeb(std::string_view a, std::string_view b);

}  // namespace vs::version
