// PLACEHOLDER: uv.lock — being written.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

int SniffUvLock(std::string_view head, std::string_view file_name);
Result<model::Batch> ParseUvLock(std::string_view bytes);

}  // namespace vs::parsers
