// libFuzzer target for the request-facing helpers of server/auth: Cookie headers, CSRF tokens,
// Origin/Referer, Set-Cookie building and LDAP filter escaping. Beyond "no crash", it checks
// that an accepted cookie value never carries a header separator, that escaped filter values
// hold no unescaped metacharacter, and that garbage never passes as a CSRF token.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "server/auth/csrf.h"
#include "server/auth/headers.h"
#include "server/auth/ldap.h"

namespace auth = vs::server::auth;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  if (auto value = auth::FindCookie(input, "vs_session")) {
    if (value->size() > input.size()) __builtin_trap();
  }
  auto cookie = auth::BuildSetCookie("vs_session", input, auth::CookieOptions{});
  if (cookie && (cookie->find(';') != input.size() + 11 ||
                 cookie->find_first_of("\r\n") != std::string::npos)) {
    __builtin_trap();
  }

  // A fixed secret: random input must not verify against it (2^-256 by chance).
  static const std::string secret = auth::NewCsrfSecret();
  if (auth::VerifyCsrfToken(secret, input)) __builtin_trap();
  (void)auth::CheckOrigin(input, input, "https://vs.example.org");

  std::string escaped = auth::EscapeLdapFilterValue(input);
  for (size_t i = 0; i < escaped.size(); ++i) {
    char c = escaped[i];
    if (c == '*' || c == '(' || c == ')' || c == '\0') __builtin_trap();
    if (c == '\\') i += 2;  // Always followed by two hex digits.
  }
  return 0;
}
