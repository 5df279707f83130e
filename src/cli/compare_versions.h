// `vulnscope compare-versions --scheme S`: reads "A<TAB>B" lines on stdin and prints one line
// per input: -1, 0, 1 or "error: <reason>" (a contract: scripts outside the project use it).
#pragma once

#include <cstdio>
#include <string_view>

#include "version/scheme.h"

namespace CLI {
class App;
}

namespace vs::cli {

struct GlobalOptions;

// Adds the subcommand to `app`; the returned callback state lives as long as `app`.
void AddCompareVersions(CLI::App& app, GlobalOptions& global);

// Streams `in` to `out` comparing each line under `scheme`. Returns the number of lines read.
size_t CompareVersionStream(const version::Scheme& scheme, std::FILE* in, std::FILE* out);

}  // namespace vs::cli
