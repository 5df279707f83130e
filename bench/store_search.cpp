// Store search benchmark. Generates (bench/store_gen.h) a store of 50,000 assets and N
// findings on SQLite and on a PostgreSQL server it starts on 127.0.0.1, opens each through
// store::OpenStore (so migrations run), and times filter combinations through
// Store::SearchFindings (first page of 100, then the keyset second page) and Store::Aggregate.
// Next to each: the floor, the very SQL text the store issued (captured from the connection)
// run directly through the sqlite3 / libpq C APIs, reading every row. Prints p50/p95 in ms,
// the store/floor ratio, load time and peak resident memory.
//
//   bench_store_search [--findings N] [--assets N] [--runs R] [--backend sqlite|postgres|both]
//                      [--dir DIR]
//
// With --dir, the generated stores are kept there and reused by the next run of the same
// size (the PostgreSQL cluster included), so index and query changes iterate quickly.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include <libpq-fe.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench/common.h"
#include "bench/store_gen.h"
#include "core/time.h"
#include "store/postgres/connection.h"
#include "store/sql/connection.h"
#include "store/sql_store.h"
#include "store/sqlite/connection.h"
#include "store/store.h"

namespace fs = std::filesystem;
using vs::bench::Now;

namespace {

using Param = std::variant<std::monostate, std::string, int64_t, double>;

// One statement the store executed: text with `?` placeholders and its bound values.
struct Captured {
  std::string sql;
  std::vector<Param> params;
};

// A connection that remembers every statement prepared through it (and its bindings), so the
// floor runs exactly what the store ran.
class RecordingStatement final : public vs::store::sql::Statement {
 public:
  RecordingStatement(std::unique_ptr<Statement> inner, Captured* log)
      : inner_(std::move(inner)), log_(log) {}
  Statement& Bind(int index, std::string_view text) override {
    Slot(index) = std::string(text);
    inner_->Bind(index, text);
    return *this;
  }
  Statement& Bind(int index, int64_t value) override {
    Slot(index) = value;
    inner_->Bind(index, value);
    return *this;
  }
  Statement& Bind(int index, double value) override {
    Slot(index) = value;
    inner_->Bind(index, value);
    return *this;
  }
  Statement& BindNull(int index) override {
    Slot(index) = std::monostate{};
    inner_->BindNull(index);
    return *this;
  }
  using Statement::Bind;
  vs::Result<bool> Step() override { return inner_->Step(); }
  vs::Status Run() override { return inner_->Run(); }
  void Reset() override { inner_->Reset(); }
  std::string_view Text(int c) const override { return inner_->Text(c); }
  int64_t Int(int c) const override { return inner_->Int(c); }
  double Real(int c) const override { return inner_->Real(c); }
  bool IsNull(int c) const override { return inner_->IsNull(c); }

 private:
  Param& Slot(int index) {
    if (log_->params.size() < static_cast<size_t>(index)) log_->params.resize(index);
    return log_->params[index - 1];
  }
  std::unique_ptr<Statement> inner_;
  Captured* log_;
};

class RecordingConnection final : public vs::store::sql::Connection {
 public:
  RecordingConnection(std::unique_ptr<Connection> inner, std::deque<Captured>* log)
      : inner_(std::move(inner)), log_(log) {}
  vs::store::sql::Dialect dialect() const override { return inner_->dialect(); }
  vs::Status Exec(std::string_view sql) override { return inner_->Exec(sql); }
  vs::Result<std::unique_ptr<vs::store::sql::Statement>> Prepare(std::string_view sql,
                                                                 bool streaming) override {
    auto st = inner_->Prepare(sql, streaming);
    if (!st) return st;
    log_->push_back(Captured{std::string(sql), {}});
    // A deque: earlier entries stay where they are while statements are still binding.
    return std::unique_ptr<vs::store::sql::Statement>(
        new RecordingStatement(std::move(*st), &log_->back()));
  }
  vs::Status Begin() override { return inner_->Begin(); }

