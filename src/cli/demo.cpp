#include "cli/demo.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "advisory/import.h"
#include "cli/context.h"
#include "collectors/report_import.h"
#include "collectors/ssm.h"
#include "io/documents.h"
#include "parsers/prometheus_text.h"
#include "server/app.h"
#include "server/auth/password.h"
#include "server/auth/token.h"

namespace vs::cli {
namespace {

namespace fs = std::filesystem;

constexpr char kDefaultDb[] = "./vulnscope-demo.db";
// Written into the audit log of every demo database: only such a database is ever deleted.
constexpr char kDemoMarker[] = "demo_build";

struct DemoArgs {
  std::string listen = "127.0.0.1:8080";
  std::string data;
  bool no_serve = false;
};

// The sample data folder: --data, else examples/demo above the binary (build/src/cli/vulnscope
// sits three levels below the repository) or above the current directory.
Result<fs::path> FindDataDir(const std::string& explicit_dir) {
  std::error_code ec;
  if (!explicit_dir.empty()) {
    fs::path p(explicit_dir);
    if (!fs::exists(p / "manifest.json", ec))
      return Fail(ErrorCode::kNotFound, "--data " + explicit_dir + ": no manifest.json there");
    return p;
  }
  std::vector<fs::path> starts;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) starts.push_back(exe.parent_path());
  starts.push_back(fs::current_path(ec));
  for (fs::path dir : starts) {
    for (; !dir.empty(); dir = dir.parent_path()) {
      fs::path candidate = dir / "examples" / "demo";
      if (fs::exists(candidate / "manifest.json", ec)) return candidate;
      if (dir == dir.parent_path()) break;
    }
  }
  return Fail(ErrorCode::kNotFound,
              "cannot find examples/demo (the sample data) above the binary or the current "
              "directory: pass --data DIR");
}

// --db when given explicitly, else ./vulnscope-demo.db: VULNSCOPE_DB names the user's real
// database, which the demo must never rebuild.
std::string DemoDatabase(const GlobalOptions& global) {
  const char* env = std::getenv("VULNSCOPE_DB");
  bool from_env = env != nullptr && *env != '\0' && global.db == env;
  if (global.db == "./vulnscope.db" || from_env) return kDefaultDb;
  return global.db;
}

// Removes a previous demo database so that every run starts clean. A file that is not a demo
// database is left alone and reported.
Status RemovePreviousDemo(const std::string& db) {
  std::error_code ec;
  if (!fs::exists(db, ec)) return Ok();
  {
    Result<std::unique_ptr<store::Store>> store = store::OpenStore(db);
    if (!store) return Fail(store.error().WithContext(db));
    Result<std::vector<store::AuditEntry>> log = (*store)->AuditLog(100000);
    bool demo = false;
    if (log)
      for (const store::AuditEntry& e : *log) demo = demo || e.action == kDemoMarker;
    if (!demo)
      return Fail(ErrorCode::kInvalidInput,
                  db + " exists and was not built by `vulnscope demo`: not touching it (choose "
                       "another --db)");
  }
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(db + suffix, ec);
  return Ok();
}

// An in-memory object source over the members of the shipped sync archive.
class ArchiveObjectSource : public collectors::ObjectSource {
 public:
  // Keys are member paths without the archive name ("AWS:Tag/accountid=…/i-….json").
  static Result<ArchiveObjectSource> Load(const std::string& path) {
    ArchiveObjectSource src;
    Status s = io::ForEachDocument(path, [&](std::string_view name, std::string_view bytes) {
      size_t bang = name.rfind('!');
      std::string key(bang == std::string_view::npos ? name : name.substr(bang + 1));
      src.objects_[key] = std::string(bytes);
      return Ok();
    });
    if (!s) return Fail(s.error());
    return src;
  }
  Result<std::vector<collectors::ObjectInfo>> List(std::string_view prefix) override {
    std::vector<collectors::ObjectInfo> out;
    for (auto it = objects_.lower_bound(std::string(prefix));
         it != objects_.end() && it->first.starts_with(prefix); ++it)
      out.push_back({it->first, it->second.size()});
    return out;
  }
  Result<std::string> Get(std::string_view key) override {
    auto it = objects_.find(std::string(key));
    if (it == objects_.end()) return Fail(ErrorCode::kNotFound, std::string(key));
    return it->second;
  }

