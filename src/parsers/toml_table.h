// Parses a TOML lockfile (Cargo.lock, poetry.lock, uv.lock) into a table, with toml++ built
// with or without exceptions; a syntax error is kInvalidInput naming the parser and the line.
#pragma once

#include <string_view>

#include <toml++/toml.h>

#include "core/result.h"

namespace vs::parsers {

Result<toml::table> ParseTomlTable(std::string_view parser_key, std::string_view bytes);

}  // namespace vs::parsers
