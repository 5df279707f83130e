#include "server/auth/local.h"

#include <map>

#include <gtest/gtest.h>

namespace vs::server::auth {
namespace {

const PasswordCost kFast = PasswordCost::Min();

// An in-memory user table standing in for the store, counting lookups.
struct Users {
  std::map<std::string, LocalUser, std::less<>> by_name;
  int lookups = 0;
  bool broken = false;

  void Add(std::string name, std::string_view password, Role role, std::string team = "",
           bool disabled = false) {
    auto hash = HashPassword(password, kFast);
    ASSERT_TRUE(hash);
    by_name[name] = LocalUser{name, *hash, role, std::move(team), disabled};
  }
  UserLookup Lookup() {
    return [this](std::string_view name) -> Result<std::optional<LocalUser>> {
      ++lookups;
      if (broken) return Fail(ErrorCode::kIo, "database is locked");
      auto it = by_name.find(name);
      if (it == by_name.end()) return std::optional<LocalUser>();
      return std::optional<LocalUser>(it->second);
    };
  }
};

class LocalAuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    users_.Add("admin", "admin-pw", Role::kAdmin);
    users_.Add("pat", "pat-pw", Role::kViewer, "payments");
    users_.Add("gone", "gone-pw", Role::kViewer, "", /*disabled=*/true);
    auto made = MakeLocalAuthenticator(users_.Lookup(), kFast);
    ASSERT_TRUE(made) << made.error().message;
    auth_ = std::move(*made);
  }
  Users users_;
  std::unique_ptr<Authenticator> auth_;
};

TEST_F(LocalAuthTest, GoodLoginReturnsStoredRoleAndTeam) {
  auto id = auth_->Authenticate("pat", "pat-pw");
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(*id, (Identity{"pat", Role::kViewer, "payments", ""}));
  auto admin = auth_->Authenticate("admin", "admin-pw");
  ASSERT_TRUE(admin);
  EXPECT_EQ(admin->role, Role::kAdmin);
}

TEST_F(LocalAuthTest, WrongPasswordUnknownAndDisabledUsersAreAuthErrors) {
  struct Case {
    std::string_view user, password, reason;
  };
  for (const Case& c :
       {Case{"pat", "admin-pw", "wrong password"}, Case{"nobody", "pat-pw", "unknown user"},
        Case{"gone", "gone-pw", "disabled"}}) {
    auto id = auth_->Authenticate(c.user, c.password);
    ASSERT_FALSE(id) << c.user;
    EXPECT_EQ(id.error().code, ErrorCode::kAuth);
    EXPECT_NE(id.error().message.find(c.reason), std::string::npos) << id.error().message;
  }
}

TEST_F(LocalAuthTest, EmptyPasswordOrNameRefusedWithoutLookup) {
  EXPECT_EQ(auth_->Authenticate("pat", "").error().code, ErrorCode::kAuth);
  EXPECT_EQ(auth_->Authenticate("", "pat-pw").error().code, ErrorCode::kAuth);
  EXPECT_EQ(users_.lookups, 0);
}

TEST_F(LocalAuthTest, StoreFailureIsNotAnAuthError) {
  users_.broken = true;
  auto id = auth_->Authenticate("pat", "pat-pw");
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, ErrorCode::kIo);
}

TEST_F(LocalAuthTest, CorruptStoredHashIsInternalError) {
  users_.by_name["pat"].password_hash = "plaintext-pw";
  auto id = auth_->Authenticate("pat", "plaintext-pw");
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, ErrorCode::kInternal);
}

TEST(LocalAuth, RejectsMissingLookupOrBadCost) {
  EXPECT_FALSE(MakeLocalAuthenticator(nullptr, kFast));
  Users users;
  auto bad = MakeLocalAuthenticator(users.Lookup(), PasswordCost{1, 1});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
}

}  // namespace
}  // namespace vs::server::auth
