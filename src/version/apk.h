// TODO: scheme apk (being written).
#pragma once

#include <string_view>

#include "core/result.h"

namespace vs::version {

Status ValidateApk(std::string_view v);
Result<int> CompareApk(std::string_view a, std::string_view b);

}  // namespace vs::version
