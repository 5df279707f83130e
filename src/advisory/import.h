// `db import`: read a file, directory or archive, detect each document's format from its
// content, parse, and replace one store source with the result in a single transaction.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "model/batch.h"
#include "store/store.h"

namespace vs::advisory {

struct ImportReport {
  std::string source;   // Store source name that was replaced.
  std::string formats;  // Parser keys seen, comma-separated, sorted.
  size_t documents = 0;
  size_t advisories = 0;
  size_t exploits = 0;
  size_t epss = 0;
  std::vector<model::Warning> warnings;  // Per-record warnings (prefixed with the document).
};

// Parses every document under `path` into one batch. Documents no parser recognises are a
// warning inside directories and archives, an error for a single file. A document that its
// parser rejects fails the whole call. Only advisory and intel formats are accepted.
Result<model::Batch> ParseFeedPath(const std::string& path, std::string* formats,
                                   size_t* documents);

// ParseFeedPath + Store::ReplaceSource(source.name). `source` carries the name and, for feed
// updates, the HTTP validators to remember; format and counts are filled in here. On any
// failure the store keeps what the source had before and, when `record_failure`, the failure
// is recorded on the source (creating it if new, so a feed that never worked is visible).
Result<ImportReport> ImportPath(store::Store& store, const std::string& path,
                                store::SourceInfo source, bool record_failure = true);

// The default source name for `db import PATH`: the absolute, normalised path, so that
// re-importing the same file replaces its previous records.
std::string SourceNameForPath(const std::string& path);

}  // namespace vs::advisory
