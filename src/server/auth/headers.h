// Security response headers and Set-Cookie values, as pure functions of the deployment (TLS,
// behind a proxy) so every response gets the same policy from one place.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace vs::server::auth {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// The Content-Security-Policy of every page: scripts, styles, images and fonts only from our
// own origin (no inline script or style, no eval), no plugins, no framing by anyone, forms
// post only to us. Charts are inline <svg> elements styled by attributes, which CSP allows.
std::string_view ContentSecurityPolicy();

// Headers for every response: CSP, X-Content-Type-Options: nosniff, X-Frame-Options: DENY (for
// browsers without frame-ancestors), Referrer-Policy: same-origin (filter URLs name accounts and
// hosts; they must not leak to external reference links), Cross-Origin-Opener-Policy,
// Cross-Origin-Resource-Policy, Permissions-Policy and Cache-Control: no-store (vulnerability
// data must not sit in shared caches). With `https`, also Strict-Transport-Security.
HeaderList SecurityHeaders(bool https);

// Cookies are Secure when the browser talks HTTPS to us: directly (TLS) or through a
// TLS-terminating proxy (behind_proxy), which is the only supported way to run behind one.
bool WantSecureCookies(bool tls, bool behind_proxy);

// The session cookie's name. Secure cookies use the "__Host-" prefix, which browsers accept
// only with Secure, Path=/ and no Domain, so a sibling subdomain cannot plant or shadow it.
std::string_view SessionCookieName(bool secure);

enum class SameSite { kLax, kStrict };

struct CookieOptions {
  bool secure = true;
  bool http_only = true;
  SameSite same_site = SameSite::kLax;  // Lax: links from chat or mail still open the page.
  std::string path = "/";
  std::optional<std::chrono::seconds> max_age;  // nullopt: a browser-session cookie.
};

// A Set-Cookie header value: "name=value; Path=/; Max-Age=N; HttpOnly; Secure; SameSite=Lax".
// Errors: kInvalidInput when `name` is not an RFC 6265 token, `value` holds characters outside
// cookie-octet, the path holds ';' or control characters, or a "__Host-" name is not Secure
// with Path=/.
Result<std::string> BuildSetCookie(std::string_view name, std::string_view value,
                                   const CookieOptions& options);

// A Set-Cookie value that deletes `name` (empty value, Max-Age=0), for logout.
Result<std::string> BuildClearCookie(std::string_view name, const CookieOptions& options);

// The value of cookie `name` in a Cookie request header ("a=1; b=2"); nullopt when absent.
// The first occurrence wins, as browsers send the most specific path first.
std::optional<std::string_view> FindCookie(std::string_view cookie_header, std::string_view name);

}  // namespace vs::server::auth
