// What most subcommands share: the configuration, the store, and applying a collection with
// the matcher loaded from the store.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "cli/commands.h"
#include "collectors/report_import.h"
#include "config/config.h"
#include "core/result.h"
#include "match/engine.h"
#include "model/asset.h"
#include "store/store.h"

namespace vs::cli {

using collectors::ParseOsOption;

// --config FILE, else ./vulnscope.toml when it exists, else defaults. Warnings go to stderr.
Result<config::Config> LoadConfigFor(const GlobalOptions& global);

// The database: --db / VULNSCOPE_DB, else the config's `database`, else ./vulnscope.db.
std::string DatabaseFor(const GlobalOptions& global, const config::Config& cfg);

std::vector<store::OwnershipRule> OwnershipRules(const config::Config& cfg);

// Applies `collection` with the matcher loaded from `store` into `engine` on first use (an
// import of many documents loads the advisories once); prints the run summary on stderr.
// Returns the exit code: 0 ok, 2 failed (the store keeps its previous state).
int ApplyCollection(store::Store& store, const config::Config& cfg,
                    const model::Collection& collection, std::optional<match::Engine>& engine);

// Prints "vulnscope: <message>" and returns 2.
int Error(const std::string& message);

}  // namespace vs::cli
