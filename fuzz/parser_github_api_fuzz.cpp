// libFuzzer target for the github_api helpers (repository list, error message): they must not
// crash or trip a sanitizer, whatever the bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parsers/github_api.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  vs::Result<std::vector<vs::parsers::GithubRepo>> repos = vs::parsers::ParseGithubRepoList(input);
  if (!repos && repos.error().message.empty()) __builtin_trap();
  if (repos) {
    for (const vs::parsers::GithubRepo& r : *repos)
      if (r.full_name.find('/') == std::string::npos) __builtin_trap();
  }
  (void)vs::parsers::GithubErrorMessage(input);
  return 0;
}
