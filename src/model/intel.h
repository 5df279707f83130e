// Exploit intelligence keyed by CVE: public exploit code, known exploitation, EPSS.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vs::model {

enum class ExploitSource { kExploitDb, kKev, kPoc, kMetasploit, kCustom };

// One piece of evidence that a vulnerability can be or is exploited.
struct ExploitRef {
  std::string cve;  // Upper-case "CVE-2021-44228".
  ExploitSource source = ExploitSource::kCustom;
  std::string id;         // ExploitDB id, Metasploit module path, KEV date added, source name.
  std::string reference;  // URL or short description.
  bool operator==(const ExploitRef&) const = default;
};

struct EpssScore {
  std::string cve;
  double score = 0;       // Probability of exploitation in the next 30 days, 0..1.
  double percentile = 0;  // 0..1.
  std::string model;      // "v2025.03.14" from the CSV comment line, when present.
  bool operator==(const EpssScore&) const = default;
};

}  // namespace vs::model

namespace vs::model {

// "exploitdb", "kev", "poc", "metasploit", "custom".
std::string_view ExploitSourceName(ExploitSource s);
// Inverse of ExploitSourceName; nullopt for other words.
std::optional<ExploitSource> ParseExploitSource(std::string_view name);

}  // namespace vs::model
