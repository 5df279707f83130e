#include "collectors/github.h"

#include <algorithm>
#include <chrono>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/fakes/github/fake_github.h"

namespace vs::collectors {
namespace {

using std::chrono::milliseconds;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

const model::AssetReport* FindAsset(const model::Collection& c, std::string_view key) {
  for (const model::AssetReport& r : c.assets)
    if (r.asset.key == key) return &r;
  return nullptr;
}

// Starts a fake per test (its scenario state is per process) and records every wait.
class GithubCollect : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<fakes::FakeGithub> fake = fakes::FakeGithub::Start();
    ASSERT_TRUE(fake) << fake.error().message;
    fake_.emplace(std::move(*fake));
    options_.org = "octo-org";
    options_.token = "test-token";
    options_.api_url = fake_->url();
    options_.per_page = 2;
    options_.initial_backoff = milliseconds(10);
    options_.sleep = [this](milliseconds d) { sleeps_.push_back(d); };
  }

  std::optional<fakes::FakeGithub> fake_;
  GithubOptions options_;
  std::vector<milliseconds> sleeps_;
};

TEST_F(GithubCollect, FollowsCursorLinksAcrossPagesAndGroupsByRepository) {
  Result<model::Collection> c = CollectGithub(options_);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->source, "github");
  EXPECT_EQ(c->finding_source, "dependabot");
  EXPECT_EQ(c->scopes, std::vector<std::string>{"github:octo-org"});
  EXPECT_EQ(c->stats["pages"], "3");
  EXPECT_EQ(c->stats["alerts"], "5");
  EXPECT_EQ(c->stats["warnings"], "0");
  ASSERT_EQ(c->assets.size(), 2u);
  EXPECT_EQ(c->asset_scopes, (std::vector<std::string>{"github:octo-org", "github:octo-org"}));

  const model::AssetReport* repo = FindAsset(*c, "github.com/octo-org/octo-repo");
  ASSERT_NE(repo, nullptr);
  EXPECT_EQ(repo->asset.kind, model::AssetKind::kRepository);
  EXPECT_EQ(repo->asset.repo, "octo-org/octo-repo");
  EXPECT_FALSE(repo->has_inventory);
  ASSERT_EQ(repo->findings.size(), 2u);
  EXPECT_EQ(repo->findings[0].external_id, "2");
  EXPECT_EQ(repo->findings[0].status, "suppressed");
  EXPECT_EQ(repo->findings[0].package.ecosystem, "PyPI");
  EXPECT_EQ(repo->findings[1].external_id, "3");

  const model::AssetReport* hello = FindAsset(*c, "github.com/octo-org/hello-world");
  ASSERT_NE(hello, nullptr);
  ASSERT_EQ(hello->findings.size(), 3u);
  EXPECT_EQ(hello->findings[0].status, "open");
  EXPECT_EQ(hello->findings[2].external_id, "5");
  EXPECT_EQ(hello->findings[2].status, "resolved");
  EXPECT_EQ(hello->asset.manifests, std::vector<std::string>{"path/to/requirements.txt"});

  // The first URL is ours; the rest are GitHub's Link targets, followed verbatim. Never `page`
  // (GitHub rejects it) and no `state` filter (all states).
  std::vector<std::string> log = Lines(fake_->Log());
  ASSERT_EQ(log.size(), 3u) << fake_->Log();
  EXPECT_EQ(log[0], "GET /orgs/octo-org/dependabot/alerts?per_page=2 auth=yes inm=- -> 200");
  for (size_t i = 1; i < log.size(); ++i) {
    EXPECT_EQ(log[i].rfind("GET /organizations/90123456/dependabot/alerts?per_page=2&after=", 0),
              0u)
        << log[i];
  }
  for (const std::string& line : log) {
    EXPECT_EQ(line.find("?page="), std::string::npos) << line;
    EXPECT_EQ(line.find("&page="), std::string::npos) << line;
    EXPECT_EQ(line.find("state="), std::string::npos);
  }
  EXPECT_TRUE(sleeps_.empty());
}

TEST_F(GithubCollect, AsksForOneHundredPerPageByDefault) {
  options_.per_page = GithubOptions().per_page;
  Result<model::Collection> c = CollectGithub(options_);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->stats["pages"], "1");
  EXPECT_EQ(c->stats["alerts"], "5");
  EXPECT_EQ(Lines(fake_->Log()),
            std::vector<std::string>{
                "GET /orgs/octo-org/dependabot/alerts?per_page=100 auth=yes inm=- -> 200"});
}

