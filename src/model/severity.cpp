#include "model/severity.h"

#include <array>
#include <string>

namespace vs::model {

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kUnknown: return "unknown";
    case Severity::kNone: return "none";
    case Severity::kLow: return "low";
    case Severity::kMedium: return "medium";
    case Severity::kHigh: return "high";
    case Severity::kCritical: return "critical";
  }
  return "unknown";
}

std::optional<Severity> ParseSeverity(std::string_view word) {
  std::string w;
  w.reserve(word.size());
  for (char c : word) w.push_back(c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c);
  while (!w.empty() && w.back() == ' ') w.pop_back();
  while (!w.empty() && w.front() == ' ') w.erase(w.begin());
  struct Entry {
    std::string_view word;
    Severity level;
  };
  static constexpr std::array kWords = {
      Entry{"", Severity::kUnknown},
      Entry{"critical", Severity::kCritical},
      Entry{"end-of-life", Severity::kUnknown},
      Entry{"high", Severity::kHigh},
      Entry{"important", Severity::kHigh},
      Entry{"low", Severity::kLow},
      Entry{"medium", Severity::kMedium},
      Entry{"moderate", Severity::kMedium},
      Entry{"negligible", Severity::kLow},
      Entry{"none", Severity::kNone},
      Entry{"not yet assigned", Severity::kUnknown},
      Entry{"unimportant", Severity::kLow},
      Entry{"unknown", Severity::kUnknown},
      Entry{"untriaged", Severity::kUnknown},
  };
  for (const Entry& e : kWords)
    if (e.word == w) return e.level;
  return std::nullopt;
}

Severity SeverityFromScore(double score) {
  if (score <= 0.0) return Severity::kNone;
  if (score < 4.0) return Severity::kLow;
  if (score < 7.0) return Severity::kMedium;
  if (score < 9.0) return Severity::kHigh;
  return Severity::kCritical;
}

}  // namespace vs::model
