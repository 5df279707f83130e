// /etc/os-release (and /usr/lib/os-release): the OS of a root filesystem, mapped to the OSV
// ecosystem its packages are matched in ("Debian:12", "Alpine:v3.19", "AlmaLinux:9", …).
#pragma once

#include <optional>
#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

int SniffOsRelease(std::string_view head, std::string_view file_name);
// Batch.os is set when ID is a distribution we match; otherwise a warning names it.
Result<model::Batch> ParseOsRelease(std::string_view bytes);

// The OSV ecosystem for an os-release ID and VERSION_ID ("debian", "12.4" → "Debian:12"), or
// nullopt when the distribution is not one we have advisories for.
std::optional<model::OsInfo> OsInfoFor(std::string_view id, std::string_view version_id);

}  // namespace vs::parsers
