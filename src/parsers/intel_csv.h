// PLACEHOLDER: team intelligence CSV: cve,source,reference — being written.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

int SniffIntelCsv(std::string_view head, std::string_view file_name);
Result<model::Batch> ParseIntelCsv(std::string_view bytes);

}  // namespace vs::parsers
