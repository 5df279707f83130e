// dpkg's database of installed packages (/var/lib/dpkg/status, and the one-stanza files of
// /var/lib/dpkg/status.d/ in distroless images) → model::Package with ecosystem "Debian".
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// Confidence 0..100 that `head` is a dpkg status file: stanzas starting with "Package:", with
// "Status:" (status) or "Version:" (status.d). Apt's Packages indices (with "Filename:") are not
// claimed. The file name is not used.
int SniffDpkgStatus(std::string_view head, std::string_view file_name);

// Parses deb822 stanzas. Keeps packages whose Status is "install ok installed" or
// "hold ok installed", and stanzas without Status (status.d); other states (config-files,
// half-installed, not-installed, deinstall …) are skipped silently. Each package gets
// ecosystem "Debian" (the scanner adds the release from /etc/os-release), arch, source name and
// version from "Source: name (version)" (default: the binary's own), and
// purl pkg:deb/debian/<name>@<version>?arch=<arch>. A stanza without Package or Version, or with
// a line that is neither "Field: value" nor a continuation, becomes a warning. Returns
// kInvalidInput for binary data or text without any "Package:" stanza.
Result<model::Batch> ParseDpkgStatus(std::string_view bytes);

}  // namespace vs::parsers
