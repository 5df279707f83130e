// vulnscope.toml: every option has a default so that no file is needed. Sections are added
// by the parts that use them; unknown keys are reported as warnings, not errors, so an older
// binary can read a newer file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vs::config {

// One feed that `db update` downloads and imports as the store source `name`.
struct Feed {
  std::string name;  // Store source name: "osv-pypi", "cisa-kev".
  std::string url;
  uint64_t max_bytes = 2ull << 30;
  long timeout_s = 600;
};

// [[ownership]]: which team owns an asset; the first rule that matches wins.
struct Ownership {
  std::string kind;     // "account", "repo" (glob), "namespace" (glob), "tag" ("k=v"), "image".
  std::string pattern;
  std::string team;
};

struct Github {
  std::string org;
  std::string api_url;  // "": https://api.github.com.
  std::string token;    // "": the GITHUB_TOKEN environment variable.
};

struct Config {
  std::string database;     // Empty: the --db / VULNSCOPE_DB / ./vulnscope.db default applies.
  std::vector<Feed> feeds;  // Empty: DefaultFeeds().
  std::vector<Ownership> ownership;
  Github github;
  std::vector<std::string> warnings;
};

// The public feeds used when the configuration lists none: OSV per ecosystem, CISA KEV,
// FIRST EPSS, Exploit-DB and Metasploit's module metadata.
std::vector<Feed> DefaultFeeds();

// Parses TOML text. Errors: kInvalidInput with the line and column of a syntax error, or a
// key of the wrong type.
Result<Config> ParseConfig(std::string_view toml_text);

// Reads and parses `path`. Errors: kNotFound, kIo, or ParseConfig's.
Result<Config> LoadConfig(const std::string& path);

}  // namespace vs::config
