// The vulnscope command line: the table of subcommands (commands.cpp) and the entry point
// that main() calls. Each subcommand lives in its own file and is registered in commands.cpp.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace vs::cli {

// Global options shared by every subcommand.
struct GlobalOptions {
  std::string db;      // --db / VULNSCOPE_DB; default ./vulnscope.db
  std::string config;  // --config
};

// Runs the command line; returns the process exit code (0 ok, 1 gate tripped, 2 error).
int Run(int argc, char** argv);

}  // namespace vs::cli
