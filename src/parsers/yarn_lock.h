// PLACEHOLDER: yarn.lock v1 and berry — being written.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

int SniffYarnLock(std::string_view head, std::string_view file_name);
Result<model::Batch> ParseYarnLock(std::string_view bytes);

}  // namespace vs::parsers
