// PLACEHOLDER: Debian security tracker JSON — being written.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

int SniffDebianTracker(std::string_view head, std::string_view file_name);
Result<model::Batch> ParseDebianTracker(std::string_view bytes);

}  // namespace vs::parsers
