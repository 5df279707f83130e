// PLACEHOLDER: npm package-lock.json v1–v3 — being written.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

int SniffPackageLock(std::string_view head, std::string_view file_name);
Result<model::Batch> ParsePackageLock(std::string_view bytes);

}  // namespace vs::parsers