 private:
  std::unique_ptr<Connection> inner_;
  std::deque<Captured>* log_;
};

// ---- Direct execution (the floor).

class Floor {
 public:
  virtual ~Floor() = default;
  // Runs every statement, reading every column of every row; returns the rows of the last (a search
  // first counts its candidates on SQLite).
  virtual int64_t Run(const std::vector<Captured>& statements) = 0;
};

class SqliteFloor final : public Floor {
 public:
  explicit SqliteFloor(const std::string& path) {
    sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr);
    // The store's page cache size, so both read through the same amount of cache.
    sqlite3_exec(db_, "PRAGMA cache_size=-65536", nullptr, nullptr, nullptr);
  }
  ~SqliteFloor() override { sqlite3_close_v2(db_); }
  int64_t Run(const std::vector<Captured>& statements) override {
    int64_t last = -1;
    for (const Captured& c : statements) {
      sqlite3_stmt* st = nullptr;
      if (sqlite3_prepare_v2(db_, c.sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
        std::fprintf(stderr, "floor: %s\n", sqlite3_errmsg(db_));
        return -1;
      }
      for (size_t i = 0; i < c.params.size(); ++i) {
        int idx = static_cast<int>(i + 1);
        if (const auto* s = std::get_if<std::string>(&c.params[i]))
          sqlite3_bind_text(st, idx, s->c_str(), static_cast<int>(s->size()), SQLITE_STATIC);
        else if (const auto* n = std::get_if<int64_t>(&c.params[i]))
          sqlite3_bind_int64(st, idx, *n);
        else if (const auto* d = std::get_if<double>(&c.params[i]))
          sqlite3_bind_double(st, idx, *d);
        else
          sqlite3_bind_null(st, idx);
      }
      int64_t rows = 0;
      size_t bytes = 0;
      while (sqlite3_step(st) == SQLITE_ROW) {
        ++rows;
        for (int col = 0; col < sqlite3_column_count(st); ++col) {
          sqlite3_column_text(st, col);
          bytes += static_cast<size_t>(sqlite3_column_bytes(st, col));
        }
      }
      sqlite3_finalize(st);
      sink_ += bytes;
      last = rows;
    }
    return last;
  }

 private:
  sqlite3* db_ = nullptr;
  size_t sink_ = 0;
};

class PgFloor final : public Floor {
 public:
  explicit PgFloor(const std::string& url) : conn_(PQconnectdb(url.c_str())) {}
  ~PgFloor() override { PQfinish(conn_); }
  int64_t Run(const std::vector<Captured>& statements) override {
    int64_t last = -1;
    for (const Captured& c : statements) {
      std::string sql = vs::store::sql::NumberPlaceholders(c.sql);
      std::vector<std::string> text(c.params.size());
      std::vector<const char*> values(c.params.size());
      for (size_t i = 0; i < c.params.size(); ++i) {
        if (const auto* s = std::get_if<std::string>(&c.params[i])) {
          text[i] = *s;
        } else if (const auto* n = std::get_if<int64_t>(&c.params[i])) {
          text[i] = std::to_string(*n);
        } else if (const auto* d = std::get_if<double>(&c.params[i])) {
          char buf[32];
          std::snprintf(buf, sizeof buf, "%.17g", *d);
          text[i] = buf;
        }
        values[i] = std::holds_alternative<std::monostate>(c.params[i]) ? nullptr : text[i].c_str();
      }
      PGresult* r = PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                 values.data(), nullptr, nullptr, 0);
      if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        std::fprintf(stderr, "floor: %s\n", PQresultErrorMessage(r));
        PQclear(r);
        return -1;
      }
      int64_t rows = PQntuples(r);
      size_t bytes = 0;
      for (int i = 0; i < rows; ++i)
        for (int col = 0; col < PQnfields(r); ++col) bytes += PQgetlength(r, i, col);
      sink_ += bytes;
      PQclear(r);
      last = rows;
    }
    return last;
  }

 private:
  PGconn* conn_;
  size_t sink_ = 0;
};

// ---- A PostgreSQL server on 127.0.0.1 (as tests/support/postgres.cpp starts it).

