// nomi-sec/PoC-in-GitHub per-CVE files (formats.md §7.5): `<YYYY>/<CVE-ID>.json`, an array of
// GitHub repository-search items, one per public proof-of-concept repository. The CVE id is in
// the file name only, so the importer passes it (Parser::parse_named).
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// Confidence that `head` is such a file: a JSON array of repository items (full_name, html_url,
// stargazers_count) → 85; 95 when `file_name` is a CVE id + ".json".
int SniffPocInGithub(std::string_view head, std::string_view file_name);

// Parses the file named `file_name` (base name "CVE-2021-44228.json"): ExploitRef{the CVE, kPoc,
// id = full_name, reference = html_url} per repository, once per URL. A file name that is not a
// valid CVE id (the tree has junk such as CVE-2021-0000.json) gives an empty batch and a
// warning; items without an html_url are skipped with a warning. Fails (kInvalidInput) when the
// bytes are not a JSON array.
Result<model::Batch> ParsePocInGithubNamed(std::string_view file_name, std::string_view bytes);

// Without a file name there is no CVE id: always kInvalidInput, saying so.
Result<model::Batch> ParsePocInGithub(std::string_view bytes);

}  // namespace vs::parsers
