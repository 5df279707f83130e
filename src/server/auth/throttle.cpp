#include "server/auth/throttle.h"

#include <algorithm>

namespace vs::server::auth {
namespace {

// User names are compared case-insensitively by LDAP and by our store, so "Alice" and "alice"
// must share one record or the limit could be multiplied by changing case.
std::string UserKey(std::string_view user) {
  std::string key = "u:";
  for (char c : user) key += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
  return key;
}
std::string ClientKey(std::string_view client) { return "c:" + std::string(client); }

}  // namespace

LoginThrottle::LoginThrottle(ThrottleOptions options, Clock clock)
    : options_(options), clock_(std::move(clock)) {}

void LoginThrottle::Expire(Entry& entry, TimePoint now) const {
  while (!entry.failures.empty() && now - entry.failures.front() >= options_.window) {
    entry.failures.pop_front();
  }
  if (entry.lockouts > 0 && now - entry.last_failure >= options_.forget_after &&
      now >= entry.locked_until) {
    entry.lockouts = 0;
  }
}

bool LoginThrottle::Idle(const Entry& entry, TimePoint now) const {
  return entry.failures.empty() && entry.lockouts == 0 && now >= entry.locked_until;
}

std::chrono::seconds LoginThrottle::Remaining(const std::string& key, TimePoint now) {
  auto it = entries_.find(key);
  if (it == entries_.end() || now >= it->second.locked_until) return std::chrono::seconds(0);
  // Round up so a client told "retry after N s" is never refused when it does.
  return std::chrono::ceil<std::chrono::seconds>(it->second.locked_until - now);
}

LoginThrottle::Decision LoginThrottle::Check(std::string_view user, std::string_view client) {
  std::lock_guard lock(mu_);
  TimePoint now = clock_();
  auto wait = std::max(Remaining(UserKey(user), now), Remaining(ClientKey(client), now));
  return Decision{wait.count() == 0, wait};
}

void LoginThrottle::Fail(const std::string& key, int max_failures, TimePoint now) {
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    if (entries_.size() >= options_.max_keys) MakeRoom(now);
    it = entries_.emplace(key, Entry{}).first;
  }
  Entry& entry = it->second;
  Expire(entry, now);
  entry.last_failure = now;
  // While locked, attempts are refused by Check before reaching the backend; a failure
  // recorded anyway (a race between Check and the backend) does not extend the lockout.
  if (now < entry.locked_until) return;
  entry.failures.push_back(now);
  // After a first lockout every failure locks again, for twice as long as the last time.
  bool lock = entry.lockouts > 0 || static_cast<int>(entry.failures.size()) >= max_failures;
  if (!lock) return;
  auto duration = options_.base_lockout;
  for (int i = 0; i < entry.lockouts && duration < options_.max_lockout; ++i) duration *= 2;
  duration = std::min(duration, options_.max_lockout);
  entry.locked_until = now + duration;
  ++entry.lockouts;
  entry.failures.clear();
}

void LoginThrottle::RecordFailure(std::string_view user, std::string_view client) {
  std::lock_guard lock(mu_);
  TimePoint now = clock_();
  Fail(UserKey(user), options_.max_user_failures, now);
  Fail(ClientKey(client), options_.max_client_failures, now);
}

void LoginThrottle::RecordSuccess(std::string_view user, std::string_view client) {
  std::lock_guard lock(mu_);
  entries_.erase(UserKey(user));
}

void LoginThrottle::MakeRoom(TimePoint now) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    Expire(it->second, now);
    it = Idle(it->second, now) ? entries_.erase(it) : std::next(it);
  }
  if (entries_.size() < options_.max_keys) return;
  // Everything is active (a flood of distinct names): drop the record idle for longest.
  auto stalest = std::min_element(entries_.begin(), entries_.end(), [](auto& a, auto& b) {
    return a.second.last_failure < b.second.last_failure;
  });
  entries_.erase(stalest);
}

size_t LoginThrottle::TrackedKeys() {
  std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace vs::server::auth
