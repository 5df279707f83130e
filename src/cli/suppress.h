// `vulnscope suppress add|list|remove`: accepted risks that hide findings until they expire.
#pragma once

#include "cli/commands.h"

namespace vs::cli {

void AddSuppress(CLI::App& app, GlobalOptions& global);

}  // namespace vs::cli