 private:
  std::map<std::string, std::string> objects_;
};

struct Pod {
  std::string ns, pod, image;
};

// kube-state-metrics' kube_pod_container_info series: which namespaces run which image.
Result<std::vector<Pod>> ReadPods(const fs::path& path) {
  Result<std::string> body = io::ReadFile(path.string());
  if (!body) return Fail(body.error());
  std::vector<Pod> pods;
  std::string bad;
  parsers::ParsePromText(
      *body,
      [&](const parsers::PromSample& s) {
        if (s.name != "kube_pod_container_info") return;
        pods.push_back({std::string(parsers::PromLabelValue(s.labels, "namespace")),
                        std::string(parsers::PromLabelValue(s.labels, "pod")),
                        std::string(parsers::PromLabelValue(s.labels, "image"))});
      },
      [&](size_t line, std::string_view reason) {
        if (bad.empty()) bad = "line " + std::to_string(line) + ": " + std::string(reason);
      });
  if (!bad.empty()) return Fail(ErrorCode::kInvalidInput, path.string() + ": " + bad);
  return pods;
}

// A Trivy report names the image but not where it runs; the cluster's pods say that.
void PlaceImages(model::Collection& c, const std::vector<Pod>& pods) {
  for (model::AssetReport& r : c.assets) {
    if (r.asset.kind != model::AssetKind::kImage) continue;
    for (const Pod& p : pods) {
      if (p.image != r.asset.image || p.ns.empty()) continue;
      auto add = [](std::vector<std::string>& v, const std::string& s) {
        if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
      };
      add(r.asset.namespaces, p.ns);
      if (!p.pod.empty()) add(r.asset.workloads, p.ns + "/Pod/" + p.pod);
    }
    std::sort(r.asset.namespaces.begin(), r.asset.namespaces.end());
    std::sort(r.asset.workloads.begin(), r.asset.workloads.end());
  }
}

// Every step of the build; a failing step stops it (the demo data is ours: it must import).
Status Build(store::Store& store, const config::Config& cfg, const fs::path& data) {
  Result<std::string> text = io::ReadFile((data / "manifest.json").string());
  if (!text) return Fail(text.error());
  nlohmann::json manifest = nlohmann::json::parse(*text, nullptr, false);
  if (manifest.is_discarded() || !manifest.is_object())
    return Fail(ErrorCode::kInvalidInput, (data / "manifest.json").string() + ": not JSON");

  std::fprintf(stderr, "demo: importing advisories and exploit intelligence\n");
  for (const auto& feed : manifest.value("feeds", nlohmann::json::array())) {
    std::string file = feed.get<std::string>();
    store::SourceInfo info;
    info.name = "demo:" + file;
    Result<advisory::ImportReport> r =
        advisory::ImportPath(store, (data / "feeds" / file).string(), info, false);
    if (!r) return Fail(r.error().WithContext("feeds/" + file));
    std::fprintf(stderr, "  %-40s %6zu advisories %5zu exploit refs %4zu EPSS\n", file.c_str(),
                 r->advisories, r->exploits, r->epss);
  }

  std::fprintf(stderr, "demo: collecting the SSM inventory sync\n");
  Result<ArchiveObjectSource> sync =
      ArchiveObjectSource::Load((data / manifest.value("ssm", "ssm-sync.tar.gz")).string());
  if (!sync) return Fail(sync.error());
  Result<model::Collection> ssm = collectors::CollectSsm(*sync, {});
  if (!ssm) return Fail(ssm.error().WithContext("ssm"));
  std::optional<match::Engine> engine;
  if (ApplyCollection(store, cfg, *ssm, engine) != 0)
    return Fail(ErrorCode::kInternal, "applying the SSM collection failed");

  std::vector<Pod> pods;
  if (manifest.contains("kube_pod_container_info")) {
    Result<std::vector<Pod>> p =
        ReadPods(data / manifest["kube_pod_container_info"].get<std::string>());
    if (!p) return Fail(p.error());
    pods = std::move(*p);
  }

  std::fprintf(stderr, "demo: importing repositories and container images\n");
  for (const auto& item : manifest.value("imports", nlohmann::json::array())) {
    collectors::ImportOptions opts;
    opts.asset = item.value("asset", "");
    opts.kind = item.value("kind", "host");
    std::string path = (data / item.value("path", "")).string();
    Status walk = io::ForEachDocument(path, [&](std::string_view name, std::string_view bytes) {
      Result<model::Collection> c = collectors::CollectionFromDocument(name, bytes, opts);
      if (!c) return Status(Fail(c.error()));
      PlaceImages(*c, pods);
      if (ApplyCollection(store, cfg, *c, engine) != 0)
        return Status(Fail(ErrorCode::kInternal, "applying " + std::string(name) + " failed"));
      return Ok();
    });
    if (!walk) return walk;
  }
  return Ok();
}

int Run(const GlobalOptions& global, const DemoArgs& args) {
  Result<fs::path> data = FindDataDir(args.data);
  if (!data) return Error(data.error().message);
  GlobalOptions with_config = global;
  if (with_config.config.empty()) with_config.config = (*data / "vulnscope.toml").string();
  Result<config::Config> cfg = LoadConfigFor(with_config);
  if (!cfg) return Error(cfg.error().message);

  std::string db = DemoDatabase(global);
  if (db.rfind("postgres", 0) == 0)
    return Error("the demo builds a SQLite file; pass --db FILE, not a PostgreSQL URL");
  if (Status s = RemovePreviousDemo(db); !s) return Error(s.error().message);
  std::fprintf(stderr, "demo: building %s from %s\n", db.c_str(), data->c_str());

  std::string password = server::auth::NewToken().substr(0, 20);  // 120 random bits.
  {
    Result<std::unique_ptr<store::Store>> store = store::OpenStore(db);
    if (!store) return Error(store.error().message);
    // The marker first, so that a half-built demo database can be rebuilt too.
    if (Status s = (*store)->Audit({0, "", "cli", kDemoMarker, data->string(), "cli"}); !s)
      return Error(s.error().message);
    if (Status s = Build(**store, *cfg, *data); !s)
      return Error("demo: " + s.error().message + " (re-run `vulnscope demo` to start again)");
    Result<std::string> hash = server::auth::HashPassword(password);
    if (!hash) return Error(hash.error().message);
    if (Status s = (*store)->PutUser({"admin", *hash, "admin", "", "local", false, ""}); !s)
      return Error(s.error().message);
    (void)(*store)->Audit({0, "", "cli", "user_add", "admin role=admin (demo)", "cli"});
  }

  std::printf(
      "\nvulnscope demo database: %s\n"
      "  user:     admin\n"
      "  password: %s\n"
      "(shown only now; re-run `vulnscope demo` for a new database and password)\n",
      db.c_str(), password.c_str());
  std::fflush(stdout);
  if (args.no_serve) return 0;

  server::ServeOptions opts;
  opts.listen = args.listen;
  opts.db = db;
  opts.ownership = OwnershipRules(*cfg);
  Status s = server::Serve(opts, [&](int port) {
    std::string host = args.listen.substr(0, args.listen.rfind(':'));
    std::printf("open http://%s:%d and log in as admin (Ctrl-C stops)\n", host.c_str(), port);
    std::fflush(stdout);
  });
  if (!s) return Error(s.error().message);
  return 0;
}

}  // namespace

void AddDemo(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<DemoArgs>();
  CLI::App* cmd = app.add_subcommand(
      "demo",
      "Build ./vulnscope-demo.db (or --db) from the shipped sample data, create an admin with a "
      "random password and serve the dashboard");
  cmd->add_option("--listen", args->listen, "HOST:PORT (default 127.0.0.1:8080)");
  cmd->add_option("--data", args->data, "Sample data folder (default: examples/demo)");
  cmd->add_flag("--no-serve", args->no_serve, "Build the database and exit");
  cmd->callback([args, &global] {
    int rc = Run(global, *args);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace vs::cli
