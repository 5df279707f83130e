// A real PostgreSQL server for tests: initdb in a temp dir, listening on 127.0.0.1 on a free
// port, stopped (pg_ctl stop → the postmaster pid) when the object dies. Each test gets a
// fresh database from NewDatabase().
#pragma once

#include <string>

namespace vs::testing {

class PostgresServer {
 public:
  // Starts the server once per process; returns nullptr with `error` set when it cannot.
  static PostgresServer* Shared(std::string* error);
  ~PostgresServer();

  // Creates an empty database and returns its libpq URL.
  std::string NewDatabase();
  int port() const { return port_; }

 private:
  PostgresServer() = default;
  bool Start(std::string* error);
  std::string dir_;
  std::string bin_;
  std::string run_as_;  // "runuser -u postgres -- " when running as root.
  int port_ = 0;
  int next_db_ = 0;
  bool started_ = false;
};

// Runs `cmd` through /bin/sh; returns its exit status and appends its output to `out`.
int RunCommand(const std::string& cmd, std::string* out = nullptr);

// A TCP port on 127.0.0.1 that was free a moment ago.
int FreePort();

}  // namespace vs::testing
