// The LDAP backend against a real slapd on 127.0.0.1 (slapd_harness.h): logins, injection,
// group mapping, TLS and failures of the directory itself.
#include "server/auth/ldap.h"

#include <chrono>

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/server/auth/slapd_harness.h"

namespace vs::server::auth {
namespace {

using testing::Slapd;

class LdapTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto started = Slapd::Start();
    ASSERT_TRUE(started) << started.error().message;
    slapd_ = started->release();
  }
  static void TearDownTestSuite() {
    delete slapd_;
    slapd_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(slapd_, nullptr) << "slapd did not start"; }

  // Service account, memberOf groups, admins → admin, payments → viewer of team payments.
  static LdapConfig Config() {
    LdapConfig c;
    c.url = slapd_->Url();
    c.bind_dn = std::string(testing::kServiceDn);
    c.bind_password = std::string(testing::kServicePassword);
    c.user_base = std::string(testing::kPeople);
    c.user_filter = "(&(objectClass=inetOrgPerson)(uid=%s))";
    c.groups = {{std::string(testing::kAdminsGroup), Role::kAdmin, ""},
                {std::string(testing::kPaymentsGroup), Role::kViewer, "payments"}};
    c.timeout = std::chrono::seconds(5);
    return c;
  }
  static Result<Identity> Login(const LdapConfig& config, std::string_view user,
                                std::string_view password) {
    auto auth = MakeLdapAuthenticator(config);
    if (!auth) return Fail(auth.error());
    return (*auth)->Authenticate(user, password);
  }

  static Slapd* slapd_;
};
Slapd* LdapTest::slapd_ = nullptr;

TEST_F(LdapTest, GoodLoginMapsAdminGroupToAdmin) {
  auto id = Login(Config(), "alice", "alice-pw");
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(id->name, "alice");
  EXPECT_EQ(id->role, Role::kAdmin);
  EXPECT_EQ(id->team, "");
  EXPECT_EQ(id->dn, "uid=alice,ou=people,dc=example,dc=org");
}

TEST_F(LdapTest, TeamGroupGivesViewerWithTeam) {
  auto id = Login(Config(), "bob", "bob-pw");
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(id->role, Role::kViewer);
  EXPECT_EQ(id->team, "payments");
}

TEST_F(LdapTest, NameIsTheDirectorySpelling) {
  // uid matching is case-insensitive in the directory; the identity carries its spelling.
  auto id = Login(Config(), "ALICE", "alice-pw");
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(id->name, "alice");
}

TEST_F(LdapTest, WrongPasswordIsAuthError) {
  auto id = Login(Config(), "alice", "bob-pw");
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, ErrorCode::kAuth);
  EXPECT_NE(id.error().message.find("wrong password"), std::string::npos);
}

TEST_F(LdapTest, EmptyPasswordRefusedBeforeAnyBind) {
  // An unreachable server proves no connection was attempted: the refusal comes first.
  LdapConfig config = Config();
  config.url = "ldap://127.0.0.1:1";
  auto id = Login(config, "alice", "");
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, ErrorCode::kAuth);
  EXPECT_NE(id.error().message.find("empty password"), std::string::npos);
  EXPECT_EQ(Login(Config(), "alice", "").error().code, ErrorCode::kAuth);
}

TEST_F(LdapTest, UnknownUserIsAuthError) {
  auto id = Login(Config(), "mallory", "alice-pw");
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, ErrorCode::kAuth);
  EXPECT_NE(id.error().message.find("unknown user"), std::string::npos);
}

TEST_F(LdapTest, FilterMetacharactersDoNotMatchOtherUsers) {
  // Unescaped, "ali*" would find alice and log in with her password, and "*)(uid=*" would
  // widen the filter; escaped, each is just a name nobody has.
  for (std::string_view user : {"ali*", "*", "*)(uid=*", "alice)(|(uid=*", "a\\2a", "*)(|(cn=*"}) {
    auto id = Login(Config(), user, "alice-pw");
    ASSERT_FALSE(id) << user;
    EXPECT_EQ(id.error().code, ErrorCode::kAuth) << user;
  }
}

