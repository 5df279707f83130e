// Advisories as every feed is normalised to: one record per vulnerability id, with the
// aliases that join it to other databases and OSV-style affected ranges.
#pragma once

#include <string>
#include <vector>

#include "model/severity.h"

namespace vs::model {

enum class EventKind { kIntroduced, kFixed, kLastAffected, kLimit };

struct RangeEvent {
  EventKind kind = EventKind::kIntroduced;
  std::string version;  // "0" for introduced-at-the-beginning, "*" for an unbounded limit.
  bool operator==(const RangeEvent&) const = default;
};

enum class RangeType { kEcosystem, kSemver, kGit };

struct AffectedRange {
  RangeType type = RangeType::kEcosystem;
  std::string repo;  // GIT ranges only.
  std::vector<RangeEvent> events;
  bool operator==(const AffectedRange&) const = default;
};

// One affected package of an advisory.
struct Affected {
  std::string ecosystem;  // OSV spelling with release: "Debian:12", "npm", "Amazon Linux:2".
  std::string package;    // As the advisory names it (source package for most distros).
  std::string purl;
  std::vector<AffectedRange> ranges;
  std::vector<std::string> versions;       // Explicitly listed affected versions.
  Severity severity = Severity::kUnknown;  // Per-package rating (distro urgency, Ubuntu priority).
  bool operator==(const Affected&) const = default;
};

struct Reference {
  std::string type;  // OSV reference type: ADVISORY, FIX, WEB, …
  std::string url;
  bool operator==(const Reference&) const = default;
};

struct Advisory {
  std::string id;                    // "GHSA-jfh8-c2jp-5v3q", "ALSA-2023:6283", "CVE-2021-44228".
  std::vector<std::string> aliases;  // Same vulnerability elsewhere (OSV aliases + upstream).
  std::vector<std::string> related;  // Related but not the same (OSV related).
  std::string source;                // Feed key that produced it: "osv", "yum_updateinfo", …
  std::string summary;
  std::string details;
  std::string published;  // RFC 3339 as given.
  std::string modified;
  Severity severity = Severity::kUnknown;  // The database's own rating (GHSA, ALAS, RHSA, …).
  std::string cvss_vector;  // Highest-version CVSS vector given ("CVSS:3.1/AV:N/…").
  double cvss_score = -1;   // Base score from the vector; -1 when none.
  std::vector<Affected> affected;
  std::vector<Reference> references;
  bool operator==(const Advisory&) const = default;
};

// Folds a second record with the same id into `into` (Alpine names one CVE the same way in
// every release's document; a feed may repeat a record; two sources may carry two versions).
// The newer record (by `modified`; a tie keeps `into`'s) gives the text, dates, ratings and
// references and its affected packages; the older one adds the (ecosystem, package) pairs the
// newer does not list. Aliases and related ids are the union.
void MergeAdvisory(Advisory& into, Advisory&& other);

}  // namespace vs::model
