// `vulnscope match [--full]`: re-evaluate stored inventories against the advisory store.
#pragma once

#include "cli/commands.h"

namespace vs::cli {

void AddMatch(CLI::App& app, GlobalOptions& global);

}  // namespace vs::cli