int Shell(const std::string& cmd) {
  int rc = std::system((cmd + " >/dev/null 2>&1").c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

class PgServer {
 public:
  ~PgServer() {
    if (started_) Shell(run_as_ + bin_ + "/pg_ctl -D " + data_ + " -m fast -w stop");
  }
  // Starts the cluster in `dir` (initdb on first use). Returns the URL of database "bench"
  // and whether it existed already.
  bool Start(const std::string& dir, std::string* url, bool* existed) {
    for (int v : {17, 16, 15, 14, 13}) {
      std::string b = "/usr/lib/postgresql/" + std::to_string(v) + "/bin";
      if (access((b + "/initdb").c_str(), X_OK) == 0) {
        bin_ = b;
        break;
      }
    }
    if (bin_.empty()) return false;
    if (geteuid() == 0) run_as_ = "runuser -u postgres -- ";
    data_ = dir + "/data";
    *existed = fs::exists(data_ + "/PG_VERSION");
    fs::create_directories(dir);
    if (!run_as_.empty()) Shell("chmod 755 " + dir + " && chown postgres:postgres " + dir);
    if (!*existed &&
        Shell(run_as_ + bin_ + "/initdb -D " + data_ +
              " -U postgres --auth-local=trust --auth-host=trust -E UTF8 --locale=C.UTF-8 "
              "--no-sync") != 0) {
      return false;
    }
    int port = 0;
    for (int p = 25432; p < 25532 && port == 0; ++p)
      if (Shell("ss -ltn | grep -q ':" + std::to_string(p) + " '") != 0) port = p;
    // Durability off as in the tests (a benchmark store); 512 MB shared buffers, the rest
    // of the settings are PostgreSQL's defaults.
    if (Shell(run_as_ + bin_ + "/pg_ctl -D " + data_ + " -l " + dir + "/server.log -w -t 60 " +
              "-o \"-c listen_addresses=127.0.0.1 -p " + std::to_string(port) + " -k " + dir +
              " -c fsync=off -c synchronous_commit=off -c full_page_writes=off "
              "-c shared_buffers=512MB\" start") != 0) {
      return false;
    }
    started_ = true;
    std::string base = "postgresql://postgres@127.0.0.1:" + std::to_string(port);
    if (!*existed) Shell("psql -X -q '" + base + "/postgres' -c 'CREATE DATABASE bench'");
    *url = base + "/bench";
    return true;
  }

 private:
  std::string bin_, run_as_, data_;
  bool started_ = false;
};

// ---- Measurements.

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)] * 1000;
}

// Runs `fn` `runs` times after one warm-up; slow queries (seconds each) stop after ~10 s once
// 3 runs are in, so a run of the whole table finishes.
std::vector<double> Time(int runs, const std::function<void()>& fn) {
  fn();
  std::vector<double> out;
  double start = Now();
  for (int i = 0; i < runs; ++i) {
    double t = Now();
    fn();
    out.push_back(Now() - t);
    if (i >= 2 && Now() - start > 10) break;
  }
  return out;
}

struct Combo {
  std::string name;
  vs::store::FindingQuery query;
};

std::vector<Combo> Combos(const vs::bench::GenSample& s) {
  std::vector<Combo> out;
  auto add = [&](std::string name, std::function<void(vs::store::FindingQuery&)> f) {
    vs::store::FindingQuery q;
    f(q);
    out.push_back({std::move(name), std::move(q)});
  };
  add("open (default)", [](auto&) {});
  add("--cve " + s.big_cve + " (biggest)", [&](auto& q) { q.vulnerability = s.big_cve; });
  add("--cve " + s.alias + " (Log4Shell alias)", [&](auto& q) { q.vulnerability = s.alias; });
  add("--cve " + s.rare_cve + " (rare)", [&](auto& q) { q.vulnerability = s.rare_cve; });
  add("--exploit kev", [](auto& q) { q.exploit = "kev"; });
  add("--exploit exploitdb --severity critical", [](auto& q) {
    q.exploit = "exploitdb";
    q.severities = {"critical"};
  });
  add("--account " + s.account, [&](auto& q) { q.account = s.account; });
  add("--instance " + s.instance + " (ASG member)", [&](auto& q) { q.instance = s.instance; });
  add("--repo " + s.repo, [&](auto& q) { q.repo = s.repo; });
  add("--image " + s.image, [&](auto& q) { q.image = s.image; });
  add("--namespace " + s.namespace_, [&](auto& q) { q.namespace_ = s.namespace_; });
  add("--team " + s.team + " --severity high", [&](auto& q) {
    q.team = s.team;
    q.severities = {"high"};
  });
  add("epss >= 0.5", [](auto& q) { q.epss_min = 0.5; });
  add("viewer scoped to team " + s.team, [&](auto& q) { q.scope_team = s.team; });
  add("since 7 days", [](auto& q) {
    q.since = vs::FormatRfc3339(static_cast<int64_t>(std::time(nullptr)) - 7 * 86400);
  });
  return out;
}

