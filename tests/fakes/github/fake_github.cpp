#include "tests/fakes/github/fake_github.h"

#include <cstdlib>

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "net/http.h"

namespace vs::fakes {

Result<FakeGithub> FakeGithub::Start() {
  const std::string script = std::string(VS_SOURCE_DIR) + "/tests/fakes/github/server.js";
  int fds[2];
  if (pipe(fds) != 0) return Fail(ErrorCode::kIo, "fake github: pipe failed");
  pid_t pid = fork();
  if (pid < 0) return Fail(ErrorCode::kIo, "fake github: fork failed");
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    // Ends itself if a crashed test never kills it.
    setenv("FAKE_GITHUB_TTL", "120", 1);
    execlp("node", "node", script.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  FakeGithub fake(pid, fds[0], 0);
  std::string line;
  while (line.find('\n') == std::string::npos) {
    pollfd p{fds[0], POLLIN, 0};
    if (poll(&p, 1, 15000) <= 0) return Fail(ErrorCode::kIo, "fake github: no port within 15 s");
    char buf[64];
    ssize_t n = read(fds[0], buf, sizeof(buf));
    if (n <= 0) return Fail(ErrorCode::kIo, "fake github: node exited (is node on PATH?)");
    line.append(buf, static_cast<size_t>(n));
  }
  fake.port_ = std::atoi(line.c_str());
  if (fake.port_ <= 0) return Fail(ErrorCode::kIo, "fake github: bad port line \"" + line + "\"");
  return fake;
}

FakeGithub::FakeGithub(FakeGithub&& other) noexcept
    : pid_(other.pid_), out_fd_(other.out_fd_), port_(other.port_) {
  other.pid_ = -1;
  other.out_fd_ = -1;
}

FakeGithub::~FakeGithub() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  if (out_fd_ >= 0) close(out_fd_);
}

std::string FakeGithub::Log() const {
  net::HttpRequest req;
  req.url = url() + "/_log";
  req.max_attempts = 1;
  Result<net::HttpResponse> r = net::Fetch(req);
  return r ? r->body : "error: " + r.error().message;
}

}  // namespace vs::fakes
