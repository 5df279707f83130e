#include "server/scheduler.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>

#include <time.h>

#include "advisory/update.h"
#include "collectors/registry.h"
#include "core/time.h"
#include "match/evaluator.h"

namespace vs::server {
namespace {

using SteadyClock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Seconds since the epoch of "YYYY-MM-DDTHH:MM:SSZ"; nullopt for anything else.
std::string WallTime(SteadyClock::time_point t) {
  auto delta = std::chrono::duration_cast<std::chrono::seconds>(t - SteadyClock::now());
  auto wall = std::chrono::system_clock::now() + delta;
  return FormatRfc3339(
      std::chrono::duration_cast<std::chrono::seconds>(wall.time_since_epoch()).count());
}

}  // namespace

milliseconds Jittered(milliseconds interval, double jitter, double u) {
  double factor = 1.0 + jitter * (2.0 * u - 1.0);
  return milliseconds(static_cast<int64_t>(static_cast<double>(interval.count()) * factor));
}

// State shared with the worker thread; it outlives the Scheduler when Stop() leaves a job
// behind.
struct Scheduler::Shared {
  struct Slot {
    Job job;
    JobState state;
    std::optional<SteadyClock::time_point> due;  // nullopt: only when asked.
  };
  mutable std::mutex mu;
  std::condition_variable cv;
  std::atomic<bool> stopping{false};
  bool done = false;
  std::vector<Slot> slots;
  std::mt19937_64 rng;
  double jitter = 0.1;

  double Uniform() { return std::uniform_real_distribution<double>(0.0, 1.0)(rng); }

