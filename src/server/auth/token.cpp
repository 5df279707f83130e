#include "server/auth/token.h"

#include <array>
#include <mutex>

#include <sodium.h>

#include "core/check.h"
#include "server/auth/sodium_init.h"

namespace vs::server::auth {

void EnsureSodium() {
  static std::once_flag once;
  std::call_once(once, [] { VS_CHECK(sodium_init() >= 0, "libsodium failed to initialise"); });
}

std::string NewToken() {
  EnsureSodium();
  std::array<unsigned char, kTokenBytes> raw;
  randombytes_buf(raw.data(), raw.size());
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(kTokenBytes, kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(), kVariant);
  out.resize(out.size() - 1);  // The encoded length counts the terminating NUL.
  sodium_memzero(raw.data(), raw.size());
  return out;
}

std::string NewApiToken() { return std::string(kApiTokenPrefix) + NewToken(); }

std::string HashToken(std::string_view token) {
  EnsureSodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest;
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size());
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  EnsureSodium();
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool LooksLikeApiToken(std::string_view token) {
  if (token.substr(0, kApiTokenPrefix.size()) != kApiTokenPrefix) return false;
  std::string_view body = token.substr(kApiTokenPrefix.size());
  if (body.size() != 43) return false;
  for (char c : body) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace vs::server::auth
