// Random secrets (session ids, API tokens, CSRF tokens) and their storage hashes. Thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace vs::server::auth {

// 256 bits of randomness per token.
inline constexpr size_t kTokenBytes = 32;
// Prefix of API tokens, so secret scanners and people recognise a leaked one.
inline constexpr std::string_view kApiTokenPrefix = "vs_";

// A new random token: 32 bytes from the OS CSPRNG, base64url without padding (43 chars).
std::string NewToken();

// A new API token, "vs_" + NewToken(). It is shown to its owner once; only HashToken(token) is
// stored.
std::string NewApiToken();

// Lower-case hex SHA-256 of `token`, the form in which session ids and API tokens are stored.
// A fast hash is right here, unlike for passwords: the input is 256 random bits, so there is
// nothing to guess and no dictionary to slow down; a stolen table of hashes cannot be reversed,
// and lookups by hash stay cheap on every request.
std::string HashToken(std::string_view token);

// Compares two secrets in time that depends only on their lengths (lengths are not secret).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// True when `token` has the shape of NewApiToken()'s output (prefix, 43 base64url chars).
bool LooksLikeApiToken(std::string_view token);

}  // namespace vs::server::auth
