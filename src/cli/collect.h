// `vulnscope collect ssm|github|prometheus`: run one collector and apply its collection to
// the store in one transaction (a failed run is recorded and changes nothing).
#pragma once

#include "cli/commands.h"

namespace vs::cli {

void AddCollect(CLI::App& app, GlobalOptions& global);
// `vulnscope github enable-alerts --org ORG [--apply]`.
void AddGithub(CLI::App& app, GlobalOptions& global);

}  // namespace vs::cli
