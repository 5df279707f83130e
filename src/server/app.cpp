#include "server/app.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <random>
#include <thread>

#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>

#include "server/auth/local.h"
#include "server/auth/registry.h"
#include "server/routes.h"

namespace vs::server {
namespace {

std::mutex g_server_mu;
httplib::Server* g_server = nullptr;

void OnSignal(int) {
  // httplib's stop() only flips a flag and shuts the listening socket: safe enough here, and
  // in-flight requests finish on their worker threads.
  if (g_server != nullptr) g_server->stop();
}

}  // namespace

void HttpMetrics::Observe(const std::string& route, int status, double seconds) {
  std::lock_guard<std::mutex> lock(mu);
  ++requests[{route, status / 100}];
  size_t i = 0;
  while (i < std::size(kBuckets) && seconds > kBuckets[i]) ++i;
  ++buckets[i];
  latency_sum += seconds;
  ++latency_count;
}

App::App(ServeOptions options) : options_(std::move(options)), throttle_(options_.throttle) {
  std::random_device rd;
  instance_ = (static_cast<uint64_t>(rd()) << 32) ^ rd();
}

App::~App() = default;

Result<store::Store*> App::Store() {
  // One connection per worker thread and database (tests run several servers in one process).
  thread_local std::map<std::string, std::unique_ptr<store::Store>> stores;
  auto it = stores.find(options_.db);
  if (it != stores.end()) return it->second.get();
  Result<std::unique_ptr<store::Store>> s = store::OpenStore(options_.db);
  if (!s) return Fail(s.error());
  store::Store* raw = s->get();
  stores.emplace(options_.db, std::move(*s));
  return raw;
}

Result<std::shared_ptr<const match::Engine>> App::Engine() {
  std::lock_guard<std::mutex> lock(engine_mu_);
  if (engine_) return engine_;
  Result<store::Store*> st = Store();
  if (!st) return Fail(st.error());
  Result<match::Engine> e = match::LoadEngine(**st);
  if (!e) return Fail(e.error());
  engine_ = std::make_shared<const match::Engine>(std::move(*e));
  return engine_;
}

void App::ReloadEngine() {
  std::lock_guard<std::mutex> lock(engine_mu_);
  engine_.reset();
}

Result<auth::Identity> App::Authenticate(std::string_view user, std::string_view password) {
  Result<store::Store*> st = Store();
  if (!st) return Fail(st.error());
  auth::BackendOptions bo;
  bo.ldap = options_.ldap;
  bo.password_cost = options_.password_cost;
  store::Store* s = *st;
  bo.local_users = [s](std::string_view name) -> Result<std::optional<auth::LocalUser>> {
    Result<std::optional<store::User>> u = s->GetUser(name);
    if (!u) return Fail(u.error());
    if (!*u || (*u)->source != "local") return std::optional<auth::LocalUser>();
    auth::LocalUser lu;
    lu.name = (*u)->name;
    lu.password_hash = (*u)->password_hash;
    lu.role = auth::ParseRole((*u)->role).value_or(auth::Role::kViewer);
    lu.team = (*u)->team;
    lu.disabled = (*u)->disabled;
    return std::optional<auth::LocalUser>(lu);
  };
  Error last{ErrorCode::kAuth, "invalid user name or password"};
  for (const std::string& key : options_.auth_backends) {
    Result<std::unique_ptr<auth::Authenticator>> a = auth::MakeAuthenticator(key, bo);
    if (!a) return Fail(a.error());
    Result<auth::Identity> id = (*a)->Authenticate(user, password);
    if (id) return id;
    // A rejected login tries the next backend; a broken backend is reported.
    if (id.error().code != ErrorCode::kAuth && id.error().code != ErrorCode::kNotFound &&
        id.error().code != ErrorCode::kInvalidInput)
      return Fail(id.error());
    last = id.error();
  }
  return Fail(last);
}

std::vector<JobState> App::ScheduleState() const {
  std::lock_guard<std::mutex> lock(scheduler_mu_);
  return scheduler_ == nullptr ? std::vector<JobState>{} : scheduler_->State();
}

void App::SetScheduler(const Scheduler* scheduler) {
  std::lock_guard<std::mutex> lock(scheduler_mu_);
  scheduler_ = scheduler;
}

Result<store::Aggregates> App::Aggregate(store::Store& store, const store::FindingQuery& q,
                                         int days) {
  std::string key = std::to_string(days);
  for (const std::string* f :
       {&q.vulnerability, &q.exploit, &q.repo, &q.account, &q.instance, &q.image, &q.namespace_,
        &q.team, &q.package, &q.ecosystem, &q.source, &q.kind, &q.asset, &q.since, &q.scope_team})
    key += '\x1f' + *f;
  for (const auto* list : {&q.severities, &q.statuses}) {
    key += '\x1e';
    for (const std::string& v : *list) key += v + ',';
  }
  key += q.fix_available ? (*q.fix_available ? "\x1dy" : "\x1dn") : "\x1d-";
  key += q.epss_min ? std::to_string(*q.epss_min) : "-";
  key += q.exact_scan ? "\x1cscan" : "";
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> lock(agg_mu_);
    auto it = agg_cache_.find(key);
    if (it != agg_cache_.end() && now - it->second.first < kAggregateTtl) return it->second.second;
  }
  Result<store::Aggregates> a = store.Aggregate(q, days);
  if (!a) return a;
  std::lock_guard<std::mutex> lock(agg_mu_);
  if (agg_cache_.size() > 1000) agg_cache_.clear();
  agg_cache_[key] = {now, *a};
  return a;
}

