// Starts tests/fakes/github/server.js (a fake GitHub REST API on 127.0.0.1, see that file for
// its scenarios) as a child process and stops it by pid when destroyed.
#pragma once

#include <string>

#include <sys/types.h>

#include "core/result.h"

namespace vs::fakes {

class FakeGithub {
 public:
  // Runs `node server.js` and waits (up to 15 s) for the port it prints. Errors: kIo when node
  // cannot be started or the server does not report a port.
  static Result<FakeGithub> Start();

  FakeGithub(FakeGithub&& other) noexcept;
  FakeGithub& operator=(FakeGithub&&) = delete;
  FakeGithub(const FakeGithub&) = delete;
  ~FakeGithub();

  // "http://127.0.0.1:<port>".
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // The server's request log (GET /_log): one "METHOD URL auth=… inm=… -> STATUS" line each.
  std::string Log() const;

 private:
  FakeGithub(pid_t pid, int out_fd, int port) : pid_(pid), out_fd_(out_fd), port_(port) {}
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int port_ = 0;
};

}  // namespace vs::fakes
