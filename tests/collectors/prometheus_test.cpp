// CollectPrometheus against the real thing: Debian's /usr/bin/prometheus on 127.0.0.1, scraping
// the fixture expositions served by python's http.server (stack.md §5c); both are started here
// and stopped by pid.
#include "collectors/prometheus.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "net/http.h"

extern char** environ;

namespace vs::collectors {
namespace {

namespace fs = std::filesystem;

constexpr char kDigest[] =
    "sha256:3f1c0d9ab2e4c5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4";

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Testdata(const std::string& name) {
  return ReadFile(fs::path(VS_SOURCE_DIR) / "tests/testdata/parsers/prometheus_text" / name);
}

// A port nobody listens on right now (the kernel's pick, released again).
int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

// A child process with its output in `log`, stopped (SIGTERM, then SIGKILL) by pid.
class Process {
 public:
  Process(std::vector<std::string> args, const fs::path& log) {
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~Process() { Stop(); }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  bool running() const { return pid_ > 0 && waitpid(pid_, nullptr, WNOHANG) == 0; }

  void Stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    for (int i = 0; i < 100; ++i) {
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
};

Result<net::HttpResponse> Get(const std::string& url) {
  net::HttpRequest req;
  req.url = url;
  req.max_attempts = 1;
  req.connect_timeout_s = 2;
  req.timeout_s = 5;
  return net::Fetch(req);
}

// Polls `url` until its body contains `needle`, for at most `seconds`.
bool WaitFor(const std::string& url, const std::string& needle, int seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    Result<net::HttpResponse> r = Get(url);
    if (r && r->status == 200 && r->body.find(needle) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return false;
}

const model::AssetReport* FindAsset(const model::Collection& c, const std::string& key) {
  for (const model::AssetReport& r : c.assets)
    if (r.asset.key == key) return &r;
  return nullptr;
}

std::vector<std::string> FindingIds(const model::AssetReport& r) {
  std::vector<std::string> ids;
  for (const model::ExternalFinding& f : r.findings) ids.push_back(f.vulnerability_id);
  return ids;
}

// The fixture exporters behind a static file server: kube-trivy-exporter, trivy-operator, the
// kube_pod_container_info series of kube-state-metrics, and a body with one malformed line.
class Exporters {
 public:
  Exporters() {
    char tmpl[] = "/tmp/vs-prom-test.XXXXXX";
    dir_ = mkdtemp(tmpl);
    fs::create_directories(dir_ / "www");
    std::string joined = Testdata("exporter_with_kube_state_metrics.txt");
    std::string exporter = Testdata("kube_trivy_exporter.txt");
    Write("exporter.txt", exporter);
    Write("operator.txt", Testdata("trivy_operator.txt"));
    Write("ksm.txt", joined.substr(joined.find("# HELP kube_pod_container_info")));
    Write("broken.txt", exporter + "trivy_vulnerabilities{image=\"r/x:1\" 1\n");
    port_ = FreePort();
    http_ = std::make_unique<Process>(
        std::vector<std::string>{"/usr/bin/python3", "-m", "http.server", std::to_string(port_),
                                 "--bind", "127.0.0.1", "--directory", (dir_ / "www").string()},
        dir_ / "http.log");
  }
  ~Exporters() {
    http_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  bool Ready() { return WaitFor(url() + "/exporter.txt", "trivy_vulnerabilities", 20); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }
  const fs::path& dir() const { return dir_; }

 private:
  void Write(const std::string& name, const std::string& body) {
    std::ofstream(dir_ / "www" / name, std::ios::binary) << body;
  }

  fs::path dir_;
  int port_ = 0;
  std::unique_ptr<Process> http_;
};

TEST(PrometheusCollect, RealPrometheusScrapingFixtureExporters) {
  Exporters exporters;
  ASSERT_TRUE(exporters.Ready()) << "python http.server did not start";
  fs::path dir = exporters.dir();
  fs::create_directories(dir / "data");
  std::string target = "127.0.0.1:" + std::to_string(exporters.port());
  // Kubernetes service discovery would label the exporter pods' own namespace and pod; static
  // labels do the same here, so Prometheus renames trivy-operator's `namespace` to
  // `exported_namespace`. kube-state-metrics is scraped with honor_labels, as kube-prometheus does.
  std::ofstream(dir / "prometheus.yml")
      << "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
         "scrape_configs:\n"
         "  - job_name: kube-trivy-exporter\n"
         "    metrics_path: /exporter.txt\n"
         "    static_configs: [{targets: ['"
      << target
      << "'], labels: {namespace: monitoring, pod: kube-trivy-exporter-0}}]\n"
         "  - job_name: trivy-operator\n"
         "    metrics_path: /operator.txt\n"
         "    static_configs: [{targets: ['"
      << target
      << "'], labels: {namespace: trivy-system, pod: trivy-operator-0}}]\n"
         "  - job_name: kube-state-metrics\n"
         "    honor_labels: true\n"
         "    metrics_path: /ksm.txt\n"
         "    static_configs: [{targets: ['"
      << target << "']}]\n";
  int port = FreePort();
  std::string url = "http://127.0.0.1:" + std::to_string(port);
  Process prometheus({"/usr/bin/prometheus", "--config.file=" + (dir / "prometheus.yml").string(),
                      "--storage.tsdb.path=" + (dir / "data").string(),
                      "--web.listen-address=127.0.0.1:" + std::to_string(port)},
                     dir / "prometheus.log");
  ASSERT_TRUE(WaitFor(url + "/-/ready", "Ready", 30)) << ReadFile(dir / "prometheus.log");
  // Every series scraped: 5 + 5 + 1 trivy series and 1 kube_pod_container_info.
  ASSERT_TRUE(WaitFor(
      url + "/api/v1/query?query=count(%7B__name__%3D~%22trivy_.*%7Ckube_pod_container_info%22%7D)",
      "\"12\"", 60))
      << ReadFile(dir / "prometheus.log");

  Result<model::Collection> c = CollectPrometheus({.url = url});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->source, "prometheus");
  EXPECT_EQ(c->finding_source, "trivy");
  EXPECT_EQ(c->scopes, std::vector<std::string>{"prometheus:" + url});
  EXPECT_TRUE(c->errors.empty()) << c->errors.front();
  EXPECT_EQ(c->stats.at("series"), "12");
  ASSERT_EQ(c->assets.size(), 2u);
  EXPECT_EQ(c->asset_scopes, std::vector<std::string>(2, "prometheus:" + url));

  const model::AssetReport* alpine = FindAsset(*c, "docker.io/library/alpine:3.18.4");
  ASSERT_NE(alpine, nullptr);
  EXPECT_EQ(FindingIds(*alpine), std::vector<std::string>{"CVE-2023-99999"});
  EXPECT_EQ(alpine->findings[0].fixed_version, "1.2.4-r3");

  // kube-trivy-exporter's tag reference, joined to its digest through kube_pod_container_info,
  // and trivy-operator's digest are one image.
  const model::AssetReport* web =
      FindAsset(*c, std::string("registry.example.com/shop/web@") + kDigest);
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(web->asset.kind, model::AssetKind::kImage);
  EXPECT_EQ(web->asset.image, "registry.example.com/shop/web:1.4.2");
  EXPECT_EQ(web->asset.digest, kDigest);
  // The exporters' own namespaces (monitoring, trivy-system) are not the workload's.
  EXPECT_EQ(web->asset.namespaces, std::vector<std::string>{"shop"});
  EXPECT_EQ(web->asset.workloads, (std::vector<std::string>{"shop/Pod/web-7d9c6b5f8-x2k9p",
                                                            "shop/ReplicaSet/web-7d9c6b5f8"}));
  EXPECT_EQ(FindingIds(*web),
            (std::vector<std::string>{"CVE-2021-44228", "CVE-2022-3715", "CVE-2023-3817"}));
  EXPECT_EQ(web->asset.tags.at("trivy_operator.critical"), "1");
  EXPECT_EQ(web->asset.tags.at("trivy_operator.low"), "42");
  const model::ExternalFinding& log4j = web->findings[0];
  EXPECT_EQ(log4j.severity, model::Severity::kCritical);
  EXPECT_EQ(log4j.package.name, "org.apache.logging.log4j:log4j-core");
  EXPECT_EQ(log4j.fixed_version, "2.15.0");

  // A custom query without the join source: the collector fetches kube_pod_container_info itself.
  c = CollectPrometheus({.url = url, .query = "trivy_vulnerabilities"});
  ASSERT_TRUE(c) << c.error().message;
  web = FindAsset(*c, std::string("registry.example.com/shop/web@") + kDigest);
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(FindingIds(*web), (std::vector<std::string>{"CVE-2022-3715", "CVE-2023-3817"}));
  EXPECT_EQ(web->asset.namespaces, std::vector<std::string>{"shop"});

  // A PromQL error is the run's error, named by the API.
  c = CollectPrometheus({.url = url, .query = "trivy_vulnerabilities{image=}"});
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(c.error().message.find("bad_data"), std::string::npos) << c.error().message;
  // Range results are not series lists.
  c = CollectPrometheus({.url = url, .query = "trivy_vulnerabilities[1m]"});
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("matrix"), std::string::npos) << c.error().message;

  prometheus.Stop();
  EXPECT_FALSE(prometheus.running());
}

TEST(PrometheusCollect, ExporterModeScrapesTheEndpointDirectly) {
  Exporters exporters;
  ASSERT_TRUE(exporters.Ready()) << "python http.server did not start";
  std::string url = exporters.url() + "/exporter.txt";
  Result<model::Collection> c = CollectPrometheus({.exporter = url});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->scopes, std::vector<std::string>{"prometheus:" + url});
  EXPECT_TRUE(c->errors.empty());
  EXPECT_EQ(c->stats.at("lines"), "10");
  EXPECT_EQ(c->stats.at("samples"), "6");
  EXPECT_EQ(c->stats.at("findings"), "3");
  // The two language-package series without an image are reported, not guessed.
  EXPECT_EQ(c->stats.at("warnings"), "2");
  ASSERT_EQ(c->assets.size(), 2u);
  EXPECT_EQ(c->assets[1].asset.key, "registry.example.com/shop/web:1.4.2");

  // A malformed line may have been a finding: the run reports it and covers no scope, so the
  // store retires nothing on it.
  c = CollectPrometheus({.exporter = exporters.url() + "/broken.txt"});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_TRUE(c->scopes.empty());
  ASSERT_EQ(c->errors.size(), 1u);
  EXPECT_NE(c->errors[0].find("line 11"), std::string::npos) << c->errors[0];
  EXPECT_EQ(c->assets.size(), 2u);

  c = CollectPrometheus({.exporter = exporters.url() + "/missing.txt"});
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kNetwork);
  EXPECT_NE(c.error().message.find("HTTP 404"), std::string::npos) << c.error().message;
}

TEST(PrometheusCollect, BadOptionsAndUnreachableServers) {
  Result<model::Collection> c = CollectPrometheus({});
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kInvalidInput);
  c = CollectPrometheus({.url = "http://127.0.0.1:1", .exporter = "http://127.0.0.1:1/metrics"});
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kInvalidInput);
  std::string closed = "http://127.0.0.1:" + std::to_string(FreePort());
  c = CollectPrometheus({.url = closed, .timeout_s = 5});
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kNetwork);
  c = CollectPrometheus({.exporter = closed + "/metrics", .timeout_s = 5});
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kNetwork);
}

}  // namespace
}  // namespace vs::collectors