TEST_F(LdapTest, NameWithMetacharactersLogsInWhenItExists) {
  // Escaping must keep such a name searchable, not just refuse it.
  auto id = Login(Config(), "odd(1)*", "odd-pw");
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(id->name, "odd(1)*");
  EXPECT_EQ(id->team, "payments");
}

TEST_F(LdapTest, UserInNoGroupIsRefusedUnlessDefaultRole) {
  auto id = Login(Config(), "carol", "carol-pw");
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, ErrorCode::kAuth);
  EXPECT_NE(id.error().message.find("no authorised group"), std::string::npos);

  LdapConfig config = Config();
  config.default_role = Role::kViewer;
  auto viewer = Login(config, "carol", "carol-pw");
  ASSERT_TRUE(viewer) << viewer.error().message;
  EXPECT_EQ(viewer->role, Role::kViewer);
  EXPECT_EQ(viewer->team, "");
}

TEST_F(LdapTest, GroupSearchModeFindsGroupOfNamesMembers) {
  LdapConfig config = Config();
  config.group_base = std::string(testing::kGroups);
  config.group_filter = "(&(objectClass=groupOfNames)(member=%s))";
  auto id = Login(config, "bob", "bob-pw");
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(id->role, Role::kViewer);
  EXPECT_EQ(id->team, "payments");
  // The user DN "uid=odd(1)*,…" must be escaped inside the group filter too.
  auto odd = Login(config, "odd(1)*", "odd-pw");
  ASSERT_TRUE(odd) << odd.error().message;
  EXPECT_EQ(odd->team, "payments");
}

TEST_F(LdapTest, GroupRulesCompareDnsIgnoringCaseAndSpacing) {
  LdapConfig config = Config();
  config.groups = {{"CN=VS-Admins, OU=Groups, DC=Example, DC=Org", Role::kAdmin, "sec"}};
  auto id = Login(config, "alice", "alice-pw");
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(id->role, Role::kAdmin);
  EXPECT_EQ(id->team, "sec");
}

TEST_F(LdapTest, AdminRuleWinsAndFirstTeamApplies) {
  LdapConfig config = Config();
  // bob is only in payments; give payments both a viewer rule and, later, an admin rule.
  config.groups = {{std::string(testing::kPaymentsGroup), Role::kViewer, "payments"},
                   {std::string(testing::kPaymentsGroup), Role::kAdmin, "other"}};
  auto id = Login(config, "bob", "bob-pw");
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(id->role, Role::kAdmin);
  EXPECT_EQ(id->team, "payments");
}

TEST_F(LdapTest, ServiceBindFailureIsNotAnAuthError) {
  // A wrong service password is the operator's problem: it must not count as the user's
  // failed login, nor be reported as one.
  LdapConfig config = Config();
  config.bind_password = "wrong";
  auto id = Login(config, "alice", "alice-pw");
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, ErrorCode::kInternal);
  EXPECT_NE(id.error().message.find("service bind"), std::string::npos);
}

TEST_F(LdapTest, AnonymousSearchWithoutRightsIsAConfigError) {
  // This directory lets anonymous clients only bind, so it hides the user base from an
  // anonymous search (noSuchObject). That is the operator's mistake, not a rejected login.
  LdapConfig config = Config();
  config.bind_dn.clear();
  config.bind_password.clear();
  auto id = Login(config, "alice", "alice-pw");
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(id.error().message.find("ou=people,dc=example,dc=org does not exist"),
            std::string::npos)
      << id.error().message;
}

TEST_F(LdapTest, StartTlsWithTrustedCa) {
  LdapConfig config = Config();
  config.start_tls = true;
  config.ca_file = slapd_->CaFile();
  auto id = Login(config, "alice", "alice-pw");
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(id->role, Role::kAdmin);
}

