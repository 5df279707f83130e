// The auth backend registry (style.md §1 "auth backend"): backend key → factory, as one sorted
// table in registry.cpp. The key is also the config value (`auth.backend = "ldap"`).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "server/auth/ldap.h"
#include "server/auth/local.h"
#include "server/auth/password.h"

namespace vs::server::auth {

// Everything any backend may need; each backend reads only its own part.
struct BackendOptions {
  LdapConfig ldap;                                           // "ldap"
  UserLookup local_users;                                    // "local": the store's user table.
  PasswordCost password_cost = PasswordCost::Interactive();  // "local": cost of the dummy hash.
};

// Builds the backend registered under `key` ("ldap", "local"). Errors: kInvalidInput for an
// unknown key or a backend configuration it rejects.
Result<std::unique_ptr<Authenticator>> MakeAuthenticator(std::string_view key,
                                                         const BackendOptions& options);

// The registered keys, sorted.
std::vector<std::string_view> AuthenticatorKeys();

}  // namespace vs::server::auth
