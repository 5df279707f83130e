// `vulnscope serve`, and `user` / `token` administration of the dashboard's accounts.
#pragma once

#include "cli/commands.h"

namespace vs::cli {

void AddServe(CLI::App& app, GlobalOptions& global);
void AddUser(CLI::App& app, GlobalOptions& global);
void AddToken(CLI::App& app, GlobalOptions& global);

}  // namespace vs::cli
