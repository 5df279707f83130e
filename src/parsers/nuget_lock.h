// PLACEHOLDER: NuGet packages.lock.json — being written.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

int SniffNugetLock(std::string_view head, std::string_view file_name);
Result<model::Batch> ParseNugetLock(std::string_view bytes);

}  // namespace vs::parsers
