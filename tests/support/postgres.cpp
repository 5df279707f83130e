#include "tests/support/postgres.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace vs::testing {

int RunCommand(const std::string& cmd, std::string* out) {
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (p == nullptr) return -1;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0)
    if (out != nullptr) out->append(buf, n);
  int rc = pclose(p);
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return 0;
  }
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

PostgresServer* PostgresServer::Shared(std::string* error) {
  static std::unique_ptr<PostgresServer> server;
  static std::string start_error;
  static bool tried = false;
  if (!tried) {
    tried = true;
    server.reset(new PostgresServer());
    if (!server->Start(&start_error)) server.reset();
  }
  if (!server && error != nullptr) *error = start_error;
  return server.get();
}

bool PostgresServer::Start(std::string* error) {
  // Under ctest, the `postgres` fixture (pg_server.sh) runs one server for all test processes.
  if (const char* shared = std::getenv("VS_TEST_PG_DIR"); shared != nullptr && *shared != '\0') {
    std::string out;
    if (RunCommand(std::string("cat ") + shared + "/port", &out) == 0 &&
        std::atoi(out.c_str()) > 0) {
      port_ = std::atoi(out.c_str());
      return true;  // Not ours: never stopped here.
    }
    *error = std::string("VS_TEST_PG_DIR is set but ") + shared + "/port is missing";
    return false;
  }
  // Debian keeps initdb/pg_ctl out of PATH.
  for (int v : {17, 16, 15, 14, 13}) {
    std::string b = "/usr/lib/postgresql/" + std::to_string(v) + "/bin";
    if (access((b + "/initdb").c_str(), X_OK) == 0) {
      bin_ = b;
      break;
    }
  }
  if (bin_.empty()) {
    *error = "PostgreSQL server binaries not found under /usr/lib/postgresql (install postgresql)";
    return false;
  }
  char tmpl[] = "/tmp/vs-pg-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) {
    *error = "mkdtemp failed";
    return false;
  }
  dir_ = tmpl;
  std::string out;
  if (geteuid() == 0) {
    // initdb refuses to run as root.
    run_as_ = "runuser -u postgres -- ";
    RunCommand("chmod 755 " + dir_ + " && chown postgres:postgres " + dir_, &out);
  }
  port_ = FreePort();
  std::string data = dir_ + "/data";
  if (RunCommand(run_as_ + bin_ + "/initdb -D " + data +
                     " -U postgres --auth-local=trust --auth-host=trust -E UTF8 --locale=C.UTF-8"
                     " --no-sync",
                 &out) != 0) {
    *error = "initdb failed: " + out;
    return false;
  }
  if (RunCommand(run_as_ + bin_ + "/pg_ctl -D " + data + " -l " + dir_ + "/server.log -w -t 30 " +
                     "-o \"-c listen_addresses=127.0.0.1 -p " + std::to_string(port_) + " -k " +
                     dir_ +
                     " -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start",
                 &out) != 0) {
    *error = "pg_ctl start failed: " + out;
    return false;
  }
  started_ = true;
  return true;
}

PostgresServer::~PostgresServer() {
  if (started_) {
    RunCommand(run_as_ + bin_ + "/pg_ctl -D " + dir_ + "/data -m immediate -w stop");
  }
  if (!dir_.empty()) RunCommand("rm -rf " + dir_);
}

std::string PostgresServer::NewDatabase() {
  // Unique across the processes sharing one server.
  std::string name = "vs_test_" + std::to_string(getpid()) + "_" + std::to_string(++next_db_) +
                     "_" + std::to_string(static_cast<long long>(time(nullptr)) % 100000);
  std::string out;
  RunCommand("psql -X -q -h 127.0.0.1 -p " + std::to_string(port_) +
                 " -U postgres -d postgres -c 'CREATE DATABASE " + name + "'",
             &out);
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + name;
}

}  // namespace vs::testing
