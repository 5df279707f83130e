// PLACEHOLDER: pip requirements.txt (pinned) — being written.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

int SniffRequirementsTxt(std::string_view head, std::string_view file_name);
Result<model::Batch> ParseRequirementsTxt(std::string_view bytes);

}  // namespace vs::parsers
