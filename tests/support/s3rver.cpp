#include "tests/support/s3rver.h"

#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/support/postgres.h"

extern char** environ;

namespace vs::testing {
namespace {

// Whether s3rver answers its bucket listing with 200 (it is listening and configured).
bool Answers(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = false;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    std::string request = "GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (send(fd, request.data(), request.size(), 0) == static_cast<ssize_t>(request.size())) {
      char buf[32] = {};
      ssize_t n = recv(fd, buf, sizeof buf - 1, MSG_WAITALL);
      ok = n >= 12 && std::string(buf, 12).substr(9, 3) == "200";
    }
  }
  close(fd);
  return ok;
}

}  // namespace

S3rverServer::~S3rverServer() { Stop(); }

bool S3rverServer::Start(const std::string& bucket, std::string* error) {
  std::string script = std::string(VS_TEST_HARNESS_DIR) + "/node_modules/s3rver/bin/s3rver.js";
  if (!std::filesystem::exists(script)) {
    *error = script + " missing: run `npm ci` in tests/harness";
    return false;
  }
  char tmpl[] = "/tmp/vs-s3rver-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) {
    *error = "cannot create a temp directory";
    return false;
  }
  dir_ = tmpl;
  port_ = FreePort();
  std::string port = std::to_string(port_);
  // s3rver 3.7.1 makes continuation tokens with DES, which Node 20's OpenSSL 3 only offers
  // through the legacy provider (without it, page 2 of any listing is an InternalError).
  std::vector<std::string> args = {
      "node",     "--openssl-legacy-provider", script, "-d", dir_, "-a", "127.0.0.1", "-p", port,
      "--silent", "--configure-bucket",        bucket};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  if (posix_spawnp(&pid_, "node", nullptr, nullptr, argv.data(), environ) != 0) {
    *error = "cannot run node";
    pid_ = 0;
    return false;
  }
  for (int i = 0; i < 200; ++i) {
    if (Answers(port_)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  *error = "s3rver did not start on port " + port;
  return false;
}

void S3rverServer::Stop() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = 0;
  }
  std::error_code ec;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  dir_.clear();
}

}  // namespace vs::testing
