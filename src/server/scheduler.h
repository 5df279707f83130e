// The scheduler inside `vulnscope serve`: `db update`, each configured collector and `match`,
// each on its own interval with ±10% jitter (so many servers or collectors do not hit one API
// at the same moment).
//
// Jobs run one at a time, in due order, on one worker thread. So a source never has two runs
// at once, and different sources do not overlap either, on purpose: every job ends in one
// write transaction on the store (SQLite has a single writer), the matcher and a feed update
// each hold large data in memory, and the machine this targets has 2 cores that must keep
// serving pages. A run that outlasts its interval is not queued again: the next run is due one
// (jittered) interval after it finished.
//
// Thread-safe: State() and RunSoon() may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "config/config.h"
#include "core/result.h"
#include "match/engine.h"
#include "store/store.h"

namespace vs::server {

// What one run of a job reports.
struct JobOutcome {
  std::string status;                 // "ok", "partial", "failed".
  std::string error;                  // Empty when ok.
  std::vector<std::string> then_run;  // Jobs to make due now (db update → match).
};

struct Job {
  std::string name;  // "db-update", "match", or the collector's name.
  std::string kind;  // "db_update", "match", or the collector kind.
  // Zero: runs only when another job asks for it (then_run) or RunSoon().
  std::chrono::milliseconds interval{0};
  // Delay before the first run; nullopt: the scheduler's first_delay.
  std::optional<std::chrono::milliseconds> first_delay;
  // Runs on the worker thread. `stopping` turns true when the server is shutting down: a long
  // job checks it between steps and returns early.
  std::function<JobOutcome(const std::atomic<bool>& stopping)> run;
};

// One job as the sources page shows it. Times are RFC 3339 UTC; "" means never.
struct JobState {
  std::string name;
  std::string kind;
  std::chrono::milliseconds interval{0};
  std::string last_started;
  std::string last_finished;
  std::string last_status;
  std::string last_error;
  std::string next_run;
  bool running = false;
  int64_t runs = 0;
};

// interval × (1 + jitter × (2u − 1)) for u in [0, 1): within ±jitter of the interval.
std::chrono::milliseconds Jittered(std::chrono::milliseconds interval, double jitter, double u);

class Scheduler {
 public:
  struct Options {
    double jitter = 0.1;
    std::chrono::milliseconds first_delay{std::chrono::seconds(30)};
    // How long Stop() waits for a running job before leaving it behind.
    std::chrono::milliseconds stop_grace{std::chrono::seconds(10)};
    uint64_t seed = 0;  // 0: random.
  };

  Scheduler(std::vector<Job> jobs, Options options);
  ~Scheduler();  // Stop().
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Starts the worker thread (once).
  void Start();
  // Wakes the worker and waits for it: at once when idle, up to stop_grace for a running job.
  // Returns false when the job was still running then; the thread is detached and ends with it
  // (the job's store transaction is rolled back if the process exits first).
  bool Stop();
  // Makes the named job due now. Returns false for an unknown name.
  bool RunSoon(std::string_view name);
  std::vector<JobState> State() const;

 private:
  struct Shared;
  std::shared_ptr<Shared> shared_;
  std::thread thread_;
  Options options_;
};

// Where the scheduler's jobs get their store and matcher (App in `serve`, a temp store in
// tests). Every function is called on the scheduler's thread only.
struct JobEnv {
  std::function<Result<store::Store*>()> store;
  std::function<Result<std::shared_ptr<const match::Engine>>()> engine;
  std::function<void()> reload_engine;  // After a feed update changed the advisory db.
  std::vector<store::OwnershipRule> ownership;
  // Logs one line per run ("scheduler: ssm: ok — …"); empty: stderr.
  std::function<void(const std::string&)> log;
};

// The jobs `cfg` asks for: "db-update" when [schedule] db_update_minutes > 0 (feeds: [[feeds]]
// or the defaults), one per [[collectors]] entry, and "match" when match_minutes > 0 or when db
// update is scheduled (then it also runs after every update that changed a feed). The first run
// of a job that has run before continues its interval from the last run the store recorded
// (collection_runs, or the feeds' import times); one that never ran waits first_delay.
// Runs are recorded in the store as `vulnscope collect` / `db update` / `match` record them.
// Errors: kInvalidInput from collectors::CheckCollector.
Result<std::vector<Job>> MakeJobs(const config::Config& cfg, JobEnv env,
                                  store::Store* history = nullptr);

}  // namespace vs::server
