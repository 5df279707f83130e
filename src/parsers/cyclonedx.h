// PLACEHOLDER: CycloneDX 1.4–1.7 JSON SBOM — being written.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

int SniffCyclonedx(std::string_view head, std::string_view file_name);
Result<model::Batch> ParseCyclonedx(std::string_view bytes);

}  // namespace vs::parsers
