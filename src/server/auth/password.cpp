#include "server/auth/password.h"

#include <sodium.h>

#include "server/auth/sodium_init.h"

namespace vs::server::auth {

PasswordCost PasswordCost::Interactive() {
  return {crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE, crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE};
}
PasswordCost PasswordCost::Moderate() {
  return {crypto_pwhash_argon2id_OPSLIMIT_MODERATE, crypto_pwhash_argon2id_MEMLIMIT_MODERATE};
}
PasswordCost PasswordCost::Min() {
  return {crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN};
}

namespace {

constexpr std::string_view kPrefix = "$argon2id$";

// crypto_pwhash_*_str_verify reads a NUL-terminated string of at most STRBYTES - 1 chars.
Result<std::string> EncodedString(std::string_view encoded) {
  if (encoded.substr(0, kPrefix.size()) != kPrefix || encoded.size() >= crypto_pwhash_STRBYTES ||
      encoded.find('\0') != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidInput, "password hash is not an argon2id hash");
  }
  return std::string(encoded);
}

}  // namespace

Status ValidateCost(PasswordCost cost) {
  if (cost.ops_limit < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
      cost.ops_limit > crypto_pwhash_argon2id_OPSLIMIT_MAX ||
      cost.mem_limit < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
      cost.mem_limit > crypto_pwhash_argon2id_MEMLIMIT_MAX) {
    return Fail(ErrorCode::kInvalidInput, "argon2id cost outside libsodium's limits");
  }
  return Ok();
}

Result<std::string> HashPassword(std::string_view password, PasswordCost cost) {
  EnsureSodium();
  if (password.empty()) return Fail(ErrorCode::kInvalidInput, "password is empty");
  if (password.size() > kMaxPasswordBytes) {
    return Fail(ErrorCode::kInvalidInput, "password is longer than 4096 bytes");
  }
  if (auto valid = ValidateCost(cost); !valid) return Fail(valid.error());
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_argon2id_str(out, password.data(), password.size(), cost.ops_limit,
                                 cost.mem_limit) != 0) {
    return Fail(ErrorCode::kInternal, "argon2id: out of memory");
  }
  return std::string(out);
}

Status VerifyPassword(std::string_view password, std::string_view encoded) {
  EnsureSodium();
  auto str = EncodedString(encoded);
  if (!str) return Fail(str.error());
  if (password.empty()) return Fail(ErrorCode::kAuth, "password is empty");
  if (password.size() > kMaxPasswordBytes) return Fail(ErrorCode::kAuth, "password mismatch");
  // libsodium compares in constant time; -1 also covers a malformed parameter block.
  if (crypto_pwhash_argon2id_str_verify(str->c_str(), password.data(), password.size()) != 0) {
    return Fail(ErrorCode::kAuth, "password mismatch");
  }
  return Ok();
}

bool NeedsRehash(std::string_view encoded, PasswordCost cost) {
  EnsureSodium();
  auto str = EncodedString(encoded);
  if (!str) return true;
  return crypto_pwhash_argon2id_str_needs_rehash(str->c_str(), cost.ops_limit, cost.mem_limit) != 0;
}

}  // namespace vs::server::auth
