// The scheduler of `vulnscope serve`: intervals with jitter, one run at a time, prompt stop;
// and its jobs against a temporary SQLite store, the SSM fixture tree and a real HTTP feed
// server on 127.0.0.1.
#include "server/scheduler.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <httplib.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/time.h"
#include "match/engine.h"

namespace vs::server {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

// Polls `pred` for up to `limit`.
template <typename Pred>
bool WaitFor(Pred pred, milliseconds limit = 10s) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return pred();
}

// RFC 3339 UTC of now + `offset`.
std::string FormatNow(std::chrono::seconds offset) {
  auto now = std::chrono::system_clock::now() + offset;
  return FormatRfc3339(
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
}

const JobState* Find(const std::vector<JobState>& states, const std::string& name) {
  for (const JobState& s : states)
    if (s.name == name) return &s;
  return nullptr;
}

TEST(Jittered, StaysWithinTenPercent) {
  EXPECT_EQ(Jittered(1000ms, 0.1, 0.0), 900ms);
  EXPECT_EQ(Jittered(1000ms, 0.1, 0.5), 1000ms);
  EXPECT_EQ(Jittered(1000ms, 0.1, 0.75), 1050ms);
  EXPECT_LT(Jittered(1000ms, 0.1, 0.9999), 1100ms);
  EXPECT_EQ(Jittered(1000ms, 0.0, 0.9), 1000ms);
}

// Each job runs repeatedly; no two runs ever overlap (one job, or two different ones).
TEST(Scheduler, RunsRepeatedlyOneAtATime) {
  std::atomic<int> active{0}, max_active{0}, a_runs{0}, b_runs{0};
  auto body = [&](std::atomic<int>& runs, milliseconds work) {
    return [&, work](const std::atomic<bool>&) {
      int now = ++active;
      int prev = max_active.load();
      while (now > prev && !max_active.compare_exchange_weak(prev, now)) {
      }
      std::this_thread::sleep_for(work);
      --active;
      ++runs;
      return JobOutcome{"ok", "", {}};
    };
  };
  std::vector<Job> jobs(2);
  // "a" takes longer than its interval: it must not pile up or overlap itself.
  jobs[0] = {"a", "ssm", 10ms, 0ms, body(a_runs, 30ms)};
  jobs[1] = {"b", "github", 15ms, 0ms, body(b_runs, 5ms)};
  Scheduler::Options o;
  o.seed = 42;
  Scheduler s(std::move(jobs), o);
  s.Start();
  ASSERT_TRUE(WaitFor([&] { return a_runs >= 4 && b_runs >= 4; }));
  EXPECT_TRUE(s.Stop());
  EXPECT_EQ(max_active.load(), 1);
  std::vector<JobState> st = s.State();
  ASSERT_EQ(st.size(), 2u);
  EXPECT_EQ(st[0].runs, a_runs.load());
  EXPECT_EQ(st[0].last_status, "ok");
  EXPECT_FALSE(st[0].running);
  EXPECT_FALSE(st[0].last_started.empty());
  EXPECT_FALSE(st[0].next_run.empty());
  EXPECT_EQ(st[1].kind, "github");
}

TEST(Scheduler, FirstRunWaitsItsDelayAndNextRunIsShown) {
  std::atomic<int> runs{0};
  std::vector<Job> jobs(1);
  jobs[0] = {"feeds", "db_update", 1h, std::nullopt, [&](const std::atomic<bool>&) {
               ++runs;
               return JobOutcome{"ok", "", {}};
             }};
  Scheduler::Options o;
  o.first_delay = 10min;
  Scheduler s(std::move(jobs), o);
  s.Start();
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(runs.load(), 0);
  std::vector<JobState> st = s.State();
  ASSERT_EQ(st.size(), 1u);
  EXPECT_EQ(st[0].runs, 0);
  EXPECT_EQ(st[0].last_started, "");
  // About ten minutes from now, as RFC 3339 UTC.
  EXPECT_EQ(st[0].next_run.size(), 20u) << st[0].next_run;
  EXPECT_GT(st[0].next_run, FormatNow(9min));
  EXPECT_LT(st[0].next_run, FormatNow(11min));
  // RunSoon makes it due now.
  EXPECT_TRUE(s.RunSoon("feeds"));
  EXPECT_FALSE(s.RunSoon("nope"));
  EXPECT_TRUE(WaitFor([&] { return runs == 1; }));
  EXPECT_TRUE(s.Stop());
}

TEST(Scheduler, ThenRunTriggersJobWithoutInterval) {
  std::atomic<int> update_runs{0}, match_runs{0};
  std::vector<Job> jobs(2);
  jobs[0] = {"db-update", "db_update", 1h, 0ms, [&](const std::atomic<bool>&) {
               ++update_runs;
               return JobOutcome{"ok", "", {"match"}};
             }};
  // Interval 0: only when asked.
  jobs[1] = {"match", "match", 0ms, std::nullopt, [&](const std::atomic<bool>&) {
               ++match_runs;
               return JobOutcome{"ok", "", {}};
             }};
  Scheduler s(std::move(jobs), {});
  s.Start();
  ASSERT_TRUE(WaitFor([&] { return match_runs == 1; }));
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(update_runs.load(), 1);
  EXPECT_EQ(match_runs.load(), 1);
  EXPECT_EQ(Find(s.State(), "match")->next_run, "");
  EXPECT_TRUE(s.Stop());
}

TEST(Scheduler, StopIsPromptWhenIdleAndWhenAJobChecksStopping) {
  {
    std::vector<Job> jobs(1);
    jobs[0] = {"x", "ssm", 1h, 1h, [](const std::atomic<bool>&) { return JobOutcome{"ok"}; }};
    Scheduler s(std::move(jobs), {});
    s.Start();
    std::this_thread::sleep_for(20ms);
    auto t0 = std::chrono::steady_clock::now();
    EXPECT_TRUE(s.Stop());
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 200ms);
  }
  {
    std::atomic<bool> started{false};
    std::vector<Job> jobs(1);
    // A long job that checks `stopping` between steps, like db update between feeds.
    jobs[0] = {"long", "db_update", 1h, 0ms, [&](const std::atomic<bool>& stopping) {
                 started = true;
                 for (int i = 0; i < 1000 && !stopping; ++i) std::this_thread::sleep_for(10ms);
                 return JobOutcome{stopping ? "partial" : "ok", "", {}};
               }};
    Scheduler s(std::move(jobs), {});
    s.Start();
    ASSERT_TRUE(WaitFor([&] { return started.load(); }));
    auto t0 = std::chrono::steady_clock::now();
    EXPECT_TRUE(s.Stop());
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 500ms);
    EXPECT_EQ(s.State()[0].last_status, "partial");
  }
}

