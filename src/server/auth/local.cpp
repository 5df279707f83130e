#include "server/auth/local.h"

#include <mutex>

#include "core/check.h"
#include "server/auth/token.h"

namespace vs::server::auth {
namespace {

class LocalAuthenticator : public Authenticator {
 public:
  LocalAuthenticator(UserLookup lookup, PasswordCost cost)
      : lookup_(std::move(lookup)), cost_(cost) {}

  Result<Identity> Authenticate(std::string_view user, std::string_view password) override {
    if (user.empty()) return Fail(ErrorCode::kAuth, "local: empty user name");
    if (password.empty()) return Fail(ErrorCode::kAuth, "local: empty password");
    auto found = lookup_(user);
    if (!found) return Fail(found.error().WithContext("local: user lookup"));
    if (!*found) {
      // Spend the same argon2id time as for a real user, then refuse.
      (void)VerifyPassword(password, DummyHash());
      return Fail(ErrorCode::kAuth, "local: unknown user");
    }
    const LocalUser& u = **found;
    auto verified = VerifyPassword(password, u.password_hash);
    if (!verified) {
      if (verified.error().code == ErrorCode::kInvalidInput) {
        return Fail(ErrorCode::kInternal, "local: stored hash of " + u.name + " is corrupt");
      }
      return Fail(ErrorCode::kAuth, "local: wrong password");
    }
    // Checked after the password so that a disabled account is not revealed to a guesser.
    if (u.disabled) return Fail(ErrorCode::kAuth, "local: user is disabled");
    return Identity{u.name, u.role, u.team, ""};
  }

 private:
  const std::string& DummyHash() {
    std::call_once(dummy_once_, [this] {
      auto hash = HashPassword(NewToken(), cost_);
      VS_CHECK(hash.has_value(), "cannot hash the dummy password");
      dummy_hash_ = *hash;
    });
    return dummy_hash_;
  }

  const UserLookup lookup_;
  const PasswordCost cost_;
  std::once_flag dummy_once_;
  std::string dummy_hash_;
};

}  // namespace

Result<std::unique_ptr<Authenticator>> MakeLocalAuthenticator(UserLookup lookup,
                                                              PasswordCost dummy_cost) {
  if (!lookup) return Fail(ErrorCode::kInvalidInput, "local: no user lookup configured");
  if (auto valid = ValidateCost(dummy_cost); !valid)
    return Fail(valid.error().WithContext("local"));
  return std::unique_ptr<Authenticator>(
      std::make_unique<LocalAuthenticator>(std::move(lookup), dummy_cost));
}

}  // namespace vs::server::auth