// Resets VmHWM so the next reading covers only what follows (Linux ≥ 4.0).
void ResetPeak() { std::ofstream("/proc/self/clear_refs") << "5"; }

struct Row {
  std::string what;
  int64_t rows = 0;
  size_t runs = 0;
  double p50 = 0, p95 = 0, f50 = 0, f95 = 0;
};

// Whether to time Aggregate for a combination. Filters the rollups cannot answer scan the
// matching findings (minutes for broad ones at 10 M), so big runs time only what the
// dashboard's overview asks for: everything, or one team.
bool TimeAggregate(const vs::store::FindingQuery& q, int64_t findings) {
  if (findings <= 1000000) return true;
  return q.vulnerability.empty() && q.account.empty() && q.instance.empty() && q.repo.empty() &&
         q.image.empty() && q.namespace_.empty() && q.severities.empty() && !q.epss_min &&
         q.since.empty() && (q.exploit.empty() || q.exploit == "kev");
}

int Bench(const std::string& backend, const std::string& url, const vs::bench::GenSample& s,
          int runs, std::vector<Row>* table) {
  double t = Now();
  auto store = vs::store::OpenStore(url);
  if (!store) {
    std::fprintf(stderr, "%s: %s\n", backend.c_str(), store.error().message.c_str());
    return 1;
  }
  std::printf("%s: opened (migrations checked) in %.2f s\n", backend.c_str(), Now() - t);
  std::deque<Captured> log;
  bool pg = backend == "postgresql";
  auto raw = pg ? vs::store::sql::OpenPostgres(url) : vs::store::sql::OpenSqlite(url);
  if (!raw) return 1;
  auto recorder = vs::store::OpenSqlStore(
      std::make_unique<RecordingConnection>(std::move(*raw), &log), backend);
  if (!recorder) return 1;
  std::unique_ptr<Floor> floor;
  if (pg)
    floor = std::make_unique<PgFloor>(url);
  else
    floor = std::make_unique<SqliteFloor>(url);

  int failures = 0;
  for (const Combo& c : Combos(s)) {
    vs::store::FindingQuery q = c.query;
    q.limit = 100;
    // Capture the statements of each call once.
    log.clear();
    auto page1 = (*recorder)->SearchFindings(q);
    std::vector<Captured> sql1(log.begin(), log.end());
    if (!page1) {
      std::fprintf(stderr, "%s: %s\n", c.name.c_str(), page1.error().message.c_str());
      return 1;
    }
    vs::store::FindingQuery q2 = q;
    q2.after = page1->next;
    log.clear();
    auto page2 = (*recorder)->SearchFindings(q2);
    std::vector<Captured> sql2(log.begin(), log.end());
    log.clear();
    bool time_agg = TimeAggregate(q, s.findings);
    vs::Result<vs::store::Aggregates> agg = vs::store::Aggregates{};
    if (time_agg) agg = (*recorder)->Aggregate(q, 30);
    std::vector<Captured> sql3(log.begin(), log.end());
    if (!page2 || !agg) return 1;
    if (std::getenv("VS_BENCH_SQL") != nullptr) {
      // For EXPLAIN: every statement of the three calls with its parameters.
      for (const auto* list : {&sql1, &sql2, &sql3})
        for (const Captured& st : *list) {
          std::printf("-- %s\n%s;\n--", c.name.c_str(), st.sql.c_str());
          for (const Param& p : st.params) {
            if (const auto* x = std::get_if<std::string>(&p))
              std::printf(" '%s'", x->c_str());
            else if (const auto* n = std::get_if<int64_t>(&p))
              std::printf(" %lld", static_cast<long long>(*n));
            else if (const auto* d = std::get_if<double>(&p))
              std::printf(" %g", *d);
            else
              std::printf(" NULL");
          }
          std::printf("\n");
        }
    }

    Row r1{c.name + " · page 1", static_cast<int64_t>(page1->rows.size())};
    auto a = Time(runs, [&] { (void)(*store)->SearchFindings(q); });
    auto b = Time(runs, [&] { floor->Run(sql1); });
    // The floor must select what the store selects (one more row: the "is there a next page"
    // probe).
    int64_t floor_rows = floor->Run(sql1);
    if (floor_rows != r1.rows + (page1->next.empty() ? 0 : 1)) {
      std::fprintf(stderr, "MISMATCH %s: store %lld rows, floor %lld\n", c.name.c_str(),
                   static_cast<long long>(r1.rows), static_cast<long long>(floor_rows));
      ++failures;
    }
    r1.runs = a.size();
    r1.p50 = Percentile(a, 0.5), r1.p95 = Percentile(a, 0.95);
    r1.f50 = Percentile(b, 0.5), r1.f95 = Percentile(b, 0.95);
    table->push_back(r1);

    Row r2{c.name + " · page 2", static_cast<int64_t>(page2->rows.size())};
    if (!page1->next.empty()) {
      a = Time(runs, [&] { (void)(*store)->SearchFindings(q2); });
      b = Time(runs, [&] { floor->Run(sql2); });
      r2.runs = a.size();
      r2.p50 = Percentile(a, 0.5), r2.p95 = Percentile(a, 0.95);
      r2.f50 = Percentile(b, 0.5), r2.f95 = Percentile(b, 0.95);
      table->push_back(r2);
    }

    Row r3{c.name + " · aggregate", agg->open};
    if (time_agg) {
      a = Time(runs, [&] { (void)(*store)->Aggregate(q, 30); });
      b = Time(runs, [&] { floor->Run(sql3); });
      r3.runs = a.size();
      r3.p50 = Percentile(a, 0.5), r3.p95 = Percentile(a, 0.95);
      r3.f50 = Percentile(b, 0.5), r3.f95 = Percentile(b, 0.95);
      table->push_back(r3);
      if (c.query.vulnerability.empty() && s.findings <= 1000000 &&
          (c.query.exploit == "kev" || c.query.scope_team.size() || c.name == "open (default)")) {
        // The same counts from a scan of the findings (what Aggregate did before the
        // rollups); it must agree.
        vs::store::FindingQuery exact = q;
        exact.exact_scan = true;
        auto scanned = (*store)->Aggregate(exact, 30);
        if (!scanned || scanned->open != agg->open ||
            scanned->top_vulnerabilities.size() != agg->top_vulnerabilities.size()) {
          std::fprintf(stderr, "MISMATCH %s: rollup and scan aggregates differ\n", c.name.c_str());
          ++failures;
        }
        Row r4{c.name + " · aggregate by scan (no rollups)", scanned ? scanned->open : 0};
        a = Time(std::min(runs, 3), [&] { (void)(*store)->Aggregate(exact, 30); });
        r4.runs = a.size();
        r4.p50 = Percentile(a, 0.5), r4.p95 = Percentile(a, 0.95);
        table->push_back(r4);
      }
    }
    std::printf("  %-62s p95 %8.1f / %8.1f / %8.1f ms\n", c.name.c_str(), r1.p95, r2.p95, r3.p95);
    std::fflush(stdout);
  }
  return failures;
}