TEST_F(GithubCollect, EtagCacheTurnsUnchangedPagesInto304s) {
  GithubEtagCache cache;
  options_.cache = &cache;
  Result<model::Collection> first = CollectGithub(options_);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(cache.entries.size(), 3u);
  Result<model::Collection> second = CollectGithub(options_);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->stats["not_modified"], "3");
  EXPECT_EQ(first->assets, second->assets);
  std::vector<std::string> log = Lines(fake_->Log());
  ASSERT_EQ(log.size(), 6u);
  for (size_t i = 3; i < 6; ++i) {
    EXPECT_NE(log[i].find("inm=W/\""), std::string::npos) << log[i];
    EXPECT_NE(log[i].find("-> 304"), std::string::npos) << log[i];
  }
}

TEST_F(GithubCollect, PrimaryRateLimitWaitsUntilReset) {
  options_.org = "primary-limit";
  Result<model::Collection> c = CollectGithub(options_);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->stats["alerts"], "5");
  // The fake resets 2 s after the 403; we wait until then plus 1 s of skew.
  ASSERT_EQ(sleeps_.size(), 1u);
  EXPECT_GE(sleeps_[0], milliseconds(1000));
  EXPECT_LE(sleeps_[0], milliseconds(4000));
  EXPECT_NE(fake_->Log().find("-> 403"), std::string::npos);
}

TEST_F(GithubCollect, PrimaryRateLimitResettingBeyondTheCapFails) {
  options_.org = "primary-limit-long";
  Result<model::Collection> c = CollectGithub(options_);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kNetwork);
  EXPECT_NE(c.error().message.find("primary rate limit"), std::string::npos) << c.error().message;
  EXPECT_TRUE(sleeps_.empty());
  EXPECT_EQ(Lines(fake_->Log()).size(), 1u);
}

TEST_F(GithubCollect, ARequestThatUsesUpThePrimaryLimitDelaysTheNextOne) {
  options_.org = "exhausted";
  Result<model::Collection> c = CollectGithub(options_);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->stats["alerts"], "5");
  ASSERT_EQ(sleeps_.size(), 1u);  // Before page 2, without provoking a 403 first.
  EXPECT_GE(sleeps_[0], milliseconds(1000));
  EXPECT_EQ(fake_->Log().find("-> 403"), std::string::npos);
}

TEST_F(GithubCollect, AnAlertRepeatedOnTheNextPageIsKeptOnce) {
  options_.org = "duplicates";
  Result<model::Collection> c = CollectGithub(options_);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->stats["pages"], "3");
  EXPECT_EQ(c->stats["alerts"], "5");
  EXPECT_EQ(c->stats["duplicates"], "1");
  const model::AssetReport* hello = FindAsset(*c, "github.com/octo-org/hello-world");
  ASSERT_NE(hello, nullptr);
  EXPECT_EQ(hello->findings.size(), 3u);
}

TEST_F(GithubCollect, SecondaryRateLimitHonoursRetryAfterThenWaitsAMinimum) {
  options_.org = "secondary-limit";
  options_.secondary_wait = std::chrono::seconds(7);
  Result<model::Collection> c = CollectGithub(options_);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->stats["alerts"], "5");
  // 403 with Retry-After: 1 → 1 s; 429 with the secondary message and no Retry-After → the
  // minimum secondary wait.
  EXPECT_EQ(sleeps_, (std::vector<milliseconds>{milliseconds(1000), milliseconds(7000)}));
  std::string log = fake_->Log();
  EXPECT_NE(log.find("-> 403"), std::string::npos);
  EXPECT_NE(log.find("-> 429"), std::string::npos);
}

TEST_F(GithubCollect, AFailingPageIsRetried) {
  options_.org = "flaky";
  Result<model::Collection> c = CollectGithub(options_);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->stats["alerts"], "5");
  EXPECT_EQ(sleeps_, std::vector<milliseconds>{milliseconds(10)});
  std::vector<std::string> log = Lines(fake_->Log());
  ASSERT_EQ(log.size(), 4u);
  EXPECT_NE(log[1].find("-> 502"), std::string::npos);
  EXPECT_EQ(log[1].substr(0, log[1].find(" auth")), log[2].substr(0, log[2].find(" auth")));
}

TEST_F(GithubCollect, APageThatKeepsFailingFailsTheWholeRun) {
  options_.org = "broken";
  Result<model::Collection> c = CollectGithub(options_);
  ASSERT_FALSE(c);  // Never a partial collection.
  EXPECT_EQ(c.error().code, ErrorCode::kNetwork);
  EXPECT_NE(c.error().message.find("HTTP 500"), std::string::npos) << c.error().message;
  EXPECT_NE(c.error().message.find("4 attempts"), std::string::npos) << c.error().message;
  // Exponential backoff between the attempts.
  EXPECT_EQ(sleeps_,
            (std::vector<milliseconds>{milliseconds(10), milliseconds(20), milliseconds(40)}));
}

TEST_F(GithubCollect, AMalformedBodyFailsTheWholeRun) {
  options_.org = "malformed";
  options_.max_attempts = 2;
  Result<model::Collection> c = CollectGithub(options_);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(c.error().message.find("dependabot_alerts: not JSON"), std::string::npos)
      << c.error().message;
  EXPECT_EQ(Lines(fake_->Log()).size(), 3u);  // Page 1, then page 2 twice.
}

