// The scan JSON contract (scripts outside the project read it; change only by adding fields):
// {"target", "os": {"family","release"}|null, "findings": [{"vulnerability_id", "aliases",
//  "severity", "cvss_score", "package": {"ecosystem","name","version"}, "fixed_version",
//  "exploit": {"exploitdb", "kev", "poc", "metasploit", "epss"}}]}
#pragma once

#include <string>

#include "report/report.h"

namespace vs::report {

std::string WriteJson(const ScanReport& report);

}  // namespace vs::report
