// PLACEHOLDER: apk database (lib/apk/db/installed) — being written.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

int SniffApkInstalled(std::string_view head, std::string_view file_name);
Result<model::Batch> ParseApkInstalled(std::string_view bytes);

}  // namespace vs::parsers
