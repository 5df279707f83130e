// PLACEHOLDER: SPDX 2.3 JSON SBOM — being written.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

int SniffSpdx(std::string_view head, std::string_view file_name);
Result<model::Batch> ParseSpdx(std::string_view bytes);

}  // namespace vs::parsers
