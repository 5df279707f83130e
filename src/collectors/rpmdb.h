// The rpm database of a root filesystem (sqlite, ndb or BerkeleyDB format), read through
// librpm. Returns one Package per installed rpm with its EVR and source rpm name. Thread-safe:
// calls are serialised, because librpm keeps its macros and log hook in global state.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "model/package.h"

namespace vs::collectors {

// Reads <rootfs>/var/lib/rpm or <rootfs>/usr/lib/sysimage/rpm (first found). Packages have an
// empty ecosystem (the caller knows the distribution), version "[epoch:]version-release" with
// the epoch only when non-zero (as the rpm_qa parser), arch, and source name/version from
// SOURCERPM; gpg-pubkey entries are left out. Errors: kNotFound when `rootfs` has no rpm
// database; kIo when librpm cannot read it (its message included; nothing is printed).
Result<std::vector<model::Package>> ReadRpmDatabase(const std::string& rootfs);

}  // namespace vs::collectors
