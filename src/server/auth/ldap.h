// The "ldap" auth backend: bind as a service account, find the user's DN with an RFC 4515
// escaped filter, bind as the user with their password, then map directory groups to a role and
// a team. One connection per login and no shared state, so it is thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "server/auth/identity.h"

namespace vs::server::auth {

// Members of `group_dn` get `role` (if set) and `team` (if not empty). Admin wins over viewer;
// the team of the first matching rule with one applies.
struct LdapGroupRule {
  std::string group_dn;
  std::optional<Role> role;
  std::string team;
};

struct LdapConfig {
  // "ldap://host:389" or "ldaps://host:636". ldaps and StartTLS verify the server certificate
  // (against `ca_file`, or the system's trust store when empty); there is no way to turn that off.
  std::string url;
  bool start_tls = false;  // Upgrade an ldap:// connection before anything is sent.
  std::string ca_file;
  // Service account that searches for users; empty bind_dn means an anonymous search.
  std::string bind_dn;
  std::string bind_password;
  // Users: subtree search under user_base; every "%s" in user_filter becomes the escaped name.
  std::string user_base;
  std::string user_filter = "(uid=%s)";
  std::string name_attribute = "uid";  // Canonical spelling of the name; the input if absent.
  // Groups: with group_base empty, the user entry's group_attribute lists their group DNs
  // (memberOf). Otherwise a subtree search under group_base with group_filter, where "%s" is
  // the escaped user DN, finds them (groupOfNames with member).
  std::string group_attribute = "memberOf";
  std::string group_base;
  std::string group_filter = "(member=%s)";
  std::vector<LdapGroupRule> groups;
  // Role of a user who is in no group that grants one; nullopt refuses them.
  std::optional<Role> default_role;
  // Bounds connecting and every single operation.
  std::chrono::seconds timeout{5};
};

// Checks the configuration and returns the backend. No connection is made until the first
// login. Errors: kInvalidInput for a missing url or user_base, a filter without "%s", a
// bind_dn without a password (that would be an unauthenticated bind), or StartTLS on ldaps://.
Result<std::unique_ptr<Authenticator>> MakeLdapAuthenticator(LdapConfig config);

// Escapes a value for use inside an LDAP search filter (RFC 4515 §3): '*', '(', ')', '\' and
// NUL become \2a, \28, \29, \5c and \00, so "*)(uid=*" matches only that literal name.
std::string EscapeLdapFilterValue(std::string_view value);

}  // namespace vs::server::auth
