// Metasploit Framework's db/modules_metadata_base.json (formats.md §7.4) → one ExploitRef per
// (CVE, module) for exploit and auxiliary modules.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// Confidence that `head` is modules_metadata_base.json: a JSON object whose first key is
// "<module type>_<path>" and whose entries carry "fullname" and "references" (95).
int SniffMetasploit(std::string_view head, std::string_view file_name);

// Parses the module metadata. For each module of type exploit or auxiliary (payloads, post,
// encoders, nops and evasion modules are not exploit code and are skipped silently), every
// "CVE-…" entry in `references` gives ExploitRef{cve, kMetasploit, id = fullname
// ("exploit/multi/http/log4shell_header_injection"), reference = name}. Malformed modules or CVE
// references become warnings. Fails (kInvalidInput) when the document is not a JSON object.
Result<model::Batch> ParseMetasploit(std::string_view bytes);

}  // namespace vs::parsers
