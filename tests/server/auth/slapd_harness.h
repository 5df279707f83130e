// A real slapd (OpenLDAP 2.5) on 127.0.0.1 for the LDAP backend tests (stack.md §5b): a temp
// dir, free ports, the memberof overlay, plain LDAP plus StartTLS and ldaps with a throwaway CA.
// Stopped by pid in the destructor. Not thread-safe; one per test suite.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

#include "core/result.h"

namespace vs::server::auth::testing {

// The directory the harness loads:
//   cn=admin,dc=example,dc=org / admin-pw                     rootdn
//   cn=vs-search,ou=services,dc=example,dc=org / search-pw    service account
//   uid=alice,ou=people,… / alice-pw   in cn=vs-admins,ou=groups,…
//   uid=bob,ou=people,…   / bob-pw     in cn=team-payments,ou=groups,…
//   uid=carol,ou=people,… / carol-pw   in no group
//   uid=odd(1)*,ou=people,… / odd-pw   in cn=team-payments (a name full of filter metacharacters)
// Anonymous clients may only bind; authenticated ones may read everything but passwords.
inline constexpr std::string_view kBase = "dc=example,dc=org";
inline constexpr std::string_view kServiceDn = "cn=vs-search,ou=services,dc=example,dc=org";
inline constexpr std::string_view kServicePassword = "search-pw";
inline constexpr std::string_view kPeople = "ou=people,dc=example,dc=org";
inline constexpr std::string_view kGroups = "ou=groups,dc=example,dc=org";
inline constexpr std::string_view kAdminsGroup = "cn=vs-admins,ou=groups,dc=example,dc=org";
inline constexpr std::string_view kPaymentsGroup = "cn=team-payments,ou=groups,dc=example,dc=org";

class Slapd {
 public:
  // Creates the temp dir, certificates, config and data, starts slapd and waits until it
  // answers. Errors: kIo or kInternal with the tool's log when any step fails.
  static Result<std::unique_ptr<Slapd>> Start();
  ~Slapd();

  std::string Url() const;       // ldap://127.0.0.1:PORT
  std::string LdapsUrl() const;  // ldaps://127.0.0.1:PORT
  std::string CaFile() const;    // PEM of the CA that signed the server certificate.
  pid_t pid() const { return pid_; }

 private:
  Slapd() = default;
  Status Launch();
  Status AddGroups();

  std::string dir_;
  int port_ = 0;
  int ldaps_port_ = 0;
  pid_t pid_ = -1;
};

// Runs a program (no shell) with its output appended to `log`; returns its exit status.
Result<int> Run(const std::vector<std::string>& argv, const std::string& log);

// A free TCP port on 127.0.0.1, as the kernel hands it out for port 0.
Result<int> FreePort();

}  // namespace vs::server::auth::testing
