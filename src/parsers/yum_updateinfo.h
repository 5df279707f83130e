// PLACEHOLDER: yum/dnf updateinfo.xml (ALAS, …) — being written.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

int SniffYumUpdateinfo(std::string_view head, std::string_view file_name);
Result<model::Batch> ParseYumUpdateinfo(std::string_view bytes);

}  // namespace vs::parsers
