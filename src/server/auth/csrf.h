// CSRF protection with the synchroniser token pattern: each session holds one secret token
// (made at login, stored with the session); every form carries a masked copy in a hidden field
// (or the X-CSRF-Token header for scripts), checked on every state-changing request.
// Stateless functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace vs::server::auth {

// Name of the hidden form field and of the header that carry the masked token.
inline constexpr std::string_view kCsrfField = "csrf_token";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

// A new per-session secret (NewToken(): 256 random bits, base64url).
std::string NewCsrfSecret();

// The value to embed in a page: base64url(pad || pad XOR secret) with a fresh random pad, so the
// bytes differ on every response and compression side channels (BREACH) cannot recover the
// secret. Errors: kInvalidInput when `secret` is not a NewCsrfSecret() value.
Result<std::string> MaskCsrfToken(std::string_view secret);

// Checks a submitted masked token against the session's secret, in constant time. Errors:
// kAuth when it is missing, malformed or for another secret.
Status VerifyCsrfToken(std::string_view secret, std::string_view submitted);

// GET, HEAD and OPTIONS change nothing (our routes keep it so) and need no token.
bool IsSafeMethod(std::string_view method);

// The whole check for one request: safe methods pass; others need VerifyCsrfToken. Errors as
// VerifyCsrfToken's.
Status CheckCsrf(std::string_view method, std::string_view secret, std::string_view submitted);

// Defence in depth beside the token: a state-changing request whose Origin (or, without one,
// Referer) names another origin than `expected` ("https://vs.example.org") is refused. Requests
// carrying neither header pass (some privacy tools strip both; the token still protects them).
// Errors: kAuth for a foreign or "null" origin.
Status CheckOrigin(std::string_view origin, std::string_view referer, std::string_view expected);

}  // namespace vs::server::auth
