#include "core/time.h"

#include <ctime>

#include <gtest/gtest.h>

namespace vs {
namespace {

// timegm is the reference for whole-second UTC times.
int64_t Timegm(int y, int mo, int d, int h, int mi, int s) {
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return static_cast<int64_t>(timegm(&tm));
}

TEST(Rfc3339, ParsesWhatTheStoreAndFeedsWrite) {
  EXPECT_EQ(ParseRfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseRfc3339("2026-11-26T03:31:08Z"), Timegm(2026, 11, 26, 3, 31, 8));
  EXPECT_EQ(ParseRfc3339("2024-02-29T23:59:59.123456Z"), Timegm(2024, 2, 29, 23, 59, 59));
  EXPECT_EQ(ParseRfc3339("2021-12-10T01:00:00+01:00"), Timegm(2021, 12, 10, 0, 0, 0));
  EXPECT_EQ(ParseRfc3339("2021-12-09T19:00:00-05:00"), Timegm(2021, 12, 10, 0, 0, 0));
  EXPECT_EQ(ParseRfc3339("2000-03-01T00:00:00"), Timegm(2000, 3, 1, 0, 0, 0));
  EXPECT_EQ(ParseRfc3339("1969-12-31T23:59:59Z"), -1);
  // Every day of a few years, against timegm.
  for (int y : {1999, 2000, 2023, 2024, 2100})
    for (int mo = 1; mo <= 12; ++mo)
      for (int d = 1; d <= 28; d += 9)
        EXPECT_EQ(ParseRfc3339(FormatRfc3339(Timegm(y, mo, d, 12, 0, 0))),
                  Timegm(y, mo, d, 12, 0, 0));
}

TEST(Rfc3339, RejectsOtherText) {
  for (const char* bad :
       {"", "2026-11-26", "2026-11-26T03:31", "2026-13-01T00:00:00Z", "2023-02-29T00:00:00Z",
        "2026-11-26T24:00:00Z", "2026-11-26T03:31:08ZZ", "2026-11-26T03:31:08+0100",
        "2026-11-26T03:31:08.Z", "yesterday", "2026-11-26X03:31:08Z", "-026-11-26T03:31:08Z"})
    EXPECT_FALSE(ParseRfc3339(bad)) << bad;
}

TEST(Rfc3339, BeforeIsComparableAsText) {
  auto now = std::chrono::system_clock::from_time_t(Timegm(2026, 11, 26, 12, 0, 0));
  EXPECT_EQ(Rfc3339Before(now, std::chrono::hours(13)), "2026-11-25T23:00:00Z");
  EXPECT_LT(Rfc3339Before(now, std::chrono::hours(13)),
            FormatRfc3339(Timegm(2026, 11, 26, 0, 0, 0)));
}

}  // namespace
}  // namespace vs
