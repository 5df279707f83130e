// The contract of a parser: one format's bytes in, a model::Batch out. Pure — no files, network
// or database — so every parser is golden-tested and fuzzed on its own.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// kReport: results of another scanner or inventory service that name their assets
// (Trivy, Vuls, SARIF, Dependabot alerts, SSM inventory) → Batch::reports.
enum class Kind { kAdvisory, kIntel, kInventory, kReport };

// How sure a parser is that `head` (the first bytes of a document, at most 64 KiB) is its
// format: 0 = not mine, 100 = certain. `file_name` is the base name, used only by formats that
// content alone cannot identify (requirements.txt, go.sum); feed formats ignore it.
using SniffFn = int (*)(std::string_view head, std::string_view file_name);

// Parses a whole document. Returns the records plus per-record warnings; fails (kInvalidInput)
// only when the document as a whole is unreadable.
using ParseFn = Result<model::Batch> (*)(std::string_view bytes);
// The same for formats whose records are named by their file (PoC-in-GitHub's CVE-….json):
// `file_name` is the document's base name.
using ParseNamedFn = Result<model::Batch> (*)(std::string_view file_name, std::string_view bytes);

struct Parser {
  std::string_view key;  // "osv": registry key, file name, CLI and config value.
  Kind kind;
  std::string_view description;
  SniffFn sniff;
  ParseFn parse;
  ParseNamedFn parse_named = nullptr;  // Used instead of `parse` when the file name is known.
};

}  // namespace vs::parsers
