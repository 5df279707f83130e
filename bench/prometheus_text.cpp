// Exposition parsing benchmark (issue 7 item 7). Generates a kube-trivy-exporter body of N series
// (default 1,000,000; 1% of label values escaped), then measures on the same bytes in one run:
//   ours/parse:  PromTextParser fed in 1 MiB chunks, as the --exporter mode streams a scrape;
//   ours/trivy:  ParsePrometheusText, parsing plus interpretation into image AssetReports;
//   promtool:    `promtool check metrics < body` wall time (Prometheus's own expfmt text parser
//                plus its lint checks), run as a child process.
// and prints lines/s for each and the ratio promtool / ours.
//
//   bench_prometheus_text [SERIES] [PROMTOOL]
#include "parsers/prometheus_text.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/common.h"

using vs::bench::Now;

namespace {

// One unique series per (image, vulnerability, package); sizes near a real fleet's.
std::string Generate(size_t series) {
  static const char* kSeverities[] = {"LOW", "MEDIUM", "HIGH", "CRITICAL", "UNKNOWN"};
  std::string body =
      "# HELP trivy_vulnerabilities Vulnerabilities detected by trivy\n"
      "# TYPE trivy_vulnerabilities gauge\n";
  body.reserve(series * 230);
  char line[512];
  for (size_t i = 0; i < series; ++i) {
    size_t image = i / 2000, vuln = i % 2000;
    // 1% of fixedVersion values carry escapes, as free-text label values can.
    const char* fixed = (i % 100 == 7) ? "1.2.3, \\\"see advisory\\\"\\n" : "3.0.11-1~deb12u2";
    int n =
        std::snprintf(line, sizeof(line),
                      "trivy_vulnerabilities{fixedVersion=\"%s\",image=\"registry.example.com/"
                      "team%zu/service%zu:1.%zu.%zu\",installedVersion=\"3.0.%zu-1\",pkgName="
                      "\"lib%zu-dev\",severity=\"%s\",vulnerabilityId=\"CVE-20%02zu-%05zu\"} 1\n",
                      fixed, image % 40, image, image % 7, image % 13, vuln % 50, vuln % 300,
                      kSeverities[i % 5], 10 + vuln % 15, vuln);
    body.append(line, static_cast<size_t>(n));
  }
  return body;
}

struct ChildResult {
  double seconds = -1;
  int exit_code = -1;
  double peak_mib = -1;
  double cpu_seconds = -1;  // User + system: promtool's Go runtime uses more than one core.
};

// Runs `promtool check metrics` with `path` as stdin, output discarded.
ChildResult RunPromtool(const std::string& promtool, const std::string& path) {
  ChildResult r;
  double t0 = Now();
  pid_t pid = fork();
  if (pid == 0) {
    int in = open(path.c_str(), O_RDONLY);
    int null = open("/dev/null", O_WRONLY);
    dup2(in, 0);
    dup2(null, 1);
    dup2(null, 2);
    execl(promtool.c_str(), promtool.c_str(), "check", "metrics", static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  if (pid < 0 || wait4(pid, &status, 0, &usage) != pid) return r;
  r.seconds = Now() - t0;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.peak_mib = usage.ru_maxrss / 1024.0;
  r.cpu_seconds = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec +
                  usage.ru_stime.tv_usec / 1e6;
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  size_t series = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  std::string promtool = argc > 2 ? argv[2] : "/usr/bin/promtool";
  std::string body = Generate(series);
  size_t lines = series + 2;
  std::printf("body: %zu series, %.1f MiB\n", series, body.size() / 1048576.0);

  char path[] = "/tmp/vs-bench-prom-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0 || write(fd, body.data(), body.size()) != static_cast<ssize_t>(body.size())) {
    std::fprintf(stderr, "cannot write %s\n", path);
    return 1;
  }
  close(fd);

  // Best of three for ours (each a few hundred ms); promtool once per run below.
  double parse_s = 1e9;
  size_t samples = 0, errors = 0;
  for (int run = 0; run < 3; ++run) {
    size_t n = 0;
    vs::parsers::PromTextParser parser([&](const vs::parsers::PromSample&) { ++n; }, nullptr);
    double t0 = Now();
    for (size_t i = 0; i < body.size(); i += 1 << 20)
      parser.Feed(std::string_view(body).substr(i, 1 << 20));
    parser.Finish();
    parse_s = std::min(parse_s, Now() - t0);
    samples = n;
    errors = parser.errors();
  }
  double trivy_s = 1e9;
  size_t images = 0, findings = 0;
  for (int run = 0; run < 3; ++run) {
    double t0 = Now();
    vs::Result<vs::model::Batch> batch = vs::parsers::ParsePrometheusText(body);
    trivy_s = std::min(trivy_s, Now() - t0);
    if (!batch) {
      std::fprintf(stderr, "parse failed: %s\n", batch.error().message.c_str());
      return 1;
    }
    images = batch->reports.size();
    findings = 0;
    for (const auto& r : batch->reports) findings += r.findings.size();
  }
  double our_peak = vs::bench::PeakResidentMiB();

  ChildResult pt = RunPromtool(promtool, path);
  unlink(path);

  std::printf("ours/parse:  %8.3f s  %6.2f M lines/s  %7.1f MiB/s  (%zu samples, %zu errors)\n",
              parse_s, lines / parse_s / 1e6, body.size() / parse_s / 1048576.0, samples, errors);
  std::printf(
      "ours/trivy:  %8.3f s  %6.2f M lines/s  (%zu images, %zu findings; peak RSS %.0f MiB "
      "incl. the body)\n",
      trivy_s, lines / trivy_s / 1e6, images, findings, our_peak);
  if (pt.seconds < 0 || pt.exit_code == 127) {
    std::printf("promtool:    could not run %s\n", promtool.c_str());
    return 1;
  }
  // promtool exits 3 for lint findings (kube-trivy-exporter's camelCase label names), after a
  // successful parse; 1 would be a parse failure, which makes the comparison void.
  std::printf("promtool:    %8.3f s  %6.2f M lines/s  (cpu %.1f s, exit %d%s, peak RSS %.0f MiB)\n",
              pt.seconds, lines / pt.seconds / 1e6, pt.cpu_seconds, pt.exit_code,
              pt.exit_code == 3 ? ": parsed, lint findings" : "", pt.peak_mib);
  if (pt.exit_code != 0 && pt.exit_code != 3) return 1;
  std::printf("ratio promtool/ours: parse %.1fx, parse+interpret %.1fx\n", pt.seconds / parse_s,
              pt.seconds / trivy_s);
  return 0;
}
