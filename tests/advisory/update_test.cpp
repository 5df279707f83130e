// db update against a real HTTP server on 127.0.0.1 (cpp-httplib, in-process): conditional
// requests, retries, and failures that must leave the previous data in use.
#include "advisory/update.h"

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include "store/store.h"

namespace vs::advisory {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class UpdateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    kev_ = ReadAll(std::string(VS_SOURCE_DIR) + "/tests/testdata/e2e/kev-subset.json");
    ASSERT_FALSE(kev_.empty());
    server_.Get("/kev.json", [this](const httplib::Request& req, httplib::Response& res) {
      ++requests_;
      if (failures_left_ > 0) {
        --failures_left_;
        res.status = 503;
        return;
      }
      if (mode_ == "404") {
        res.status = 404;
        return;
      }
      if (mode_ == "garbage") {
        res.set_content("<html>maintenance</html>", "text/html");
        return;
      }
      if (req.get_header_value("If-None-Match") == "\"v1\"") {
        res.status = 304;
        return;
      }
      res.set_header("ETag", "\"v1\"");
      res.set_content(kev_, "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    char dir[] = "/tmp/vs-update-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    auto store = store::OpenStore(dir_ + "/db.sqlite");
    ASSERT_TRUE(store);
    store_ = std::move(*store);
  }
  void TearDown() override {
    server_.stop();
    thread_.join();
    store_.reset();
    std::system(("rm -rf " + dir_).c_str());
  }

  std::vector<config::Feed> Feeds(uint64_t max_bytes = 1 << 20) {
    config::Feed f;
    f.name = "kev";
    f.url = "http://127.0.0.1:" + std::to_string(port_) + "/kev.json";
    f.max_bytes = max_bytes;
    f.timeout_s = 10;
    return {f};
  }
  FeedResult Update(uint64_t max_bytes = 1 << 20) {
    UpdateOptions options;
    options.initial_backoff_ms = 10;
    auto r = UpdateFeeds(*store_, Feeds(max_bytes), options);
    EXPECT_TRUE(r);
    return (*r)[0];
  }
  size_t Exploits() {
    size_t n = 0;
    EXPECT_TRUE(store_->ForEachExploit([&](model::ExploitRef&&) { ++n; }));
    return n;
  }
  store::SourceInfo Source() {
    auto s = store_->Sources();
    EXPECT_TRUE(s);
    EXPECT_EQ(s->size(), 1u);
    return (*s)[0];
  }

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::string kev_, dir_;
  std::string mode_ = "ok";
  std::atomic<int> failures_left_{0};
  std::atomic<int> requests_{0};
  std::unique_ptr<store::Store> store_;
};

TEST_F(UpdateTest, ImportsThenSkipsUnchangedFeedWithEtag) {
  FeedResult first = Update();
  EXPECT_EQ(first.outcome, FeedOutcome::kUpdated) << first.detail;
  EXPECT_EQ(Exploits(), 4u);
  EXPECT_EQ(Source().etag, "\"v1\"");
  FeedResult second = Update();
  EXPECT_EQ(second.outcome, FeedOutcome::kNotModified) << second.detail;
  EXPECT_EQ(Exploits(), 4u);
  EXPECT_EQ(Source().status, "ok");
}

TEST_F(UpdateTest, RetriesTransientServerErrors) {
  failures_left_ = 2;
  FeedResult r = Update();
  EXPECT_EQ(r.outcome, FeedOutcome::kUpdated) << r.detail;
  EXPECT_EQ(requests_.load(), 3);
  EXPECT_EQ(Exploits(), 4u);
}

TEST_F(UpdateTest, HttpErrorKeepsPreviousDataAndRecordsWhy) {
  ASSERT_EQ(Update().outcome, FeedOutcome::kUpdated);
  mode_ = "404";
  FeedResult r = Update();
  EXPECT_EQ(r.outcome, FeedOutcome::kFailed);
  EXPECT_NE(r.detail.find("HTTP 404"), std::string::npos) << r.detail;
  EXPECT_EQ(Exploits(), 4u);
  EXPECT_EQ(Source().status, "failed");
  EXPECT_NE(Source().error.find("404"), std::string::npos);
}

TEST_F(UpdateTest, UnparseableBodyKeepsPreviousData) {
  ASSERT_EQ(Update().outcome, FeedOutcome::kUpdated);
  mode_ = "garbage";
  FeedResult r = Update();
  EXPECT_EQ(r.outcome, FeedOutcome::kFailed);
  EXPECT_EQ(Exploits(), 4u);
  EXPECT_EQ(Source().status, "failed");
}

TEST_F(UpdateTest, OversizedDownloadIsRejected) {
  FeedResult r = Update(/*max_bytes=*/100);
  EXPECT_EQ(r.outcome, FeedOutcome::kFailed);
  EXPECT_NE(r.detail.find("larger than the limit"), std::string::npos) << r.detail;
  EXPECT_EQ(Exploits(), 0u);
}

TEST_F(UpdateTest, UnreachableServerFailsCleanly) {
  std::vector<config::Feed> feeds = Feeds();
  feeds[0].url = "http://127.0.0.1:1/kev.json";  // Nothing listens on port 1.
  UpdateOptions options;
  options.max_attempts = 2;
  options.initial_backoff_ms = 10;
  auto r = UpdateFeeds(*store_, feeds, options);
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].outcome, FeedOutcome::kFailed);
  EXPECT_EQ(Source().status, "failed");
}

}  // namespace
}  // namespace vs::advisory
