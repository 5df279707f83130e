#include "model/intel.h"

#include <array>

namespace vs::model {

namespace {
constexpr std::array kNames = {
    std::pair{ExploitSource::kExploitDb, std::string_view("exploitdb")},
    std::pair{ExploitSource::kKev, std::string_view("kev")},
    std::pair{ExploitSource::kPoc, std::string_view("poc")},
    std::pair{ExploitSource::kMetasploit, std::string_view("metasploit")},
    std::pair{ExploitSource::kCustom, std::string_view("custom")},
};
}  // namespace

std::string_view ExploitSourceName(ExploitSource s) {
  for (const auto& [k, n] : kNames)
    if (k == s) return n;
  return "custom";
}

std::optional<ExploitSource> ParseExploitSource(std::string_view name) {
  for (const auto& [k, n] : kNames)
    if (n == name) return k;
  return std::nullopt;
}

}  // namespace vs::model
