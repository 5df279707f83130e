// PLACEHOLDER: CISA Known Exploited Vulnerabilities JSON — being written.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

int SniffCisaKev(std::string_view head, std::string_view file_name);
Result<model::Batch> ParseCisaKev(std::string_view bytes);

}  // namespace vs::parsers
