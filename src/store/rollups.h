// Rollup tables (migration 6): finding counts kept in step by triggers on both backends, read
// by Aggregate for the dashboard's unfiltered and team-scoped views. The statements are
// exposed so that bulk loaders (the search benchmark) can drop the triggers, load, rebuild the
// counts in one pass and re-create the triggers.
#pragma once

#include <string>
#include <vector>

#include "store/sql/connection.h"

namespace vs::store {

// Tables, initial counts and triggers: the statements of migration 6.
std::vector<std::string> RollupMigration(sql::Dialect dialect);
std::vector<std::string> RollupTriggers(sql::Dialect dialect);
std::vector<std::string> RollupTriggerDrops(sql::Dialect dialect);
// Recomputes every rollup from the findings (portable SQL).
std::vector<std::string> RollupRebuild();

}  // namespace vs::store
