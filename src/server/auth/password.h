// Password hashing with argon2id (libsodium crypto_pwhash_argon2id_str). The encoded hash
// carries its own salt and cost, so it is the only thing the store keeps. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vs::server::auth {

// argon2id work factors. Interactive (about 90 ms and 64 MiB on our 2-core target) is the
// production default; Min exists for tests only.
struct PasswordCost {
  uint64_t ops_limit = 0;
  size_t mem_limit = 0;
  static PasswordCost Interactive();
  static PasswordCost Moderate();
  static PasswordCost Min();
};

// Checks that `cost` lies within libsodium's argon2id limits. Errors: kInvalidInput.
Status ValidateCost(PasswordCost cost);

// Longest password accepted; argon2 pre-hashes it, so the cap only bounds request handling.
inline constexpr size_t kMaxPasswordBytes = 4096;
// Shortest password `user add` / `passwd` and the admin page accept.
inline constexpr size_t kMinPasswordBytes = 12;

// Returns the encoded hash ("$argon2id$v=19$m=65536,t=2,p=1$salt$hash"). Errors: kInvalidInput
// for an empty or over-long password or a cost outside libsodium's limits; kInternal when
// libsodium cannot allocate the memory the cost asks for.
Result<std::string> HashPassword(std::string_view password,
                                 PasswordCost cost = PasswordCost::Interactive());

// Checks `password` against an encoded hash from HashPassword. Errors: kAuth when it does not
// match or the password is empty; kInvalidInput when `encoded` is not an argon2id hash.
Status VerifyPassword(std::string_view password, std::string_view encoded);

// True when `encoded` was made with a different cost than `cost` (or is not argon2id), so the
// caller should re-hash the password after a successful login.
bool NeedsRehash(std::string_view encoded, PasswordCost cost);

}  // namespace vs::server::auth
