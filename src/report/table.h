// A terminal table of scan findings, most severe first, with a one-line summary.
#pragma once

#include <string>

#include "report/report.h"

namespace vs::report {

std::string WriteTable(const ScanReport& report);

}  // namespace vs::report
