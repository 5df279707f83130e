// `vulnscope search` and `vulnscope assets`: the store's search contract on the command line.
#pragma once

#include "cli/commands.h"

namespace vs::cli {

void AddSearch(CLI::App& app, GlobalOptions& global);
void AddAssets(CLI::App& app, GlobalOptions& global);

}  // namespace vs::cli
