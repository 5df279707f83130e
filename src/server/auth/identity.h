// Who a user is once a backend has verified them, and the interface every auth backend
// implements. Plain data; the interface's implementations must be thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vs::server::auth {

// admin: everything, including users, tokens and suppressions. viewer: read only, limited to
// `team` when the identity has one.
enum class Role { kViewer, kAdmin };

// "admin" or "viewer".
std::string_view RoleName(Role role);
// Parses "admin" / "viewer" (exact, lower case); nullopt for anything else.
std::optional<Role> ParseRole(std::string_view name);

struct Identity {
  std::string name;  // Canonical user name (the directory's spelling for LDAP).
  Role role = Role::kViewer;
  std::string team;  // Empty: not limited to a team.
  std::string dn;    // LDAP distinguished name; empty for local users.
  bool operator==(const Identity&) const = default;
};

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // Verifies `password` for `user`. Returns the identity on success. Errors: kAuth when the
  // credentials are rejected (unknown user, wrong or empty password, no authorised group) —
  // only these count towards login throttling, and their message is for the audit log, never
  // for the client; kNetwork when the backend cannot be reached or times out; kInternal or
  // kInvalidInput when the backend itself is misconfigured (e.g. a rejected service bind).
  virtual Result<Identity> Authenticate(std::string_view user, std::string_view password) = 0;
};

}  // namespace vs::server::auth
