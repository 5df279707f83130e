// PLACEHOLDER: Metasploit modules_metadata_base.json — being written.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

int SniffMetasploit(std::string_view head, std::string_view file_name);
Result<model::Batch> ParseMetasploit(std::string_view bytes);

}  // namespace vs::parsers
