// collectors/registry: [[collectors]] entries (and `collect` flags) → the right collector.
#include "collectors/registry.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "collectors/ssm.h"

namespace vs::collectors {
namespace {

const std::string kSync = std::string(VS_SOURCE_DIR) + "/tests/testdata/collectors/ssm/sync";

config::Collector Entry(std::string kind) {
  config::Collector c;
  c.kind = std::move(kind);
  return c;
}

TEST(CollectorRegistry, KindsAreSortedAndUnique) {
  std::vector<std::string_view> kinds = CollectorKinds();
  EXPECT_EQ(kinds, (std::vector<std::string_view>{"github", "prometheus", "ssm"}));
}

TEST(CollectorRegistry, CheckNamesWhatIsMissing) {
  config::Config cfg;
  config::Collector unknown = Entry("nessus");
  Status s = CheckCollector(unknown, cfg);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("known: github, prometheus, ssm"), std::string::npos);

  config::Collector ssm = Entry("ssm");
  EXPECT_FALSE(CheckCollector(ssm, cfg));
  ssm.from = kSync;
  EXPECT_TRUE(CheckCollector(ssm, cfg));
  ssm.athena = true;
  EXPECT_FALSE(CheckCollector(ssm, cfg));  // from and athena exclude each other.
  ssm.from.clear();
  EXPECT_TRUE(CheckCollector(ssm, cfg));

  config::Collector gh = Entry("github");
  EXPECT_FALSE(CheckCollector(gh, cfg));
  cfg.github.org = "example";  // [github] org is the default.
  EXPECT_TRUE(CheckCollector(gh, cfg));

  config::Collector prom = Entry("prometheus");
  EXPECT_FALSE(CheckCollector(prom, cfg));
  prom.url = "http://127.0.0.1:9";
  EXPECT_TRUE(CheckCollector(prom, cfg));
  prom.exporter = "http://127.0.0.1:9/metrics";
  EXPECT_FALSE(CheckCollector(prom, cfg));
  prom.url.clear();
  prom.query = "up";
  EXPECT_FALSE(CheckCollector(prom, cfg));  // A query needs a Prometheus server.
}

TEST(CollectorRegistry, Scopes) {
  config::Config cfg;
  cfg.github.org = "from-config";
  config::Collector ssm = Entry("ssm");
  ssm.from = "s3://bucket/sync";
  EXPECT_EQ(CollectorScope(ssm, cfg), "s3://bucket/sync");
  ssm.from.clear();
  ssm.athena = true;
  EXPECT_EQ(CollectorScope(ssm, cfg), "athena:ssminventory");
  ssm.athena_options.database = "inv";
  EXPECT_EQ(CollectorScope(ssm, cfg), "athena:inv");
  config::Collector gh = Entry("github");
  EXPECT_EQ(CollectorScope(gh, cfg), "github:from-config");
  gh.org = "acme";
  EXPECT_EQ(CollectorScope(gh, cfg), "github:acme");
  config::Collector prom = Entry("prometheus");
  prom.exporter = "http://e:9090/metrics";
  EXPECT_EQ(CollectorScope(prom, cfg), "prometheus:http://e:9090/metrics");
}

// The registry's ssm entry is the directory collector itself, with the entry's filters.
TEST(CollectorRegistry, SsmDirectoryMatchesCollectSsm) {
  config::Config cfg;
  config::Collector c = Entry("ssm");
  c.from = kSync;
  c.accounts = {"123456789012"};
  Result<model::Collection> via_registry = Collect(c, cfg);
  ASSERT_TRUE(via_registry) << via_registry.error().message;
  DirectoryObjectSource dir(kSync);
  SsmOptions o;
  o.accounts = {"123456789012"};
  Result<model::Collection> direct = CollectSsm(dir, o);
  ASSERT_TRUE(direct);
  EXPECT_EQ(via_registry->source, "ssm");
  EXPECT_FALSE(via_registry->assets.empty());
  EXPECT_EQ(via_registry->assets.size(), direct->assets.size());
  EXPECT_EQ(via_registry->scopes, direct->scopes);

  c.accounts = {"999999999999"};  // An account the sync does not have: nothing, not an error.
  Result<model::Collection> none = Collect(c, cfg);
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_TRUE(none->assets.empty());

  c.from = "/nonexistent/sync";
  c.accounts.clear();
  EXPECT_FALSE(Collect(c, cfg));
}

TEST(CollectorRegistry, CollectChecksFirstAndGithubNeedsAToken) {
  config::Config cfg;
  EXPECT_EQ(Collect(Entry("ssm"), cfg).error().code, ErrorCode::kInvalidInput);
  config::Collector gh = Entry("github");
  gh.org = "example";
  gh.api_url = "http://127.0.0.1:9";
  unsetenv("GITHUB_TOKEN");
  Result<model::Collection> r = Collect(gh, cfg);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAuth);
}

TEST(CollectorRegistry, UnreachableExporterIsANetworkError) {
  config::Config cfg;
  config::Collector prom = Entry("prometheus");
  prom.exporter = "http://127.0.0.1:9/metrics";  // Discard port: nothing listens on loopback.
  Result<model::Collection> r = Collect(prom, cfg);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNetwork) << r.error().message;
}

}  // namespace
}  // namespace vs::collectors
