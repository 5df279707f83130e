// PLACEHOLDER: OSV JSON record, array or JSON Lines — being written.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

int SniffOsv(std::string_view head, std::string_view file_name);
Result<model::Batch> ParseOsv(std::string_view bytes);

}  // namespace vs::parsers
