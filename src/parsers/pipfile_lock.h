// PLACEHOLDER: Pipfile.lock — being written.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

int SniffPipfileLock(std::string_view head, std::string_view file_name);
Result<model::Batch> ParsePipfileLock(std::string_view bytes);

}  // namespace vs::parsers
