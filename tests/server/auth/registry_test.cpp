#include "server/auth/registry.h"

#include <algorithm>

#include <gtest/gtest.h>

namespace vs::server::auth {
namespace {

TEST(AuthRegistry, KeysAreSortedAndKnown) {
  auto keys = AuthenticatorKeys();
  EXPECT_EQ(keys, (std::vector<std::string_view>{"ldap", "local"}));
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
}

TEST(AuthRegistry, BuildsEachBackendFromItsOptions) {
  BackendOptions options;
  options.password_cost = PasswordCost::Min();
  auto hash = HashPassword("pw", PasswordCost::Min());
  ASSERT_TRUE(hash);
  options.local_users = [&](std::string_view name) -> Result<std::optional<LocalUser>> {
    if (name != "u") return std::optional<LocalUser>();
    return std::optional<LocalUser>(LocalUser{"u", *hash, Role::kAdmin, "", false});
  };
  auto local = MakeAuthenticator("local", options);
  ASSERT_TRUE(local) << local.error().message;
  auto id = (*local)->Authenticate("u", "pw");
  ASSERT_TRUE(id);
  EXPECT_EQ(id->role, Role::kAdmin);

  // The ldap row passes its own config through, so its validation applies.
  auto ldap = MakeAuthenticator("ldap", options);
  ASSERT_FALSE(ldap);
  EXPECT_NE(ldap.error().message.find("ldap: url"), std::string::npos);
  options.ldap.url = "ldap://127.0.0.1:389";
  options.ldap.user_base = "dc=example,dc=org";
  EXPECT_TRUE(MakeAuthenticator("ldap", options));
}

TEST(AuthRegistry, UnknownKeyIsInvalidInput) {
  auto made = MakeAuthenticator("kerberos", BackendOptions{});
  ASSERT_FALSE(made);
  EXPECT_EQ(made.error().code, ErrorCode::kInvalidInput);
  EXPECT_FALSE(MakeAuthenticator("LDAP", BackendOptions{}));
}

TEST(Roles, NamesRoundTrip) {
  for (Role r : {Role::kAdmin, Role::kViewer}) EXPECT_EQ(ParseRole(RoleName(r)), r);
  EXPECT_EQ(ParseRole("Admin"), std::nullopt);
  EXPECT_EQ(ParseRole(""), std::nullopt);
}

}  // namespace
}  // namespace vs::server::auth
