// The real s3rver (npm, pinned in tests/harness) for tests: started with node on 127.0.0.1 on
// a free port over a temp directory, with one bucket; stopped by pid when the object dies.
#pragma once

#include <string>

#include <sys/types.h>

namespace vs::testing {

class S3rverServer {
 public:
  S3rverServer() = default;
  S3rverServer(const S3rverServer&) = delete;
  S3rverServer& operator=(const S3rverServer&) = delete;
  ~S3rverServer();

  // Starts s3rver with `bucket` configured; false with `error` set when it cannot (a missing
  // harness is an error, not a reason to skip).
  bool Start(const std::string& bucket, std::string* error);
  void Stop();
  int port() const { return port_; }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  pid_t pid_ = 0;
  int port_ = 0;
  std::string dir_;
};

}  // namespace vs::testing
