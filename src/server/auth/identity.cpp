#include "server/auth/identity.h"

namespace vs::server::auth {

std::string_view RoleName(Role role) { return role == Role::kAdmin ? "admin" : "viewer"; }

std::optional<Role> ParseRole(std::string_view name) {
  if (name == "admin") return Role::kAdmin;
  if (name == "viewer") return Role::kViewer;
  return std::nullopt;
}

}  // namespace vs::server::auth
