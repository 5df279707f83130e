// Golden-file testing for parsers (style.md §5): a Batch is dumped as canonical JSON (sorted
// keys, records in parser order) and compared with tests/testdata/parsers/<key>/<case>.golden.json.
// VS_UPDATE_GOLDEN=1 rewrites the golden files instead; review the diff like code.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers::testing {

// Canonical, pretty-printed JSON of a batch (empty sections left out).
std::string DumpBatch(const model::Batch& batch);

// Absolute path of tests/testdata/parsers/<key>/<name>.
std::string TestdataPath(std::string_view key, std::string_view name);

// Reads a test input; a .gz file is decompressed. Aborts the test binary when it is missing.
std::string ReadTestdata(std::string_view key, std::string_view name);

// Compares DumpBatch(batch) with <case>.golden.json (or rewrites it under VS_UPDATE_GOLDEN).
// Returns "" when equal, else a short description of the first difference.
std::string CompareGolden(const model::Batch& batch, std::string_view key,
                          std::string_view case_name);

}  // namespace vs::parsers::testing
