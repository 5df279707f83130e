// SARIF 2.1.0 for code-scanning UIs (GitHub, GitLab, Azure DevOps): one rule per
// vulnerability, one result per finding located at the manifest or target it came from.
#pragma once

#include <string>

#include "report/report.h"

namespace vs::report {

std::string WriteSarif(const ScanReport& report);

}  // namespace vs::report
