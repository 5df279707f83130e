// PLACEHOLDER: FIRST EPSS scores CSV — being written.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

int SniffEpssCsv(std::string_view head, std::string_view file_name);
Result<model::Batch> ParseEpssCsv(std::string_view bytes);

}  // namespace vs::parsers
