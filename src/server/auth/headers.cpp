#include "server/auth/headers.h"

namespace vs::server::auth {
namespace {

// RFC 7230 tchar: the characters of a cookie name (RFC 6265 §4.1.1 cookie-name = token).
bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// RFC 6265 §4.1.1 cookie-octet: US-ASCII except controls, space, '"', ',', ';' and '\'.
bool IsCookieOctet(char c) {
  auto u = static_cast<unsigned char>(c);
  return u == 0x21 || (u >= 0x23 && u <= 0x2B) || (u >= 0x2D && u <= 0x3A) ||
         (u >= 0x3C && u <= 0x5B) || (u >= 0x5D && u <= 0x7E);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view ContentSecurityPolicy() {
  return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
         "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
         "base-uri 'none'; object-src 'none'";
}

HeaderList SecurityHeaders(bool https) {
  HeaderList headers = {
      {"Content-Security-Policy", std::string(ContentSecurityPolicy())},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "same-origin"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Cross-Origin-Resource-Policy", "same-origin"},
      {"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"},
      {"Cache-Control", "no-store"},
  };
  // Sent only over HTTPS: browsers ignore it on plain HTTP, and a test instance on
  // http://127.0.0.1 must not pin the name to HTTPS.
  if (https) headers.emplace_back("Strict-Transport-Security", "max-age=31536000");
  return headers;
}

bool WantSecureCookies(bool tls, bool behind_proxy) { return tls || behind_proxy; }

std::string_view SessionCookieName(bool secure) {
  return secure ? "__Host-vs_session" : "vs_session";
}

Result<std::string> BuildSetCookie(std::string_view name, std::string_view value,
                                   const CookieOptions& options) {
  if (name.empty()) return Fail(ErrorCode::kInvalidInput, "cookie name is empty");
  for (char c : name) {
    if (!IsTokenChar(c)) return Fail(ErrorCode::kInvalidInput, "cookie name is not a token");
  }
  for (char c : value) {
    if (!IsCookieOctet(c)) {
      return Fail(ErrorCode::kInvalidInput, "cookie value holds a character outside cookie-octet");
    }
  }
  if (options.path.empty() || options.path.front() != '/') {
    return Fail(ErrorCode::kInvalidInput, "cookie path must start with '/'");
  }
  for (char c : options.path) {
    auto u = static_cast<unsigned char>(c);
    if (c == ';' || u < 0x20 || u == 0x7F) {
      return Fail(ErrorCode::kInvalidInput, "cookie path holds ';' or a control character");
    }
  }
  if (name.starts_with("__Host-") && (!options.secure || options.path != "/")) {
    return Fail(ErrorCode::kInvalidInput, "__Host- cookies need Secure and Path=/");
  }
  if (options.max_age && options.max_age->count() < 0) {
    return Fail(ErrorCode::kInvalidInput, "cookie Max-Age is negative");
  }
  std::string out;
  out.append(name).append("=").append(value);
  out.append("; Path=").append(options.path);
  if (options.max_age) out.append("; Max-Age=").append(std::to_string(options.max_age->count()));
  if (options.http_only) out.append("; HttpOnly");
  if (options.secure) out.append("; Secure");
  out.append(options.same_site == SameSite::kStrict ? "; SameSite=Strict" : "; SameSite=Lax");
  return out;
}

Result<std::string> BuildClearCookie(std::string_view name, const CookieOptions& options) {
  CookieOptions clear = options;
  clear.max_age = std::chrono::seconds(0);
  return BuildSetCookie(name, "", clear);
}

std::optional<std::string_view> FindCookie(std::string_view cookie_header, std::string_view name) {
  while (!cookie_header.empty()) {
    size_t end = cookie_header.find(';');
    std::string_view pair = Trim(cookie_header.substr(0, end));
    cookie_header =
        end == std::string_view::npos ? std::string_view() : cookie_header.substr(end + 1);
    size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (Trim(pair.substr(0, eq)) != name) continue;
    std::string_view value = Trim(pair.substr(eq + 1));
    // RFC 6265 allows a value in double quotes; the quotes are not part of it.
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    return value;
  }
  return std::nullopt;
}

}  // namespace vs::server::auth
