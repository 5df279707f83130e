// The "local" auth backend: users kept by vulnscope itself (the store's user table), with
// argon2id password hashes. Thread-safe if the lookup callback is.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "server/auth/identity.h"
#include "server/auth/password.h"

namespace vs::server::auth {

struct LocalUser {
  std::string name;
  std::string password_hash;  // HashPassword() output.
  Role role = Role::kViewer;
  std::string team;
  bool disabled = false;
};

// Finds a user by name: the user, nullopt when there is none, or an error (e.g. kIo) when the
// store cannot answer.
using UserLookup = std::function<Result<std::optional<LocalUser>>(std::string_view name)>;

// Checks passwords against `lookup`. `dummy_cost` should match the cost of stored hashes: an
// unknown user is checked against a dummy hash of that cost, so response time does not reveal
// which names exist. Errors from Authenticate: kAuth (empty password, unknown or disabled user,
// mismatch), the lookup's own errors, kInternal when a stored hash is corrupt. Errors here:
// kInvalidInput for a missing lookup or a cost outside argon2id's limits.
Result<std::unique_ptr<Authenticator>> MakeLocalAuthenticator(
    UserLookup lookup, PasswordCost dummy_cost = PasswordCost::Interactive());

}  // namespace vs::server::auth
