// FIRST EPSS scores (formats.md §7.3): the daily bulk CSV (already gunzipped by the importer), or
// a response of the EPSS API (https://api.first.org/data/v1/epss) → model::EpssScore records.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// Confidence that `head` is EPSS data: a CSV starting with the "#model_version:" comment (100) or
// with the header "cve,epss…" (95), or an API response object with "data" rows that carry "epss"
// and "percentile" (90).
int SniffEpssCsv(std::string_view head, std::string_view file_name);

// Parses EPSS scores into EpssScore{cve, score, percentile, model}. CSV: an optional first line
// "#model_version:v2025.03.14,score_date:…" (its model_version fills `model`), then a header
// naming cve, epss and (optionally) percentile, then one row per CVE. API JSON: {"data":[{cve,
// epss, percentile, date}]} with numbers as strings; `model` stays empty (the API does not say).
// Rows with a bad CVE id or a score outside [0,1] are skipped with a warning. Fails
// (kInvalidInput) when the CSV header lacks cve/epss columns or the JSON has no "data" array.
Result<model::Batch> ParseEpssCsv(std::string_view bytes);

}  // namespace vs::parsers