TEST_F(LdapTest, LdapsWithTrustedCa) {
  LdapConfig config = Config();
  config.url = slapd_->LdapsUrl();
  config.ca_file = slapd_->CaFile();
  auto id = Login(config, "bob", "bob-pw");
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(id->team, "payments");
}

TEST_F(LdapTest, UntrustedCertificateIsRefused) {
  // Without our CA the server certificate does not verify; nothing may be sent in clear
  // instead.
  LdapConfig config = Config();
  config.start_tls = true;
  auto id = Login(config, "alice", "alice-pw");
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, ErrorCode::kNetwork);

  config = Config();
  config.url = slapd_->LdapsUrl();
  auto ldaps = Login(config, "alice", "alice-pw");
  ASSERT_FALSE(ldaps);
  EXPECT_NE(ldaps.error().code, ErrorCode::kAuth);
}

TEST_F(LdapTest, UnreachableServerIsNetworkError) {
  auto port = testing::FreePort();
  ASSERT_TRUE(port);
  LdapConfig config = Config();
  config.url = "ldap://127.0.0.1:" + std::to_string(*port);
  auto id = Login(config, "alice", "alice-pw");
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, ErrorCode::kNetwork);
}

TEST_F(LdapTest, SilentServerTimesOut) {
  // A socket that accepts connections (the kernel does) but never answers.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(fd, 4), 0);
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  LdapConfig config = Config();
  config.url = "ldap://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  config.timeout = std::chrono::seconds(1);
  auto start = std::chrono::steady_clock::now();
  auto id = Login(config, "alice", "alice-pw");
  auto elapsed = std::chrono::steady_clock::now() - start;
  close(fd);
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, ErrorCode::kNetwork);
  EXPECT_LT(elapsed, std::chrono::seconds(4));
}

TEST(LdapConfigTest, RejectsUnsafeOrIncompleteConfig) {
  LdapConfig good;
  good.url = "ldap://127.0.0.1:389";
  good.user_base = "ou=people,dc=example,dc=org";
  EXPECT_TRUE(MakeLdapAuthenticator(good));

  auto expect_invalid = [](LdapConfig c, std::string_view why) {
    auto made = MakeLdapAuthenticator(std::move(c));
    ASSERT_FALSE(made) << why;
    EXPECT_EQ(made.error().code, ErrorCode::kInvalidInput) << why;
    EXPECT_NE(made.error().message.find(why), std::string::npos) << made.error().message;
  };
  LdapConfig c = good;
  c.url = "";
  expect_invalid(c, "url is not set");
  c = good;
  c.url = "http://x";
  expect_invalid(c, "ldap:// or ldaps://");
  c = good;
  c.url = "ldaps://x";
  c.start_tls = true;
  expect_invalid(c, "StartTLS");
  c = good;
  c.user_base = "";
  expect_invalid(c, "user_base");
  c = good;
  c.user_filter = "(uid=alice)";
  expect_invalid(c, "user_filter lacks %s");
  c = good;
  c.group_base = "ou=groups,dc=example,dc=org";
  c.group_filter = "(member=x)";
  expect_invalid(c, "group_filter lacks %s");
  c = good;
  c.bind_dn = "cn=svc,dc=example,dc=org";
  expect_invalid(c, "unauthenticated bind");
  c = good;
  c.timeout = std::chrono::seconds(0);
  expect_invalid(c, "timeout");
}

TEST(LdapFilterEscape, EscapesRfc4515Specials) {
  EXPECT_EQ(EscapeLdapFilterValue("alice"), "alice");
  EXPECT_EQ(EscapeLdapFilterValue("*)(uid=*"), "\\2a\\29\\28uid=\\2a");
  EXPECT_EQ(EscapeLdapFilterValue("a\\b"), "a\\5cb");
  EXPECT_EQ(EscapeLdapFilterValue(std::string_view("a\0b", 3)), "a\\00b");
  // UTF-8 passes through: RFC 4515 allows it unescaped.
  EXPECT_EQ(EscapeLdapFilterValue("jürgen"), "jürgen");
}

}  // namespace
}  // namespace vs::server::auth
