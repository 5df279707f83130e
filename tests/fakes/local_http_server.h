// An in-process cpp-httplib server on 127.0.0.1 (port picked by the kernel) for tests that
// fake a remote service. Routes are registered on `server()` before Start(); the destructor
// stops the server and joins its thread.
#pragma once

#include <string>
#include <thread>

#include <httplib.h>

namespace vs::fakes {

class LocalHttpServer {
 public:
  LocalHttpServer() {
    server_.set_tcp_nodelay(true);
    server_.set_payload_max_length(64 << 20);
  }
  ~LocalHttpServer() { Stop(); }
  LocalHttpServer(const LocalHttpServer&) = delete;
  LocalHttpServer& operator=(const LocalHttpServer&) = delete;

  httplib::Server& server() { return server_; }

  // Binds and starts serving; returns false when no port could be bound.
  bool Start() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) return false;
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    return true;
  }

  void Stop() {
    if (thread_.joinable()) {
      // stop() is a no-op until the accept loop runs; a quick Start/Stop must not hang.
      while (!server_.is_running()) std::this_thread::yield();
      server_.stop();
      thread_.join();
    }
  }

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace vs::fakes