TEST_F(GithubCollect, ExpiredOrWrongTokenIsAnAuthErrorWithoutRetries) {
  options_.org = "expired";
  Result<model::Collection> c = CollectGithub(options_);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kAuth);
  EXPECT_NE(c.error().message.find("Bad credentials"), std::string::npos) << c.error().message;
  options_.org = "octo-org";
  options_.token = "ghp_expired";
  c = CollectGithub(options_);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kAuth);
  EXPECT_EQ(Lines(fake_->Log()).size(), 2u);
  EXPECT_TRUE(sleeps_.empty());
}

TEST_F(GithubCollect, ForbiddenWithoutRateLimitIsAnAuthError) {
  options_.org = "forbidden";
  Result<model::Collection> c = CollectGithub(options_);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kAuth);
  EXPECT_NE(c.error().message.find("security_events"), std::string::npos) << c.error().message;
}

TEST_F(GithubCollect, RefusesALinkToAnotherOrigin) {
  options_.org = "evil-link";
  Result<model::Collection> c = CollectGithub(options_);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(c.error().message.find("example.invalid"), std::string::npos);
  EXPECT_EQ(Lines(fake_->Log()).size(), 1u);  // The token never left for the other host.
}

TEST_F(GithubCollect, EnterpriseServerApiPrefix) {
  options_.api_url = fake_->url() + "/api/v3/";
  Result<model::Collection> c = CollectGithub(options_);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->stats["alerts"], "5");
  for (const std::string& line : Lines(fake_->Log()))
    EXPECT_EQ(line.rfind("GET /api/v3/o", 0), 0u) << line;
}

TEST_F(GithubCollect, RejectsBadOptionsBeforeAnyRequest) {
  GithubOptions bad = options_;
  bad.org = "octo-org/../../user";
  EXPECT_EQ(CollectGithub(bad).error().code, ErrorCode::kInvalidInput);
  bad = options_;
  bad.token.clear();
  EXPECT_EQ(CollectGithub(bad).error().code, ErrorCode::kAuth);
  EXPECT_EQ(fake_->Log(), "");
}

TEST(GithubCollectUnreachable, ServerDownIsANetworkErrorAfterRetries) {
  GithubOptions o;
  o.org = "octo-org";
  o.token = "test-token";
  o.api_url = "http://127.0.0.1:1";  // Nothing listens on port 1.
  o.max_attempts = 3;
  o.initial_backoff = milliseconds(5);
  std::vector<milliseconds> sleeps;
  o.sleep = [&](milliseconds d) { sleeps.push_back(d); };
  Result<model::Collection> c = CollectGithub(o);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kNetwork);
  EXPECT_EQ(sleeps, (std::vector<milliseconds>{milliseconds(5), milliseconds(10)}));
}

TEST_F(GithubCollect, EnableAlertsDryRunListsReposWithAlertsOff) {
  Result<EnableAlertsResult> r = EnableAlerts(options_, /*apply=*/false);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->checked, (std::vector<std::string>{"octo-org/Hello-World", "octo-org/Spoon-Knife",
                                                  "octo-org/octo-docs", "octo-org/no-admin"}));
  EXPECT_EQ(r->off, (std::vector<std::string>{"octo-org/Spoon-Knife", "octo-org/octo-docs",
                                              "octo-org/no-admin"}));
  EXPECT_EQ(r->skipped, std::vector<std::string>{"octo-org/legacy-app"});
  EXPECT_TRUE(r->enabled.empty());
  EXPECT_TRUE(r->errors.empty());
  std::string log = fake_->Log();
  EXPECT_EQ(log.find("PUT "), std::string::npos);  // Dry run changes nothing.
  EXPECT_NE(log.find("GET /orgs/octo-org/repos?type=all&per_page=2&page=3"), std::string::npos);
}

TEST_F(GithubCollect, EnableAlertsApplyTurnsThemOn) {
  Result<EnableAlertsResult> r = EnableAlerts(options_, /*apply=*/true);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->enabled, (std::vector<std::string>{"octo-org/Spoon-Knife", "octo-org/octo-docs"}));
  ASSERT_EQ(r->errors.size(), 1u);
  EXPECT_EQ(r->errors[0],
            "octo-org/no-admin: enable: HTTP 403: Must have admin rights to Repository.");
  // The fake now reports them on.
  Result<EnableAlertsResult> again = EnableAlerts(options_, /*apply=*/false);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->off, std::vector<std::string>{"octo-org/no-admin"});
}

TEST_F(GithubCollect, EnableAlertsWithABadTokenFails) {
  options_.token = "nope";
  Result<EnableAlertsResult> r = EnableAlerts(options_, true);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAuth);
}

}  // namespace
}  // namespace vs::collectors
