// Bundler's Gemfile.lock (also gems.locked) → RubyGems packages. Pure functions, no state.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// 0..100: a source section ("GEM", "GIT", "PATH") followed by "  specs:"; the names
// Gemfile.lock and gems.locked raise it.
int SniffGemfileLock(std::string_view head, std::string_view file_name);

// Returns one package per distinct (name, version) from the specs of every GEM section: lines
// "    rack (2.2.3)" (four spaces). A platform suffix is dropped the way Bundler splits it, at
// the first '-' ("nokogiri (1.13.10-x86_64-linux)" → 1.13.10). GIT sections are skipped with a
// warning per gem (the code is a git revision, not the released gem); PATH sections (the
// project's own gems) silently. Empty input gives an empty batch; text without any source
// section fails with kInvalidInput ("gemfile_lock: …").
Result<model::Batch> ParseGemfileLock(std::string_view bytes);

}  // namespace vs::parsers