TEST(Scheduler, StopLeavesAStuckJobAfterTheGrace) {
  std::atomic<bool> started{false}, finished{false};
  {
    std::vector<Job> jobs(1);
    jobs[0] = {"stuck", "ssm", 1h, 0ms, [&](const std::atomic<bool>&) {
                 started = true;
                 std::this_thread::sleep_for(700ms);  // Ignores `stopping`.
                 finished = true;
                 return JobOutcome{"ok"};
               }};
    Scheduler::Options o;
    o.stop_grace = 100ms;
    Scheduler s(std::move(jobs), o);
    s.Start();
    ASSERT_TRUE(WaitFor([&] { return started.load(); }));
    auto t0 = std::chrono::steady_clock::now();
    EXPECT_FALSE(s.Stop());
    auto took = std::chrono::steady_clock::now() - t0;
    EXPECT_GE(took, 90ms);
    EXPECT_LT(took, 400ms);
    EXPECT_FALSE(finished.load());
  }
  // The detached worker still finishes its job safely after the Scheduler is gone.
  EXPECT_TRUE(WaitFor([&] { return finished.load(); }, 2s));
  std::this_thread::sleep_for(20ms);
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The real jobs of a configuration, against a temp SQLite store, the SSM fixture tree and a
// KEV feed served over HTTP on 127.0.0.1.
class SchedulerJobs : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/vs-sched-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    db_ = dir_ + "/store.sqlite";
    kev_ = ReadAll(std::string(VS_SOURCE_DIR) + "/tests/testdata/e2e/kev-subset.json");
    ASSERT_FALSE(kev_.empty());
    http_.Get("/kev.json", [this](const httplib::Request& req, httplib::Response& res) {
      ++feed_requests_;
      if (req.get_header_value("If-None-Match") == "\"v1\"") {
        res.status = 304;
        return;
      }
      res.set_header("ETag", "\"v1\"");
      res.set_content(kev_, "application/json");
    });
    port_ = http_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    http_thread_ = std::thread([this] { http_.listen_after_bind(); });
    // stop() before the accept loop started would be lost, and TearDown would hang.
    ASSERT_TRUE(WaitFor([this] { return http_.is_running(); }));
  }

  void TearDown() override {
    http_.stop();
    if (http_thread_.joinable()) http_thread_.join();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // Store and matcher opened lazily on the scheduler's thread, as App does.
  JobEnv Env() {
    JobEnv env;
    auto store = std::make_shared<std::unique_ptr<store::Store>>();
    auto engine = std::make_shared<std::shared_ptr<const match::Engine>>();
    std::string db = db_;
    env.store = [store, db]() -> Result<store::Store*> {
      if (!*store) {
        Result<std::unique_ptr<store::Store>> s = store::OpenStore(db);
        if (!s) return Fail(s.error());
        *store = std::move(*s);
      }
      return store->get();
    };
    auto open = env.store;
    env.engine = [engine, open]() -> Result<std::shared_ptr<const match::Engine>> {
      if (*engine) return *engine;
      Result<store::Store*> st = open();
      if (!st) return Fail(st.error());
      Result<match::Engine> e = match::LoadEngine(**st);
      if (!e) return Fail(e.error());
      *engine = std::make_shared<const match::Engine>(std::move(*e));
      return *engine;
    };
    env.reload_engine = [this, engine] {
      ++reloads_;
      engine->reset();
    };
    env.log = [this](const std::string& line) {
      std::lock_guard<std::mutex> lock(log_mu_);
      log_ += line + "\n";
    };
    return env;
  }

  config::Config Cfg() {
    Result<config::Config> c = config::ParseConfig(
        "[schedule]\ndb_update_minutes = 360\n"
        "[[feeds]]\nname = \"cisa-kev\"\nurl = \"http://127.0.0.1:" +
        std::to_string(port_) +
        "/kev.json\"\n"
        "[[collectors]]\nkind = \"ssm\"\nfrom = \"" +
        std::string(VS_SOURCE_DIR) +
        "/tests/testdata/collectors/ssm/sync\"\n"
        "[[collectors]]\nkind = \"prometheus\"\n"
        // A closed port on loopback: the run fails and is recorded.
        "exporter = \"http://127.0.0.1:9/metrics\"\ninterval_minutes = 5\n");
    EXPECT_TRUE(c) << c.error().message;
    return *c;
  }

  std::string dir_, db_, kev_, log_;
  std::mutex log_mu_;
  httplib::Server http_;
  std::thread http_thread_;
  int port_ = 0;
  std::atomic<int> feed_requests_{0}, reloads_{0};
};

