// PLACEHOLDER: public proof-of-concept list CSV (cve_id,...) — being written.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

int SniffPocCsv(std::string_view head, std::string_view file_name);
Result<model::Batch> ParsePocCsv(std::string_view bytes);

}  // namespace vs::parsers
