// Login throttling per user name and per client address: a sliding window of recent failures,
// then lockouts that double with each further failure. Thread-safe (one mutex); memory is
// bounded by ThrottleOptions::max_keys.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace vs::server::auth {

struct ThrottleOptions {
  // Failures allowed within `window` before the first lockout. Clients get more than users
  // because many people can share one address (office NAT, the proxy when misconfigured).
  int max_user_failures = 5;
  int max_client_failures = 20;
  std::chrono::seconds window{15 * 60};
  // First lockout; each failure after a lockout ends doubles it, up to `max_lockout`.
  std::chrono::seconds base_lockout{60};
  std::chrono::seconds max_lockout{60 * 60};
  // A key with no failure for this long starts over from a clean slate.
  std::chrono::seconds forget_after{24 * 60 * 60};
  // Tracked keys (users + clients); above it, idle keys are dropped, then the stalest.
  size_t max_keys = 100000;
};

class LoginThrottle {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  struct Decision {
    bool allowed = true;
    std::chrono::seconds retry_after{0};  // When refused: for the Retry-After header.
  };

  // `clock` is injectable for tests; it must not go backwards.
  explicit LoginThrottle(
      ThrottleOptions options = {}, Clock clock = [] { return std::chrono::steady_clock::now(); });

  // Whether a login attempt for `user` from `client` may be checked at all. Call before the
  // backend so that a locked-out attempt costs neither an argon2id hash nor an LDAP bind.
  Decision Check(std::string_view user, std::string_view client);

  // Records a rejected login (an Authenticator's kAuth error only, not a backend outage).
  void RecordFailure(std::string_view user, std::string_view client);

  // Records a successful login: clears the user's record. The client's record stays, so an
  // attacker with one valid account cannot reset the throttle on their address with it.
  void RecordSuccess(std::string_view user, std::string_view client);

  // Number of tracked keys, for tests and /metrics.
  size_t TrackedKeys();

 private:
  using TimePoint = std::chrono::steady_clock::time_point;
  struct Entry {
    std::deque<TimePoint> failures;  // Within the window, oldest first.
    TimePoint locked_until{};
    TimePoint last_failure{};
    int lockouts = 0;  // Lockouts so far; the next lasts base_lockout * 2^lockouts.
  };

  void Fail(const std::string& key, int max_failures, TimePoint now);
  void Expire(Entry& entry, TimePoint now) const;
  bool Idle(const Entry& entry, TimePoint now) const;
  void MakeRoom(TimePoint now);
  std::chrono::seconds Remaining(const std::string& key, TimePoint now);

  const ThrottleOptions options_;
  const Clock clock_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // Keys "u:<user>" and "c:<client>".
};

}  // namespace vs::server::auth