TEST_F(SchedulerJobs, MakeJobsFollowsTheConfig) {
  Result<std::vector<Job>> jobs = MakeJobs(Cfg(), Env());
  ASSERT_TRUE(jobs) << jobs.error().message;
  ASSERT_EQ(jobs->size(), 4u);
  EXPECT_EQ((*jobs)[0].name, "db-update");
  EXPECT_EQ((*jobs)[0].interval, 360min);
  EXPECT_EQ((*jobs)[1].name, "ssm");
  EXPECT_EQ((*jobs)[1].interval, 60min);
  EXPECT_EQ((*jobs)[2].name, "prometheus");
  EXPECT_EQ((*jobs)[2].interval, 5min);
  // Scheduled db update implies a match job that runs when asked (no interval of its own).
  EXPECT_EQ((*jobs)[3].name, "match");
  EXPECT_EQ((*jobs)[3].interval, 0ms);

  Result<config::Config> none = config::ParseConfig("");
  ASSERT_TRUE(none);
  EXPECT_TRUE(MakeJobs(*none, Env())->empty());

  // A collector the registry rejects fails at startup, not at its first run.
  Result<config::Config> bad = config::ParseConfig("[[collectors]]\nkind = \"prometheus\"\n");
  ASSERT_TRUE(bad);
  Result<std::vector<Job>> rejected = MakeJobs(*bad, Env());
  ASSERT_FALSE(rejected);
  EXPECT_NE(rejected.error().message.find("exactly one of url"), std::string::npos);
  Result<config::Config> unknown = config::ParseConfig("[[collectors]]\nkind = \"nessus\"\n");
  ASSERT_TRUE(unknown);
  EXPECT_FALSE(MakeJobs(*unknown, Env()));
}

