// Internal to server/auth: libsodium must be initialised once before any other call.
#pragma once

namespace vs::server::auth {

// Calls sodium_init() once per process (thread-safe); aborts if libsodium cannot start,
// because no random numbers means no safe session ids.
void EnsureSodium();

}  // namespace vs::server::auth
