// Compact JSON encodings of the nested parts of an advisory (affected ranges, references,
// id lists) shared by the store backends. Decoding uses simdjson: start-up loads every
// advisory, so this is on the index-build path.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "model/advisory.h"

namespace vs::store {

std::string EncodeStrings(const std::vector<std::string>& values);
Result<std::vector<std::string>> DecodeStrings(std::string_view json);

// A JSON object of strings (asset tags).
std::string EncodeStringMap(const std::map<std::string, std::string>& values);
Result<std::map<std::string, std::string>> DecodeStringMap(std::string_view json);

std::string EncodeRanges(const std::vector<model::AffectedRange>& ranges);
Result<std::vector<model::AffectedRange>> DecodeRanges(std::string_view json);

// An advisory's affected packages as one JSON array of
// [ecosystem, package, purl, severity, ranges, versions] (ranges as EncodeRanges writes them),
// so that an advisory is one row: the import benchmark measured a row per affected package at
// over half the import time.
void AppendAffected(std::string& out, const std::vector<model::Affected>& affected);
Result<std::vector<model::Affected>> DecodeAffected(std::string_view json);

std::string EncodeReferences(const std::vector<model::Reference>& refs);
Result<std::vector<model::Reference>> DecodeReferences(std::string_view json);

}  // namespace vs::store
