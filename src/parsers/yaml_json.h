// YAML → JSON text, so that feeds published in both forms (OSV YAML records, Alpine secdb YAML)
// go through one JSON parser and give identical batches. Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace vs::parsers {

// Converts the single YAML document in `yaml` to compact JSON text. Mappings → objects (keys
// must be scalars), sequences → arrays, YAML null (`~`, `null`, an empty value) → null, every
// other scalar → a JSON *string* with its text as written (`1.0` → "1.0", `true` → "true"):
// the feeds this serves only read strings, and keeping the text avoids number reformatting.
// Bytes that are not valid UTF-8 are read as Latin-1 (yaml-cpp decodes the escapes "\_" and
// "\N" to the raw bytes 0xA0/0x85), so the output is always valid UTF-8.
// Fails with kInvalidInput ("<key>: not YAML: ...") on a syntax error, a non-scalar key, more
// than 256 levels of nesting, or output over 64× the input size (alias bombs).
Result<std::string> YamlToJson(std::string_view yaml, std::string_view key);

// True when some line of `text` starts at column 0 with `name` followed by ':' (a top-level
// mapping key of a block-style YAML document) — a cheap test for sniffers.
bool HasTopLevelYamlKey(std::string_view text, std::string_view name);

}  // namespace vs::parsers
