#include "cli/compare_versions.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "version/registry.h"

namespace vs::cli {
namespace {

// Writes one answer line; errors never contain newlines, so the output stays one line per input.
void WriteAnswer(const Result<int>& r, std::FILE* out) {
  if (r) {
    std::fputs(*r < 0 ? "-1\n" : (*r > 0 ? "1\n" : "0\n"), out);
    return;
  }
  std::string msg = r.error().message;
  for (char& c : msg)
    if (c == '\n' || c == '\r') c = ' ';
  std::fputs("error: ", out);
  std::fwrite(msg.data(), 1, msg.size(), out);
  std::fputc('\n', out);
}

}  // namespace

size_t CompareVersionStream(const version::Scheme& scheme, std::FILE* in, std::FILE* out) {
  size_t lines = 0;
  char* buf = nullptr;
  size_t cap = 0;
  ssize_t len;
  while ((len = getline(&buf, &cap, in)) >= 0) {
    ++lines;
    std::string_view line(buf, static_cast<size_t>(len));
    if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t tab = line.find('\t');
    if (tab == std::string_view::npos) {
      std::fputs("error: expected two versions separated by a tab\n", out);
      continue;
    }
    WriteAnswer(scheme.compare(line.substr(0, tab), line.substr(tab + 1)), out);
  }
  std::free(buf);
  return lines;
}

void AddCompareVersions(CLI::App& app, GlobalOptions&) {
  auto scheme = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "compare-versions",
      "Order version pairs read from stdin as A<TAB>B lines (-1, 0, 1 or error)");
  std::vector<std::string> keys;
  for (const version::Scheme& s : version::AllSchemes()) keys.emplace_back(s.key);
  cmd->add_option("--scheme", *scheme, "Version scheme")->required()->check(CLI::IsMember(keys));
  cmd->callback([scheme] {
    Result<const version::Scheme*> s = version::FindScheme(*scheme);
    if (!s) throw CLI::ValidationError("--scheme", s.error().message);
    // A large stdout buffer: one write per 1 MiB instead of one per line.
    static char buffer[1 << 20];
    std::setvbuf(stdout, buffer, _IOFBF, sizeof(buffer));
    CompareVersionStream(**s, stdin, stdout);
    std::fflush(stdout);
  });
}

}  // namespace vs::cli
