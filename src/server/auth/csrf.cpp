#include "server/auth/csrf.h"

#include <array>
#include <optional>

#include <sodium.h>

#include "server/auth/sodium_init.h"
#include "server/auth/token.h"

namespace vs::server::auth {
namespace {

constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
using Raw = std::array<unsigned char, kTokenBytes>;
using Masked = std::array<unsigned char, 2 * kTokenBytes>;

// Decodes unpadded base64url into exactly N bytes; nullopt on any other input.
template <size_t N>
std::optional<std::array<unsigned char, N>> Decode(std::string_view text) {
  if (text.size() != sodium_base64_ENCODED_LEN(N, kVariant) - 1) return std::nullopt;
  std::array<unsigned char, N> out;
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, &end,
                        kVariant) != 0 ||
      len != N || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return out;
}

std::string Encode(const unsigned char* data, size_t size) {
  std::string out(sodium_base64_ENCODED_LEN(size, kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, kVariant);
  out.pop_back();
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// "scheme://host[:port]" of an absolute URL; empty when it has none.
std::string_view OriginOf(std::string_view url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return {};
  size_t path = url.find_first_of("/?#", scheme_end + 3);
  return url.substr(0, path);
}

}  // namespace

std::string NewCsrfSecret() { return NewToken(); }

Result<std::string> MaskCsrfToken(std::string_view secret) {
  EnsureSodium();
  auto raw = Decode<kTokenBytes>(secret);
  if (!raw) return Fail(ErrorCode::kInvalidInput, "csrf: malformed session secret");
  Masked masked;
  randombytes_buf(masked.data(), kTokenBytes);
  for (size_t i = 0; i < kTokenBytes; ++i) masked[kTokenBytes + i] = masked[i] ^ (*raw)[i];
  std::string out = Encode(masked.data(), masked.size());
  sodium_memzero(raw->data(), raw->size());
  return out;
}

Status VerifyCsrfToken(std::string_view secret, std::string_view submitted) {
  EnsureSodium();
  if (submitted.empty()) return Fail(ErrorCode::kAuth, "csrf: token missing");
  auto raw = Decode<kTokenBytes>(secret);
  auto masked = Decode<2 * kTokenBytes>(submitted);
  if (!raw || !masked) return Fail(ErrorCode::kAuth, "csrf: token malformed");
  Raw unmasked;
  for (size_t i = 0; i < kTokenBytes; ++i) unmasked[i] = (*masked)[i] ^ (*masked)[kTokenBytes + i];
  bool ok = sodium_memcmp(unmasked.data(), raw->data(), kTokenBytes) == 0;
  sodium_memzero(unmasked.data(), unmasked.size());
  sodium_memzero(raw->data(), raw->size());
  if (!ok) return Fail(ErrorCode::kAuth, "csrf: token mismatch");
  return Ok();
}

bool IsSafeMethod(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

Status CheckCsrf(std::string_view method, std::string_view secret, std::string_view submitted) {
  if (IsSafeMethod(method)) return Ok();
  return VerifyCsrfToken(secret, submitted);
}

Status CheckOrigin(std::string_view origin, std::string_view referer, std::string_view expected) {
  std::string_view seen = origin;
  if (seen.empty() && !referer.empty()) {
    seen = OriginOf(referer);
    if (seen.empty()) return Fail(ErrorCode::kAuth, "csrf: referer is not an absolute URL");
  }
  if (seen.empty()) return Ok();
  // Browsers send "null" from sandboxed frames and some redirects: never our own pages.
  if (!EqualsIgnoreCase(seen, expected)) {
    return Fail(ErrorCode::kAuth, "csrf: request from origin " + std::string(seen));
  }
  return Ok();
}

}  // namespace vs::server::auth
