// [server] / [ldap] / [schedule] of vulnscope.toml → the options `vulnscope serve` runs with.
#include <gtest/gtest.h>
#include <stdlib.h>

#include "cli/serve.h"

namespace vs::cli {
namespace {

TEST(ServeOptionsFrom, MapsServerAndLdapTables) {
  Result<config::Config> cfg = config::ParseConfig(R"toml(
[server]
listen = "127.0.0.1:9443"
behind_proxy = true
threads = 6
session_idle_minutes = 10
session_absolute_hours = 2
auth = ["local", "ldap"]
[ldap]
url = "ldap://127.0.0.1:38389"
start_tls = true
bind_dn = "cn=svc,dc=example,dc=org"
bind_password_env = "VS_TEST_SERVE_LDAP_PW"
user_base = "ou=people,dc=example,dc=org"
default_role = "viewer"
timeout_seconds = 7
[[ldap.groups]]
dn = "cn=admins,dc=example,dc=org"
role = "admin"
[[ldap.groups]]
dn = "cn=payments,dc=example,dc=org"
team = "payments"
[schedule]
startup_delay_seconds = 3
)toml");
  ASSERT_TRUE(cfg) << cfg.error().message;
  unsetenv("VS_TEST_SERVE_LDAP_PW");
  // LDAP is a configured backend: its password must be available.
  EXPECT_FALSE(ServeOptionsFrom(*cfg));
  setenv("VS_TEST_SERVE_LDAP_PW", "svc-secret", 1);
  Result<server::ServeOptions> o = ServeOptionsFrom(*cfg);
  unsetenv("VS_TEST_SERVE_LDAP_PW");
  ASSERT_TRUE(o) << o.error().message;
  EXPECT_EQ(o->listen, "127.0.0.1:9443");
  EXPECT_TRUE(o->behind_proxy);
  EXPECT_EQ(o->threads, 6);
  EXPECT_EQ(o->session_idle, std::chrono::minutes(10));
  EXPECT_EQ(o->session_absolute, std::chrono::hours(2));
  EXPECT_EQ(o->auth_backends, (std::vector<std::string>{"local", "ldap"}));
  EXPECT_EQ(o->ldap.url, "ldap://127.0.0.1:38389");
  EXPECT_TRUE(o->ldap.start_tls);
  EXPECT_EQ(o->ldap.bind_password, "svc-secret");
  EXPECT_EQ(o->ldap.user_filter, "(uid=%s)");
  EXPECT_EQ(o->ldap.default_role, server::auth::Role::kViewer);
  EXPECT_EQ(o->ldap.timeout, std::chrono::seconds(7));
  ASSERT_EQ(o->ldap.groups.size(), 2u);
  EXPECT_EQ(o->ldap.groups[0].role, server::auth::Role::kAdmin);
  EXPECT_FALSE(o->ldap.groups[1].role.has_value());
  EXPECT_EQ(o->ldap.groups[1].team, "payments");
  EXPECT_EQ(o->scheduler.first_delay, std::chrono::seconds(3));
}

TEST(ServeOptionsFrom, DefaultsAndLdapWithoutTable) {
  Result<config::Config> empty = config::ParseConfig("");
  ASSERT_TRUE(empty);
  Result<server::ServeOptions> o = ServeOptionsFrom(*empty);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->listen, "127.0.0.1:8080");
  EXPECT_EQ(o->auth_backends, std::vector<std::string>{"local"});
  EXPECT_EQ(o->session_idle, std::chrono::minutes(30));
  EXPECT_FALSE(o->ldap.default_role.has_value());

  Result<config::Config> no_ldap = config::ParseConfig("[server]\nauth = [\"ldap\"]\n");
  ASSERT_TRUE(no_ldap);
  Result<server::ServeOptions> bad = ServeOptionsFrom(*no_ldap);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("[ldap]"), std::string::npos);

  // An [ldap] table that is not used needs no password in the environment.
  Result<config::Config> unused =
      config::ParseConfig("[ldap]\nurl = \"ldap://x\"\nbind_password_env = \"VS_UNSET_X\"\n");
  ASSERT_TRUE(unused);
  unsetenv("VS_UNSET_X");
  EXPECT_TRUE(ServeOptionsFrom(*unused));
}

}  // namespace
}  // namespace vs::cli
