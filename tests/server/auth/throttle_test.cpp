#include "server/auth/throttle.h"

#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace vs::server::auth {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

// A clock the test moves by hand.
struct FakeClock {
  std::chrono::steady_clock::time_point now{std::chrono::hours(1000)};
  LoginThrottle::Clock Fn() {
    return [this] { return now; };
  }
};

ThrottleOptions Options() {
  ThrottleOptions o;
  o.max_user_failures = 3;
  o.max_client_failures = 5;
  o.window = minutes(10);
  o.base_lockout = seconds(60);
  o.max_lockout = seconds(300);
  o.forget_after = minutes(60);
  return o;
}

TEST(LoginThrottle, AllowsUntilUserLimitThenLocks) {
  FakeClock clock;
  LoginThrottle t(Options(), clock.Fn());
  for (int i = 0; i < 2; ++i) {
    EXPECT_TRUE(t.Check("alice", "10.0.0.1").allowed);
    t.RecordFailure("alice", "10.0.0.1");
  }
  EXPECT_TRUE(t.Check("alice", "10.0.0.1").allowed);
  t.RecordFailure("alice", "10.0.0.1");
  auto d = t.Check("alice", "10.0.0.1");
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after, seconds(60));
  // The lock is on the user: another address is refused too, another user is not.
  EXPECT_FALSE(t.Check("alice", "10.9.9.9").allowed);
  EXPECT_TRUE(t.Check("bob", "10.9.9.9").allowed);
}

TEST(LoginThrottle, UserNamesAreCaseInsensitive) {
  FakeClock clock;
  LoginThrottle t(Options(), clock.Fn());
  t.RecordFailure("alice", "a");
  t.RecordFailure("Alice", "b");
  t.RecordFailure("ALICE", "c");
  EXPECT_FALSE(t.Check("aLiCe", "d").allowed);
}

TEST(LoginThrottle, LockoutEndsAndThenDoubles) {
  FakeClock clock;
  LoginThrottle t(Options(), clock.Fn());
  for (int i = 0; i < 3; ++i) t.RecordFailure("alice", "c");
  clock.now += seconds(59);
  EXPECT_EQ(t.Check("alice", "c").retry_after, seconds(1));
  clock.now += seconds(1);
  EXPECT_TRUE(t.Check("alice", "c").allowed);
  // After a lockout a single failure locks again, twice as long, up to the maximum.
  std::vector<seconds> expected = {seconds(120), seconds(240), seconds(300), seconds(300)};
  for (seconds want : expected) {
    t.RecordFailure("alice", "c");
    auto d = t.Check("alice", "c");
    EXPECT_FALSE(d.allowed);
    EXPECT_EQ(d.retry_after, want);
    clock.now += want;
  }
}

TEST(LoginThrottle, FailuresWhileLockedDoNotExtendTheLock) {
  FakeClock clock;
  LoginThrottle t(Options(), clock.Fn());
  for (int i = 0; i < 3; ++i) t.RecordFailure("alice", "c");
  clock.now += seconds(30);
  t.RecordFailure("alice", "c");
  EXPECT_EQ(t.Check("alice", "c").retry_after, seconds(30));
}

TEST(LoginThrottle, OldFailuresSlideOutOfTheWindow) {
  FakeClock clock;
  LoginThrottle t(Options(), clock.Fn());
  t.RecordFailure("alice", "c");
  t.RecordFailure("alice", "c");
  clock.now += minutes(10);
  t.RecordFailure("alice", "c");
  EXPECT_TRUE(t.Check("alice", "c").allowed);
  t.RecordFailure("alice", "c");
  EXPECT_TRUE(t.Check("alice", "c").allowed);
  t.RecordFailure("alice", "c");
  EXPECT_FALSE(t.Check("alice", "c").allowed);
}

TEST(LoginThrottle, LockoutLevelIsForgottenAfterQuietPeriod) {
  FakeClock clock;
  LoginThrottle t(Options(), clock.Fn());
  for (int i = 0; i < 3; ++i) t.RecordFailure("alice", "c");
  clock.now += minutes(60);
  t.RecordFailure("alice", "c");
  EXPECT_TRUE(t.Check("alice", "c").allowed);  // Back to counting from zero.
}

TEST(LoginThrottle, ClientLimitCoversManyUserNames) {
  // Password spraying: one guess each for many names from one address.
  FakeClock clock;
  LoginThrottle t(Options(), clock.Fn());
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(t.Check("user" + std::to_string(i), "203.0.113.7").allowed);
    t.RecordFailure("user" + std::to_string(i), "203.0.113.7");
  }
  auto d = t.Check("someone-else", "203.0.113.7");
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after, seconds(60));
  EXPECT_TRUE(t.Check("someone-else", "198.51.100.1").allowed);
}

TEST(LoginThrottle, SuccessClearsUserButNotClient) {
  FakeClock clock;
  LoginThrottle t(Options(), clock.Fn());
  t.RecordFailure("alice", "c");
  t.RecordFailure("alice", "c");
  t.RecordSuccess("alice", "c");
  t.RecordFailure("alice", "c");
  t.RecordFailure("alice", "c");
  EXPECT_TRUE(t.Check("alice", "c").allowed);  // 2 since the success, limit 3.
  // The client has 4 failures; one more from it locks the address whatever the user.
  t.RecordFailure("mallory", "c");
  EXPECT_FALSE(t.Check("nobody", "c").allowed);
}

TEST(LoginThrottle, MemoryIsBounded) {
  FakeClock clock;
  ThrottleOptions o = Options();
  o.max_keys = 50;
  LoginThrottle t(o, clock.Fn());
  for (int i = 0; i < 1000; ++i) {
    t.RecordFailure("u" + std::to_string(i), "c" + std::to_string(i));
    clock.now += seconds(1);
  }
  EXPECT_LE(t.TrackedKeys(), 50u);
  // Idle keys are dropped first: after the window, one new failure frees the table.
  clock.now += minutes(11);
  t.RecordFailure("fresh", "fresh-client");
  EXPECT_EQ(t.TrackedKeys(), 2u);
}

TEST(LoginThrottle, ConcurrentFailuresAreAllCounted) {
  ThrottleOptions o = Options();
  o.max_user_failures = 400;
  o.max_client_failures = 1000000;
  LoginThrottle t(o);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&t, i] {
      for (int j = 0; j < 100; ++j) t.RecordFailure("alice", "c" + std::to_string(i));
    });
  }
  for (auto& th : threads) th.join();
  // Exactly 400 failures reach the limit; 399 would not.
  EXPECT_FALSE(t.Check("alice", "new").allowed);
}

}  // namespace
}  // namespace vs::server::auth
