// `vulnscope demo`: builds a local database from the sample data shipped in examples/demo
// (real advisories, an SSM sync tree, repositories and container images), creates an admin
// with a random password printed once, and serves the dashboard.
#pragma once

#include "cli/commands.h"

namespace vs::cli {

void AddDemo(CLI::App& app, GlobalOptions& global);

}  // namespace vs::cli
