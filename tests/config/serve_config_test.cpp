// [server], [ldap], [[collectors]] and [schedule] of vulnscope.toml.
#include <gtest/gtest.h>
#include <stdlib.h>

#include "config/config.h"

namespace vs::config {
namespace {

constexpr const char* kFull = R"toml(
[server]
listen = "0.0.0.0:8443"
tls_cert = "/etc/vulnscope/cert.pem"
tls_key = "/etc/vulnscope/key.pem"
behind_proxy = true
threads = 16
session_idle_minutes = 15
session_absolute_hours = 8
auth = ["ldap", "local"]

[ldap]
url = "ldaps://ldap.example.org"
ca_file = "/etc/ssl/ldap-ca.pem"
bind_dn = "cn=vulnscope,ou=svc,dc=example,dc=org"
bind_password_env = "VS_TEST_LDAP_PW"
user_base = "ou=people,dc=example,dc=org"
user_filter = "(&(objectClass=person)(uid=%s))"
group_base = "ou=groups,dc=example,dc=org"
default_role = "viewer"
timeout_seconds = 3

[[ldap.groups]]
dn = "cn=secops,ou=groups,dc=example,dc=org"
role = "admin"

[[ldap.groups]]
dn = "cn=payments,ou=groups,dc=example,dc=org"
team = "payments"

[schedule]
db_update_minutes = 360
match_minutes = 60
startup_delay_seconds = 5

[[collectors]]
kind = "ssm"
from = "s3://inventory-bucket/sync/"
accounts = ["012345678901", "123456789012"]
regions = ["eu-west-1"]
interval_minutes = 120

[[collectors]]
kind = "ssm"
name = "ssm-athena"
accounts = ["012345678901"]
athena = { database = "ssminventory", workgroup = "vulnscope", output = "s3://athena-results/vs/" }

[[collectors]]
kind = "github"
org = "example"
api_url = "https://ghe.example.org/api/v3"
interval_minutes = 30

[[collectors]]
kind = "prometheus"
url = "http://prometheus:9090"
query = "trivy_vulnerabilities"

[[collectors]]
kind = "prometheus"
exporter = "http://trivy-exporter:9090/metrics"
)toml";

TEST(ServeConfig, EveryTableParses) {
  Result<Config> c = ParseConfig(kFull);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_TRUE(c->warnings.empty()) << c->warnings[0];

  EXPECT_EQ(c->server.listen, "0.0.0.0:8443");
  EXPECT_EQ(c->server.tls_key, "/etc/vulnscope/key.pem");
  EXPECT_TRUE(c->server.behind_proxy);
  EXPECT_EQ(c->server.threads, 16);
  EXPECT_EQ(c->server.session_idle_minutes, 15);
  EXPECT_EQ(c->server.session_absolute_hours, 8);
  EXPECT_EQ(c->server.auth, (std::vector<std::string>{"ldap", "local"}));

  ASSERT_TRUE(c->has_ldap);
  EXPECT_EQ(c->ldap.url, "ldaps://ldap.example.org");
  EXPECT_FALSE(c->ldap.start_tls);
  EXPECT_EQ(c->ldap.user_filter, "(&(objectClass=person)(uid=%s))");
  EXPECT_EQ(c->ldap.name_attribute, "uid");  // Default kept.
  EXPECT_EQ(c->ldap.group_filter, "(member=%s)");
  EXPECT_EQ(c->ldap.default_role, "viewer");
  EXPECT_EQ(c->ldap.timeout_seconds, 3);
  ASSERT_EQ(c->ldap.groups.size(), 2u);
  EXPECT_EQ(c->ldap.groups[0].role, "admin");
  EXPECT_EQ(c->ldap.groups[1].team, "payments");
  EXPECT_EQ(c->ldap.groups[1].role, "");

  EXPECT_EQ(c->schedule.db_update_minutes, 360);
  EXPECT_EQ(c->schedule.match_minutes, 60);
  EXPECT_EQ(c->schedule.startup_delay_seconds, 5);

  ASSERT_EQ(c->collectors.size(), 5u);
  const Collector& ssm = c->collectors[0];
  EXPECT_EQ(ssm.kind, "ssm");
  EXPECT_EQ(ssm.name, "ssm");
  EXPECT_EQ(ssm.accounts, (std::vector<std::string>{"012345678901", "123456789012"}));
  EXPECT_EQ(ssm.interval_minutes, 120);
  EXPECT_FALSE(ssm.athena);
  const Collector& athena = c->collectors[1];
  EXPECT_EQ(athena.name, "ssm-athena");
  EXPECT_TRUE(athena.athena);
  EXPECT_EQ(athena.athena_options.workgroup, "vulnscope");
  EXPECT_EQ(athena.athena_options.output, "s3://athena-results/vs/");
  EXPECT_EQ(athena.interval_minutes, 60);  // Default.
  EXPECT_EQ(c->collectors[2].api_url, "https://ghe.example.org/api/v3");
  EXPECT_EQ(c->collectors[2].interval_minutes, 30);
  // Unnamed repeats of a kind get numbered names.
  EXPECT_EQ(c->collectors[3].name, "prometheus");
  EXPECT_EQ(c->collectors[4].name, "prometheus-2");
  EXPECT_EQ(c->collectors[4].exporter, "http://trivy-exporter:9090/metrics");
}

TEST(ServeConfig, DefaultsWithoutTables) {
  Result<Config> c = ParseConfig("");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->server.auth, std::vector<std::string>{"local"});
  EXPECT_EQ(c->server.session_idle_minutes, 30);
  EXPECT_EQ(c->server.session_absolute_hours, 12);
  EXPECT_FALSE(c->has_ldap);
  EXPECT_TRUE(c->collectors.empty());
  EXPECT_EQ(c->schedule.db_update_minutes, 0);
  EXPECT_EQ(c->schedule.match_minutes, 0);
  EXPECT_EQ(c->schedule.startup_delay_seconds, 30);
}