void Print(const std::string& backend, const std::vector<Row>& rows) {
  std::printf(
      "\n%s\n| query | rows | runs | p50 ms | p95 ms | floor p50 | floor p95 | p95 ratio |\n"
      "|---|---|---|---|---|---|---|---|\n",
      backend.c_str());
  for (const Row& r : rows) {
    std::printf("| %s | %lld | %zu | %.1f | %s%.1f%s | %.1f | %.1f | %.2f× |\n", r.what.c_str(),
                static_cast<long long>(r.rows), r.runs, r.p50, r.p95 >= 100 ? "**" : "", r.p95,
                r.p95 >= 100 ? "**" : "", r.f50, r.f95, r.f95 > 0 ? r.p95 / r.f95 : 0.0);
  }
}

}  // namespace

int main(int argc, char** argv) {
  vs::bench::GenOptions opt;
  int runs = 20;
  std::string backend = "both", dir;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--findings")
      opt.findings = std::stoll(value);
    else if (flag == "--assets")
      opt.assets = std::stoll(value);
    else if (flag == "--runs")
      runs = std::stoi(value);
    else if (flag == "--backend")
      backend = value;
    else if (flag == "--dir")
      dir = value;
    else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  bool keep = !dir.empty();
  if (dir.empty()) {
    char tmpl[] = "/tmp/vs-bench-store-XXXXXX";
    dir = mkdtemp(tmpl);
    // The PostgreSQL server runs as user postgres and needs to enter it.
    fs::permissions(dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                             fs::perms::others_read | fs::perms::others_exec);
  }
  fs::create_directories(dir);
  std::string tag = std::to_string(opt.assets) + "x" + std::to_string(opt.findings);
  int failures = 0;

  auto prepare = [&](const std::string& name, const std::string& url,
                     bool reuse) -> vs::Result<vs::bench::GenSample> {
    if (reuse) {
      auto s = vs::bench::ReadSample(url);
      if (s && s->findings == opt.findings && s->assets == opt.assets) {
        std::printf("%s: reusing the generated store in %s\n", name.c_str(), dir.c_str());
        return s;
      }
    }
    ResetPeak();
    double t = Now();
    auto s = vs::bench::GenerateStore(url, opt);
    if (!s) return s;
    std::printf(
        "%s: generated %lld assets, %lld findings (%lld open, %lld KEV, %lld ExploitDB), "
        "%lld alias rows in %.1f s: rows %.1f s (%.0f findings/s), indexes + stats "
        "%.1f s; generator peak RSS %.0f MiB\n",
        name.c_str(), static_cast<long long>(s->assets), static_cast<long long>(s->findings),
        static_cast<long long>(s->open), static_cast<long long>(s->kev),
        static_cast<long long>(s->exploitdb), static_cast<long long>(s->aliases), Now() - t,
        s->load_seconds, static_cast<double>(s->findings) / s->load_seconds, s->index_seconds,
        vs::bench::PeakResidentMiB());
    return s;
  };

  if (backend == "sqlite" || backend == "both") {
    std::string path = dir + "/store-" + tag + ".db";
    auto s = prepare("sqlite", path, fs::exists(path));
    if (!s) {
      std::fprintf(stderr, "sqlite: %s\n", s.error().message.c_str());
      return 1;
    }
    std::printf("sqlite: file %.0f MiB\n",
                static_cast<double>(fs::file_size(path)) / (1024.0 * 1024.0));
    ResetPeak();
    std::vector<Row> rows;
    failures += Bench("sqlite", path, *s, runs, &rows);
    Print("SQLite " + tag, rows);
    std::printf("search process peak RSS: %.0f MiB\n", vs::bench::PeakResidentMiB());
    if (!keep) fs::remove(path);
  }
  if (backend == "postgres" || backend == "postgresql" || backend == "both") {
    PgServer server;
    std::string url;
    bool existed = false;
    if (!server.Start(dir + "/pg-" + tag, &url, &existed)) {
      std::fprintf(stderr, "postgresql: cannot start a server (install postgresql)\n");
      return 1;
    }
    auto s = prepare("postgresql", url, existed);
    if (!s) {
      std::fprintf(stderr, "postgresql: %s\n", s.error().message.c_str());
      return 1;
    }
    ResetPeak();
    std::vector<Row> rows;
    failures += Bench("postgresql", url, *s, runs, &rows);
    Print("PostgreSQL " + tag, rows);
    std::printf("search process peak RSS: %.0f MiB\n", vs::bench::PeakResidentMiB());
  }
  if (!keep) fs::remove_all(dir);
  return failures == 0 ? 0 : 1;
}
