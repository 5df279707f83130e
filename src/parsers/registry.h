// Format key → parser, and content-based format detection. The table lives in registry.cpp;
// adding a format is one file and one line there.
#pragma once

#include <span>
#include <string_view>

#include "core/result.h"
#include "parsers/parser.h"

namespace vs::parsers {

// All parsers, sorted by key.
std::span<const Parser> AllParsers();

// Returns the parser registered under `key`, or kUnsupported.
Result<const Parser*> FindParser(std::string_view key);

// Picks the parser most confident about `head` (see SniffFn). Returns kUnsupported naming the
// file when no parser recognises it.
Result<const Parser*> DetectFormat(std::string_view head, std::string_view file_name);

}  // namespace vs::parsers
