// `vulnscope db import PATH... | db update | db status`: the advisory and exploit database.
#pragma once

namespace CLI {
class App;
}

namespace vs::cli {

struct GlobalOptions;
void AddDb(CLI::App& app, GlobalOptions& global);

}  // namespace vs::cli
