// Reading documents from the file system: a plain file, a gzip file, a zip or tar archive
// (any compression libarchive knows), or a directory tree of those. Each document reaches the
// callback whole, decompressed, with its name ("all.zip!GHSA-xxxx.json").
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vs::io {

struct ReadLimits {
  uint64_t max_document_bytes = 1ull << 30;  // A single decompressed document.
  uint64_t max_total_bytes = 8ull << 30;     // Everything under one path.
};

// Called once per document; returning an error stops the walk and is returned as is.
using DocumentFn = std::function<Status(std::string_view name, std::string_view bytes)>;

// Walks `path`. Directories are walked in sorted order (deterministic imports), skipping
// hidden entries. Errors: kNotFound, kIo (unreadable, corrupt archive), kInvalidInput (a
// document over the limits).
Status ForEachDocument(const std::string& path, const DocumentFn& fn,
                       const ReadLimits& limits = {});

// Reads one file whole (no decompression). Errors: kNotFound, kIo.
Result<std::string> ReadFile(const std::string& path);

}  // namespace vs::io
