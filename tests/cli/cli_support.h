// What the end-to-end tests of the `vulnscope` binary share: running it, starting helper
// servers as child processes (stopped by pid), and waiting for an HTTP endpoint.
#pragma once

#include <array>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "net/http.h"

namespace vs::testing {

struct CliOutput {
  std::string out;
  int status = -1;
};

// Runs `[env] vulnscope <args>` through /bin/sh (so `args` may quote); `out` gets stdout, and
// stderr too unless `stdout_only` (for JSON output). `env` is "NAME=value …" or "".
inline CliOutput RunCli(const std::string& args, bool stdout_only = false,
                        const std::string& env = "") {
  std::string cmd = env + (env.empty() ? "" : " ") + VS_BINARY + " " + args +
                    (stdout_only ? " 2>/dev/null" : " 2>&1");
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return {};
  CliOutput o;
  std::array<char, 65536> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) o.out.append(buf.data(), n);
  int status = pclose(p);
  o.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return o;
}

// A child process with stdout and stderr in `log`; SIGTERM (then SIGKILL) by pid on Stop().
// The child also gets SIGTERM if the test process dies first, so a crashed or killed test
// leaves no server behind.
class ChildProcess {
 public:
  ChildProcess(std::vector<std::string> args, const std::string& log) {
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t parent = getpid();
    pid_ = fork();
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGTERM);
      if (getppid() != parent) _exit(127);  // The parent died before prctl took effect.
      int in = open("/dev/null", O_RDONLY);
      int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (in < 0 || out < 0) _exit(127);
      dup2(in, 0);
      dup2(out, 1);
      dup2(out, 2);
      execv(argv[0], argv.data());
      _exit(127);
    }
  }
  ~ChildProcess() { Stop(); }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool started() const { return pid_ > 0; }

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

// One HTTP request to a test server on 127.0.0.1.
inline Result<net::HttpResponse> HttpCall(const std::string& url,
                                          const std::string& method = "GET") {
  net::HttpRequest req;
  req.url = url;
  req.method = method;
  req.max_attempts = 1;
  req.connect_timeout_s = 2;
  req.timeout_s = 5;
  return net::Fetch(req);
}

// Polls `url` until it answers 200 with `needle` in the body, for at most `seconds`.
inline bool WaitForHttp(const std::string& url, const std::string& needle, int seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    Result<net::HttpResponse> r = HttpCall(url);
    if (r && r->status == 200 && r->body.find(needle) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return false;
}

}  // namespace vs::testing