  void Loop() {
    std::unique_lock<std::mutex> lock(mu);
    while (!stopping) {
      Slot* next = nullptr;
      for (Slot& s : slots)
        if (s.due && (next == nullptr || *s.due < *next->due)) next = &s;
      if (next == nullptr) {
        cv.wait(lock);
        continue;
      }
      if (*next->due > SteadyClock::now()) {
        cv.wait_until(lock, *next->due);
        continue;  // Woken early: stop, RunSoon, or the time came; look again.
      }
      next->state.running = true;
      next->state.last_started = NowRfc3339();
      next->due.reset();
      std::function<JobOutcome(const std::atomic<bool>&)> run = next->job.run;
      lock.unlock();
      JobOutcome out = run(stopping);
      lock.lock();
      next->state.running = false;
      next->state.last_finished = NowRfc3339();
      next->state.last_status = out.status;
      next->state.last_error = out.error;
      ++next->state.runs;
      if (next->job.interval.count() > 0)
        next->due = SteadyClock::now() + Jittered(next->job.interval, jitter, Uniform());
      for (const std::string& name : out.then_run)
        for (Slot& s : slots)
          if (s.job.name == name) s.due = SteadyClock::now();
    }
    done = true;
    cv.notify_all();
  }
};

Scheduler::Scheduler(std::vector<Job> jobs, Options options)
    : shared_(std::make_shared<Shared>()), options_(options) {
  shared_->jitter = options.jitter;
  shared_->rng.seed(options.seed != 0 ? options.seed : std::random_device{}());
  SteadyClock::time_point now = SteadyClock::now();
  for (Job& j : jobs) {
    Shared::Slot s;
    s.state.name = j.name;
    s.state.kind = j.kind;
    s.state.interval = j.interval;
    if (j.interval.count() > 0) s.due = now + j.first_delay.value_or(options.first_delay);
    s.job = std::move(j);
    shared_->slots.push_back(std::move(s));
  }
}

Scheduler::~Scheduler() { Stop(); }

void Scheduler::Start() {
  if (thread_.joinable()) return;
  std::shared_ptr<Shared> shared = shared_;
  thread_ = std::thread([shared] { shared->Loop(); });
}

bool Scheduler::Stop() {
  if (!thread_.joinable()) return true;
  std::unique_lock<std::mutex> lock(shared_->mu);
  shared_->stopping = true;
  shared_->cv.notify_all();
  bool stopped = shared_->cv.wait_for(lock, options_.stop_grace, [this] { return shared_->done; });
  lock.unlock();
  if (stopped) {
    thread_.join();
  } else {
    thread_.detach();
  }
  return stopped;
}

bool Scheduler::RunSoon(std::string_view name) {
  std::lock_guard<std::mutex> lock(shared_->mu);
  for (Shared::Slot& s : shared_->slots) {
    if (s.job.name == name) {
      if (!s.state.running) s.due = SteadyClock::now();
      shared_->cv.notify_all();
      return true;
    }
  }
  return false;
}

std::vector<JobState> Scheduler::State() const {
  std::lock_guard<std::mutex> lock(shared_->mu);
  std::vector<JobState> out;
  for (const Shared::Slot& s : shared_->slots) {
    JobState st = s.state;
    st.next_run = s.due ? WallTime(*s.due) : "";
    out.push_back(std::move(st));
  }
  return out;
}

// ---- The jobs.

namespace {

void Log(const JobEnv& env, const std::string& line) {
  if (env.log)
    env.log(line);
  else
    std::fprintf(stderr, "vulnscope: scheduler: %s\n", line.c_str());
}

JobOutcome Failed(const JobEnv& env, const std::string& job, const std::string& error) {
  Log(env, job + ": failed: " + error);
  return {"failed", error, {}};
}

std::string Summary(const store::RunSummary& r) {
  return std::to_string(r.assets) + " asset(s), " + std::to_string(r.opened) + " opened, " +
         std::to_string(r.resolved) + " resolved, " + std::to_string(r.reopened) + " reopened";
}

JobOutcome RunCollector(const JobEnv& env, const config::Config& cfg, const config::Collector& c,
                        collectors::CollectEnv cenv) {
  Result<store::Store*> st = env.store();
  if (!st) return Failed(env, c.name, st.error().message);
  Result<model::Collection> col = collectors::Collect(c, cfg, cenv);
  if (!col) {
    // Recorded like `vulnscope collect` records it, so the sources page shows the error.
    (void)(*st)->RecordFailedRun(c.kind, collectors::CollectorScope(c, cfg), col.error().message);
    return Failed(env, c.name, col.error().message + " (nothing stored was changed)");
  }
  Result<std::shared_ptr<const match::Engine>> engine = env.engine();
  if (!engine) return Failed(env, c.name, engine.error().message);
  Result<store::RunSummary> r =
      (*st)->ApplyCollection(*col, match::MakeEvaluator(**engine), env.ownership);
  if (!r) return Failed(env, c.name, "nothing stored: " + r.error().message);
  Log(env, c.name + ": " + r->status + " — " + Summary(*r) +
               (r->error.empty() ? "" : "; errors: " + r->error));
  return {r->status, r->error, {}};
}

JobOutcome RunMatch(const JobEnv& env) {
  Result<store::Store*> st = env.store();
  if (!st) return Failed(env, "match", st.error().message);
  Result<std::shared_ptr<const match::Engine>> engine = env.engine();
  if (!engine) return Failed(env, "match", engine.error().message);
  Result<store::RunSummary> r = (*st)->Rematch(match::MakeEvaluator(**engine), false);
  if (!r) return Failed(env, "match", r.error().message);
  Log(env, "match: " + r->status + " — " + Summary(*r));
  return {r->status.empty() ? "ok" : r->status, r->error, {}};
}

JobOutcome RunDbUpdate(const JobEnv& env, const std::vector<config::Feed>& feeds,
                       const std::atomic<bool>& stopping) {
  Result<store::Store*> st = env.store();
  if (!st) return Failed(env, "db-update", st.error().message);
  size_t failed = 0, updated = 0, done = 0;
  std::string errors;
  // One feed at a time, so a shutdown waits for one download at most.
  for (const config::Feed& feed : feeds) {
    if (stopping) break;
    Result<std::vector<advisory::FeedResult>> r = advisory::UpdateFeeds(**st, {feed});
    if (!r) return Failed(env, "db-update", r.error().message);
    for (const advisory::FeedResult& f : *r) {
      ++done;
      if (f.outcome == advisory::FeedOutcome::kUpdated) ++updated;
      if (f.outcome == advisory::FeedOutcome::kFailed) {
        ++failed;
        errors += (errors.empty() ? "" : "; ") + f.name + ": " + f.detail;
      }
    }
  }
  JobOutcome out;
  out.status = failed == 0 ? "ok" : failed == done ? "failed" : "partial";
  out.error = errors;
  if (updated > 0) {
    // New advisories: the server's matcher is rebuilt, and stored inventories re-matched now.
    if (env.reload_engine) env.reload_engine();
    out.then_run.push_back("match");
  }
  Log(env, "db-update: " + out.status + " — " + std::to_string(updated) + " of " +
               std::to_string(done) + " feed(s) updated" +
               (errors.empty() ? "" : "; errors: " + errors));
  return out;
}

// Delay before a job's first run: the rest of its interval since `last` (clamped at zero), or
// nullopt (the scheduler's default) when it never ran.
std::optional<milliseconds> Remaining(std::optional<int64_t> last, milliseconds interval) {
  if (!last) return std::nullopt;
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  int64_t left_ms = (*last - now) * 1000 + interval.count();
  return milliseconds(std::max<int64_t>(0, left_ms));
}

std::optional<int64_t> LastRun(store::Store* history, const std::string& source) {
  if (history == nullptr) return std::nullopt;
  Result<std::vector<store::RunInfo>> runs = history->Runs(source, 1);
  if (!runs || runs->empty()) return std::nullopt;
  return ParseRfc3339(runs->front().started_at);
}

}  // namespace

Result<std::vector<Job>> MakeJobs(const config::Config& cfg, JobEnv env, store::Store* history) {
  auto shared_env = std::make_shared<const JobEnv>(std::move(env));
  auto shared_cfg = std::make_shared<const config::Config>(cfg);
  auto minutes = [](int m) { return milliseconds(int64_t{m} * 60 * 1000); };
  std::vector<Job> jobs;

  bool update = cfg.schedule.db_update_minutes > 0;
  if (update) {
    Job j;
    j.name = "db-update";
    j.kind = "db_update";
    j.interval = minutes(cfg.schedule.db_update_minutes);
    std::vector<config::Feed> feeds = cfg.feeds.empty() ? config::DefaultFeeds() : cfg.feeds;
    if (history != nullptr) {
      // Continue from the oldest import among the feeds; a feed never imported is due now-ish.
      std::map<std::string, std::string> imported;
      if (Result<std::vector<store::SourceInfo>> srcs = history->Sources())
        for (const store::SourceInfo& s : *srcs) imported[s.name] = s.imported_at;
      std::optional<int64_t> oldest;
      bool all = true;
      for (const config::Feed& f : feeds) {
        std::optional<int64_t> t =
            imported.count(f.name) != 0 ? ParseRfc3339(imported[f.name]) : std::nullopt;
        if (!t) all = false;
        if (t && (!oldest || *t < *oldest)) oldest = t;
      }
      if (all) j.first_delay = Remaining(oldest, j.interval);
    }
    j.run = [shared_env, feeds](const std::atomic<bool>& stopping) {
      return RunDbUpdate(*shared_env, feeds, stopping);
    };
    jobs.push_back(std::move(j));
  }

  for (const config::Collector& c : cfg.collectors) {
    if (Status s = collectors::CheckCollector(c, cfg); !s) return Fail(s.error());
    Job j;
    j.name = c.name.empty() ? c.kind : c.name;
    j.kind = c.kind;
    j.interval = minutes(c.interval_minutes);
    // The store records runs per source (kind); with one collector of a kind that is its own.
    size_t same_kind = std::count_if(cfg.collectors.begin(), cfg.collectors.end(),
                                     [&](const config::Collector& o) { return o.kind == c.kind; });
    if (same_kind == 1) j.first_delay = Remaining(LastRun(history, c.kind), j.interval);
    // Conditional requests across runs: unchanged GitHub pages cost no rate limit.
    auto cache = std::make_shared<collectors::GithubEtagCache>();
    j.run = [shared_env, shared_cfg, c, cache](const std::atomic<bool>&) {
      collectors::CollectEnv cenv;
      cenv.github_cache = cache.get();
      return RunCollector(*shared_env, *shared_cfg, c, cenv);
    };
    jobs.push_back(std::move(j));
  }

  if (cfg.schedule.match_minutes > 0 || update) {
    Job j;
    j.name = "match";
    j.kind = "match";
    j.interval = minutes(cfg.schedule.match_minutes);
    if (j.interval.count() > 0) j.first_delay = Remaining(LastRun(history, "match"), j.interval);
    j.run = [shared_env](const std::atomic<bool>&) { return RunMatch(*shared_env); };
    jobs.push_back(std::move(j));
  }
  return jobs;
}

}  // namespace vs::server
