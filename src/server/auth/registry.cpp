#include "server/auth/registry.h"

#include <array>

namespace vs::server::auth {
namespace {

using Factory = Result<std::unique_ptr<Authenticator>> (*)(const BackendOptions&);

struct Backend {
  std::string_view key;
  Factory make;
};

// Sorted by key; one row per backend.
constexpr std::array kBackends = {
    Backend{"ldap", [](const BackendOptions& o) { return MakeLdapAuthenticator(o.ldap); }},
    Backend{"local",
            [](const BackendOptions& o) {
              return MakeLocalAuthenticator(o.local_users, o.password_cost);
            }},
};

}  // namespace

Result<std::unique_ptr<Authenticator>> MakeAuthenticator(std::string_view key,
                                                         const BackendOptions& options) {
  for (const Backend& backend : kBackends) {
    if (backend.key == key) return backend.make(options);
  }
  return Fail(ErrorCode::kInvalidInput, "unknown auth backend \"" + std::string(key) + "\"");
}

std::vector<std::string_view> AuthenticatorKeys() {
  std::vector<std::string_view> keys;
  for (const Backend& backend : kBackends) keys.push_back(backend.key);
  return keys;
}

}  // namespace vs::server::auth
