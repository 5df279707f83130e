// `vulnscope serve`: the dashboard, JSON API, ingestion endpoints and /metrics on
// cpp-httplib, with sessions and API tokens in the store.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/result.h"
#include "match/engine.h"
#include "server/auth/ldap.h"
#include "server/auth/password.h"
#include "server/auth/throttle.h"
#include "server/scheduler.h"
#include "store/store.h"

namespace vs::server {

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  std::string db;        // SQLite path or postgresql:// URL.
  std::string tls_cert;  // PEM files; both set: HTTPS.
  std::string tls_key;
  bool behind_proxy = false;  // Trust X-Forwarded-For / -Proto from the proxy.
  int threads = 0;            // 0: max(32, hardware concurrency × 8): one per open connection.
  std::chrono::seconds session_idle{30 * 60};
  std::chrono::seconds session_absolute{12 * 60 * 60};
  std::vector<std::string> auth_backends = {"local"};  // Tried in order: "local", "ldap".
  auth::LdapConfig ldap;
  auth::PasswordCost password_cost = auth::PasswordCost::Interactive();
  auth::ThrottleOptions throttle;
  std::vector<store::OwnershipRule> ownership;
  bool access_log = true;
  // [schedule], [[collectors]] and [[feeds]]: the scheduler's jobs (none: no scheduler).
  config::Config config;
  Scheduler::Options scheduler;
};

// Counters for /metrics (bounded label sets only).
struct HttpMetrics {
  static constexpr double kBuckets[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  std::mutex mu;
  std::map<std::pair<std::string, int>, uint64_t> requests;  // (route, status class) → count.
  uint64_t buckets[std::size(kBuckets) + 1] = {};
  double latency_sum = 0;
  uint64_t latency_count = 0;
  void Observe(const std::string& route, int status, double seconds);
};

// Shared state of a running server. Stores are per thread (a Store is single-threaded).
class App {
 public:
  explicit App(ServeOptions options);
  ~App();

  const ServeOptions& options() const { return options_; }
  // This thread's store connection, opened on first use.
  Result<store::Store*> Store();
  // The matcher, loaded once and replaced after a feed update (ReloadEngine).
  Result<std::shared_ptr<const match::Engine>> Engine();
  void ReloadEngine();
  // Local then LDAP, as configured: the first backend that knows the user decides.
  Result<auth::Identity> Authenticate(std::string_view user, std::string_view password);
  auth::LoginThrottle& throttle() { return throttle_; }
  HttpMetrics& metrics() { return metrics_; }
  std::string NewRequestId();

  // Aggregates are full scans of the matching findings (seconds at millions of rows); the
  // overview, /metrics and the API share results computed in the last `kAggregateTtl`.
  // Writes through the server (imports, /vuls) drop the cache.
  static constexpr std::chrono::seconds kAggregateTtl{30};
  Result<store::Aggregates> Aggregate(store::Store& store, const store::FindingQuery& q, int days);
  void InvalidateAggregates();
  // The scheduler's jobs for the sources page; empty when nothing is scheduled.
  std::vector<JobState> ScheduleState() const;
  void SetScheduler(const Scheduler* scheduler);

 private:
  ServeOptions options_;
  auth::LoginThrottle throttle_;
  HttpMetrics metrics_;
  std::mutex engine_mu_;
  std::shared_ptr<const match::Engine> engine_;
  std::atomic<uint64_t> request_seq_{0};
  std::mutex agg_mu_;
  std::map<std::string, std::pair<std::chrono::steady_clock::time_point, store::Aggregates>>
      agg_cache_;
  uint64_t instance_ = 0;
  mutable std::mutex scheduler_mu_;
  const Scheduler* scheduler_ = nullptr;
};

// Runs until SIGINT/SIGTERM (graceful: in-flight requests finish). `ready` is called with the
// bound port once listening (tests listen on port 0).
Status Serve(const ServeOptions& options, const std::function<void(int port)>& ready = nullptr);

// Stops a Serve() running in this process (tests).
void StopServing();

}  // namespace vs::server