TEST(ServeConfig, BindPasswordFromEnvironment) {
  Result<Config> c = ParseConfig(kFull);
  ASSERT_TRUE(c);
  unsetenv("VS_TEST_LDAP_PW");
  Result<std::string> missing = LdapBindPassword(c->ldap);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("VS_TEST_LDAP_PW"), std::string::npos);
  setenv("VS_TEST_LDAP_PW", "s3cret-from-env", 1);
  EXPECT_EQ(LdapBindPassword(c->ldap).value(), "s3cret-from-env");
  unsetenv("VS_TEST_LDAP_PW");

  Result<Config> inline_pw = ParseConfig("[ldap]\nbind_password = \"inline-pw\"\n");
  ASSERT_TRUE(inline_pw);
  EXPECT_EQ(LdapBindPassword(inline_pw->ldap).value(), "inline-pw");
  EXPECT_FALSE(ParseConfig("[ldap]\nbind_password = \"a\"\nbind_password_env = \"B\"\n"));
}

// Errors and warnings name the key, never the value: a secret must not reach a log.
TEST(ServeConfig, SecretsNeverInMessages) {
  const std::string secret = "Tr0ub4dor-and-3";
  for (const std::string& text : {
           "[ldap]\nbind_password = [\"" + secret + "\"]\n",  // Wrong type.
           "[ldap]\nbind_password = \"" + secret + "\"\nbind_pasword = \"" + secret + "\"\n",
           "[ldap]\nbind_password = \"" + secret + "\"\ntimeout_seconds = 0\n",
           "[ldap]\nbind_password = \"" + secret + "\"\ndefault_role = \"root\"\n",
       }) {
    Result<Config> c = ParseConfig(text);
    std::string all = c ? "" : c.error().message;
    if (c)
      for (const std::string& w : c->warnings) all += w + "\n";
    EXPECT_FALSE(all.empty()) << text;
    EXPECT_EQ(all.find(secret), std::string::npos) << all;
  }
}

TEST(ServeConfig, UnknownKeysInTablesAreWarnings) {
  Result<Config> c = ParseConfig(
      "[server]\nlisten = \"127.0.0.1:1\"\nhttp2 = true\n[[collectors]]\nkind = \"ssm\"\n"
      "from = \"/x\"\nfrom_dir = \"/y\"\n[schedule]\nfeeds_minutes = 3\n");
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_EQ(c->warnings.size(), 3u);
  std::string all;
  for (const std::string& w : c->warnings) all += w + "\n";
  for (const char* key : {"server.http2", "collectors[0].from_dir", "schedule.feeds_minutes"})
    EXPECT_NE(all.find(std::string("\"") + key + "\""), std::string::npos) << all;
  EXPECT_EQ(c->server.listen, "127.0.0.1:1");
}

TEST(ServeConfig, InvalidValuesAreErrors) {
  for (const char* text : {
           "server = 1\n",
           "[server]\nthreads = \"8\"\n",
           "[server]\nthreads = -1\n",
           "[server]\nbehind_proxy = \"yes\"\n",
           "[server]\nauth = []\n",
           "[server]\nauth = [\"local\", 3]\n",
           "[server]\ntls_cert = \"c.pem\"\n",
           "[server]\nsession_idle_minutes = 0\n",
           "[ldap]\ndefault_role = \"owner\"\n",
           "[[ldap.groups]]\nrole = \"admin\"\n",
           "[[ldap.groups]]\ndn = \"cn=x\"\n",
           "[[ldap.groups]]\ndn = \"cn=x\"\nrole = \"superuser\"\n",
           "[[collectors]]\nfrom = \"/x\"\n",
           "[[collectors]]\nkind = \"ssm\"\ninterval_minutes = 0\n",
           "[[collectors]]\nkind = \"ssm\"\naccounts = \"012345678901\"\n",
           "[[collectors]]\nkind = \"ssm\"\nathena = \"yes\"\n",
           "[[collectors]]\nkind = \"ssm\"\nname = \"a\"\n[[collectors]]\nkind = \"github\"\n"
           "name = \"a\"\n",
           "[schedule]\nmatch_minutes = -5\n",
           "schedule = [1]\n",
       }) {
    Result<Config> c = ParseConfig(text);
    EXPECT_FALSE(c) << text;
    if (!c) {
      EXPECT_EQ(c.error().code, ErrorCode::kInvalidInput);
      EXPECT_EQ(c.error().message.rfind("config: ", 0), 0u) << c.error().message;
    }
  }
}

}  // namespace
}  // namespace vs::config