TEST_F(SchedulerJobs, RunsAreRecordedInTheStore) {
  Result<std::vector<Job>> jobs = MakeJobs(Cfg(), Env());
  ASSERT_TRUE(jobs) << jobs.error().message;
  for (Job& j : *jobs) {
    j.first_delay = 0ms;
    if (j.interval.count() > 0) j.interval = 1h;
  }
  Scheduler s(std::move(*jobs), {});
  s.Start();
  ASSERT_TRUE(WaitFor([&] {
    std::vector<JobState> st = s.State();
    for (const JobState& j : st)
      if (j.runs == 0) return false;
    return true;
  })) << log_;
  ASSERT_TRUE(s.Stop());

  std::vector<JobState> st = s.State();
  EXPECT_EQ(Find(st, "db-update")->last_status, "ok") << Find(st, "db-update")->last_error;
  EXPECT_EQ(Find(st, "ssm")->last_status, "ok") << Find(st, "ssm")->last_error;
  EXPECT_EQ(Find(st, "prometheus")->last_status, "failed");
  EXPECT_NE(Find(st, "prometheus")->last_error.find("nothing stored was changed"),
            std::string::npos);
  EXPECT_EQ(Find(st, "match")->last_status, "ok");
  EXPECT_EQ(reloads_.load(), 1);  // The feed was new: the matcher is rebuilt once.
  EXPECT_EQ(feed_requests_.load(), 1);

  Result<std::unique_ptr<store::Store>> store = store::OpenStore(db_);
  ASSERT_TRUE(store);
  // db update recorded the feed as a source.
  Result<std::vector<store::SourceInfo>> sources = (*store)->Sources();
  ASSERT_TRUE(sources);
  ASSERT_EQ(sources->size(), 1u);
  EXPECT_EQ((*sources)[0].name, "cisa-kev");
  EXPECT_EQ((*sources)[0].status, "ok");
  EXPECT_GT((*sources)[0].exploits, 0);
  // The SSM run stored the fixture's instances.
  Result<std::vector<store::RunInfo>> ssm = (*store)->Runs("ssm", 10);
  ASSERT_TRUE(ssm);
  ASSERT_EQ(ssm->size(), 1u);
  EXPECT_EQ((*ssm)[0].summary.status, "ok");
  EXPECT_GT((*ssm)[0].summary.assets, 0);
  Result<std::vector<store::AssetRow>> assets = (*store)->ListAssets({});
  ASSERT_TRUE(assets);
  EXPECT_EQ(static_cast<int64_t>(assets->size()), (*ssm)[0].summary.assets);
  // The failed collector is a failed run with its error, like `vulnscope collect` records it.
  Result<std::vector<store::RunInfo>> prom = (*store)->Runs("prometheus", 10);
  ASSERT_TRUE(prom);
  ASSERT_EQ(prom->size(), 1u);
  EXPECT_EQ((*prom)[0].summary.status, "failed");
  EXPECT_EQ((*prom)[0].scope, "prometheus:http://127.0.0.1:9/metrics");
  EXPECT_FALSE((*prom)[0].summary.error.empty());
  Result<std::vector<store::RunInfo>> match = (*store)->Runs("match", 10);
  ASSERT_TRUE(match);
  EXPECT_EQ(match->size(), 1u);

  // A restarted server continues the intervals from the store instead of running everything
  // again at once; a job that never ran waits the default delay.
  Result<std::vector<Job>> again = MakeJobs(Cfg(), Env(), store->get());
  ASSERT_TRUE(again);
  for (const Job& j : *again) {
    if (j.name == "match") continue;
    ASSERT_TRUE(j.first_delay.has_value()) << j.name;
    EXPECT_GT(*j.first_delay, j.interval - 1min) << j.name;
    EXPECT_LE(*j.first_delay, j.interval) << j.name;
  }
  Result<std::vector<Job>> fresh = MakeJobs(Cfg(), Env(), nullptr);
  ASSERT_TRUE(fresh);
  EXPECT_FALSE((*fresh)[1].first_delay.has_value());
}

TEST_F(SchedulerJobs, UnchangedFeedsDoNotReloadOrRematch) {
  Result<std::vector<Job>> jobs = MakeJobs(Cfg(), Env());
  ASSERT_TRUE(jobs);
  Job update = (*jobs)[0];
  std::atomic<bool> stopping{false};
  JobOutcome first = update.run(stopping);
  EXPECT_EQ(first.status, "ok");
  EXPECT_EQ(first.then_run, std::vector<std::string>{"match"});
  // Second run: 304 Not Modified.
  JobOutcome second = update.run(stopping);
  EXPECT_EQ(second.status, "ok");
  EXPECT_TRUE(second.then_run.empty());
  EXPECT_EQ(reloads_.load(), 1);
  EXPECT_EQ(feed_requests_.load(), 2);
  // Stopping before the first feed: nothing is fetched.
  stopping = true;
  (void)update.run(stopping);
  EXPECT_EQ(feed_requests_.load(), 2);
}

}  // namespace
}  // namespace vs::server