void App::InvalidateAggregates() {
  std::lock_guard<std::mutex> lock(agg_mu_);
  agg_cache_.clear();
}

std::string App::NewRequestId() {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08llx-%llu",
                static_cast<unsigned long long>(instance_ & 0xffffffffu),
                static_cast<unsigned long long>(++request_seq_));
  return buf;
}

Status Serve(const ServeOptions& options, const std::function<void(int port)>& ready) {
  size_t colon = options.listen.rfind(':');
  if (colon == std::string::npos)
    return Fail(ErrorCode::kInvalidInput, "--listen must be HOST:PORT, not " + options.listen);
  std::string host = options.listen.substr(0, colon);
  int port = std::atoi(options.listen.c_str() + colon + 1);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);

  // Shared with the scheduler's jobs, which may outlive Serve() when one is left running.
  auto app_ptr = std::make_shared<App>(options);
  App& app = *app_ptr;
  // Migrations run once here, before any worker opens the store.
  Result<store::Store*> st = app.Store();
  if (!st) return Fail(st.error());
  // Scheduled jobs are checked before the port is bound: a bad [[collectors]] entry fails here.
  JobEnv env;
  env.store = [app_ptr] { return app_ptr->Store(); };
  env.engine = [app_ptr] { return app_ptr->Engine(); };
  env.reload_engine = [app_ptr] { app_ptr->ReloadEngine(); };
  env.ownership = options.ownership;
  Result<std::vector<Job>> jobs = MakeJobs(options.config, std::move(env), *st);
  if (!jobs) return Fail(jobs.error());

  std::unique_ptr<httplib::Server> server;
  bool tls = !options.tls_cert.empty() && !options.tls_key.empty();
  if (tls) {
    auto ssl =
        std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(), options.tls_key.c_str());
    if (!ssl->is_valid())
      return Fail(ErrorCode::kInvalidInput, "cannot load TLS certificate or key");
    server = std::move(ssl);
  } else {
    server = std::make_unique<httplib::Server>();
  }
  // httplib holds a worker for each open keep-alive connection, and one browser opens up to
  // six: the pool is sized for concurrent connections, not cores (workers mostly wait).
  int threads = options.threads > 0
                    ? options.threads
                    : static_cast<int>(std::max(32u, std::thread::hardware_concurrency() * 8));
  server->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server->set_tcp_nodelay(true);
  server->set_keep_alive_max_count(1000);
  server->set_keep_alive_timeout(2);  // An idle connection frees its worker after 2 s.
  server->set_read_timeout(30, 0);
  server->set_write_timeout(60, 0);
  server->set_payload_max_length(256ull << 20);  // Report uploads.
  InstallRoutes(*server, app, tls);

  int bound = port;
  if (port == 0) {
    bound = server->bind_to_any_port(host);
  } else if (!server->bind_to_port(host, port)) {
    bound = -1;
  }
  if (bound < 0) return Fail(ErrorCode::kIo, "cannot listen on " + options.listen);
  {
    std::lock_guard<std::mutex> lock(g_server_mu);
    g_server = server.get();
  }
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  std::fprintf(stderr, "vulnscope: serving on %s://%s:%d\n", tls ? "https" : "http", host.c_str(),
               bound);
  std::unique_ptr<Scheduler> scheduler;
  if (!jobs->empty()) {
    scheduler = std::make_unique<Scheduler>(std::move(*jobs), options.scheduler);
    app.SetScheduler(scheduler.get());
    scheduler->Start();
  }
  // httplib's stop() does nothing until the accept loop runs (it checks is_running()): a stop
  // requested between bind and the loop would be lost and the server would never return. So
  // `ready` — after which callers may stop us — fires only once the loop is running.
  std::atomic<bool> listen_returned{false};
  std::thread notifier;
  if (ready) {
    notifier = std::thread([&] {
      while (!server->is_running() && !listen_returned)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      if (!listen_returned) ready(bound);
    });
  }
  bool ok = server->listen_after_bind();
  listen_returned = true;
  if (notifier.joinable()) notifier.join();
  if (scheduler) {
    // SIGTERM stopped the listener; an idle scheduler stops at once, a running job gets a grace.
    if (!scheduler->Stop())
      std::fprintf(stderr,
                   "vulnscope: scheduler: a job was still running at shutdown; its store "
                   "transaction is rolled back if the process exits first\n");
    app.SetScheduler(nullptr);
  }
  {
    std::lock_guard<std::mutex> lock(g_server_mu);
    g_server = nullptr;
  }
  if (!ok) return Fail(ErrorCode::kIo, "server stopped with an error");
  return Ok();
}

void StopServing() {
  std::lock_guard<std::mutex> lock(g_server_mu);
  if (g_server != nullptr) g_server->stop();
}

}  // namespace vs::server
