// `vulnscope scan TARGET | --rootfs DIR [--format table|json|sarif] [--fail-on SEVERITY]
// [--ignore-unfixed]`: a one-shot scan against the local advisory database, for CI gates.
#pragma once

namespace CLI {
class App;
}

namespace vs::cli {

struct GlobalOptions;
void AddScan(CLI::App& app, GlobalOptions& global);

}  // namespace vs::cli
