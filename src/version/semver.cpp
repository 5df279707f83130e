#include "version/semver.h"

#include <charconv>
#include <cstdint>
#include <string>

#include "version/util.h"

namespace vs::version {
namespace {

constexpr std::string_view kScheme = "semver";

// node-semver internal/constants.js: MAX_LENGTH, and Number.MAX_SAFE_INTEGER (2^53 - 1).
constexpr size_t kMaxLength = 256;
constexpr std::string_view kMaxSafeInteger = "9007199254740991";

// JavaScript's String.prototype.trim() whitespace as UTF-8: ASCII \t\n\v\f\r and space,
// U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000 and U+FEFF (but not
// \x1c-\x1f or U+0085, which Python's \s would strip).
constexpr bool IsSpace1(uint8_t c) { return (c >= 0x09 && c <= 0x0D) || c == 0x20; }
constexpr bool IsSpace2(uint8_t a, uint8_t b) { return a == 0xC2 && b == 0xA0; }
constexpr bool IsSpace3(uint8_t a, uint8_t b, uint8_t c) {
  if (a == 0xE1) return b == 0x9A && c == 0x80;
  if (a == 0xE2 && b == 0x80)
    return (c >= 0x80 && c <= 0x8A) || c == 0xA8 || c == 0xA9 || c == 0xAF;
  if (a == 0xE2 && b == 0x81) return c == 0x9F;
  if (a == 0xE3) return b == 0x80 && c == 0x80;
  if (a == 0xEF) return b == 0xBB && c == 0xBF;
  return false;
}
size_t LeadingSpace(std::string_view s) {
  auto u = [&](size_t i) { return uint8_t(s[i]); };
  if (s.empty()) return 0;
  if (IsSpace1(u(0))) return 1;
  if (s.size() >= 2 && IsSpace2(u(0), u(1))) return 2;
  if (s.size() >= 3 && IsSpace3(u(0), u(1), u(2))) return 3;
  return 0;
}
size_t TrailingSpace(std::string_view s) {
  auto u = [&](size_t back) { return uint8_t(s[s.size() - back]); };
  if (s.empty()) return 0;
  if (IsSpace1(u(1))) return 1;
  if (s.size() >= 2 && IsSpace2(u(2), u(1))) return 2;
  if (s.size() >= 3 && IsSpace3(u(3), u(2), u(1))) return 3;
  return 0;
}

// The length JavaScript sees: UTF-16 code units, so a 3-byte U+3000 counts 1 and a 4-byte
// character 2. (Malformed UTF-8 is invalid whatever its length.)
size_t Utf16Length(std::string_view s) {
  size_t n = 0;
  for (char ch : s) {
    uint8_t c = uint8_t(ch);
    if (c < 0x80 || c >= 0xC0) ++n;
    if (c >= 0xF0) ++n;
  }
  return n;
}

constexpr bool IsIdentChar(char c) { return IsAlnum(c) || c == '-'; }

bool AllDigits(std::string_view s) {
  for (char c : s)
    if (!IsDigit(c)) return false;
  return true;
}

// A canonical (no leading zero) digit string above 2^53 - 1.
bool AboveMaxSafe(std::string_view digits) {
  return digits.size() > kMaxSafeInteger.size() ||
         (digits.size() == kMaxSafeInteger.size() && digits > kMaxSafeInteger);
}

struct Parts {
  std::string_view major, minor, patch;
  std::string_view pre;  // Without the '-'; empty when there is none.
  const char* error = nullptr;
  size_t error_at = 0;
};

constexpr const char* kTooLong = "longer than 256 characters (node-semver MAX_LENGTH)";

// node-semver classes/semver.js constructor in strict mode: the length check on the raw
// string, then trim() and internal/re.js FULL = ^v?MAJOR.MINOR.PATCH(-PRE)?(+BUILD)?$, then
// each of MAJOR, MINOR, PATCH must be <= Number.MAX_SAFE_INTEGER.
Parts Parse(std::string_view v) {
  Parts p;
  size_t offset = 0;
  auto fail = [&](const char* reason, size_t at) {
    p.error = reason;
    p.error_at = offset + at;
    return p;
  };
  if (Utf16Length(v) > kMaxLength) return fail(kTooLong, 0);
  size_t end = v.size();
  while (size_t n = LeadingSpace(v.substr(offset, end - offset))) offset += n;
  while (size_t n = TrailingSpace(v.substr(offset, end - offset))) end -= n;
  std::string_view s = v.substr(offset, end - offset);
  if (s.empty()) return fail("empty version", 0);

  size_t i = 0;
  // FULLPLAIN is `v?` + version: one lowercase 'v'; "=1.2.3" and "V1.2.3" are loose-only.
  if (s[i] == 'v') ++i;
  static constexpr const char* kMissing[] = {
      "expected the major number", "expected the minor number", "expected the patch number"};
  static constexpr const char* kZero[] = {"leading zero in the major number",
                                          "leading zero in the minor number",
                                          "leading zero in the patch number"};
  static constexpr const char* kHuge[] = {"major number above 2^53-1 (Number.MAX_SAFE_INTEGER)",
                                          "minor number above 2^53-1 (Number.MAX_SAFE_INTEGER)",
                                          "patch number above 2^53-1 (Number.MAX_SAFE_INTEGER)"};
  std::string_view* numbers[] = {&p.major, &p.minor, &p.patch};
  for (int k = 0; k < 3; ++k) {
    if (k > 0) {
      if (i >= s.size() || s[i] != '.') return fail("expected three numbers separated by '.'", i);
      ++i;
    }
    size_t start = i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    if (i == start) return fail(kMissing[k], start);
    // NUMERICIDENTIFIER is 0|[1-9]\d*.
    if (s[start] == '0' && i - start > 1) return fail(kZero[k], start);
    *numbers[k] = s.substr(start, i - start);
    if (AboveMaxSafe(*numbers[k])) return fail(kHuge[k], start);
  }
  if (i < s.size() && s[i] == '-') {
    size_t pre = ++i;
    while (true) {
      size_t start = i;
      while (i < s.size() && IsIdentChar(s[i])) ++i;
      if (i == start) return fail("empty pre-release identifier", start);
      // A numeric identifier is NUMERICIDENTIFIER (no leading zero); "0a" and "0-1" are
      // alphanumeric and fine.
      std::string_view id = s.substr(start, i - start);
      if (id.size() > 1 && id[0] == '0' && AllDigits(id)) {
        return fail("leading zero in a numeric pre-release identifier", start);
      }
      if (i >= s.size() || s[i] != '.') break;
      ++i;
    }
    p.pre = s.substr(pre, i - pre);
  }
  if (i < s.size() && s[i] == '+') {
    ++i;
    while (true) {
      size_t start = i;
      // Build identifiers may have leading zeros ("+001").
      while (i < s.size() && IsIdentChar(s[i])) ++i;
      if (i == start) return fail("empty build identifier", start);
      if (i >= s.size() || s[i] != '.') break;
      ++i;
    }
  }
  if (i != s.size()) return fail("unexpected character", i);
  return p;
}

Error ToError(std::string_view v, const Parts& p) {
  std::string reason = p.error;
  if (p.error != kTooLong) reason += " at byte " + std::to_string(p.error_at);
  return InvalidVersion(kScheme, v, reason);
}

// node-semver internal/identifiers.js compareIdentifiers for two different numeric
// identifiers. The constructor keeps an identifier >= MAX_SAFE_INTEGER as a string and the
// comparison converts both sides with unary +, a correctly rounded double: above 2^53 two
// different identifiers can become the same double ("9007199254740993" and
// "9007199254740992" both give 2^53), and then compare returns 0 on the spot without looking
// at later identifiers. std::from_chars is correctly rounded too and does not allocate.
int CompareNumericIds(std::string_view x, std::string_view y) {
  if (AboveMaxSafe(x) && AboveMaxSafe(y)) {
    double dx = 0;
    double dy = 0;
    auto rx = std::from_chars(x.data(), x.data() + x.size(), dx);
    auto ry = std::from_chars(y.data(), y.data() + y.size(), dy);
    if (rx.ec == std::errc() && ry.ec == std::errc() && dx == dy) return 0;
  }
  // Below 2^53 the doubles are exact, and rounding is monotonic, so exact order is right.
  return CompareDigits(x, y);
}

// Returns the next '.'-separated identifier of `s` starting at `i`, advancing `i`.
std::string_view NextId(std::string_view s, size_t& i) {
  size_t dot = s.find('.', i);
  if (dot == std::string_view::npos) dot = s.size();
  std::string_view id = s.substr(i, dot - i);
  i = dot + 1;
  return id;
}

// node-semver classes/semver.js compare() = compareMain() || comparePre().
int CompareParts(const Parts& a, const Parts& b) {
  if (int c = CompareDigits(a.major, b.major)) return c;
  if (int c = CompareDigits(a.minor, b.minor)) return c;
  if (int c = CompareDigits(a.patch, b.patch)) return c;
  // SemVer §11.3: a pre-release sorts before the release ("1.0.0-rc.1" < "1.0.0").
  if (a.pre.empty() || b.pre.empty()) {
    if (a.pre.empty() == b.pre.empty()) return 0;
    return a.pre.empty() ? 1 : -1;
  }
  size_t i = 0;
  size_t j = 0;
  while (true) {
    bool more_a = i <= a.pre.size();
    bool more_b = j <= b.pre.size();
    // SemVer §11.4.4: a larger set of identifiers sorts after an equal prefix.
    if (!more_a || !more_b) return more_a ? 1 : (more_b ? -1 : 0);
    std::string_view x = NextId(a.pre, i);
    std::string_view y = NextId(b.pre, j);
    if (x == y) continue;
    bool xn = AllDigits(x);
    bool yn = AllDigits(y);
    // §11.4.1-3: numeric identifiers compare numerically and sort before alphanumeric ones,
    // which compare in ASCII order ("1.0.0-Beta" < "1.0.0-alpha").
    if (xn && yn) return CompareNumericIds(x, y);
    if (xn != yn) return xn ? -1 : 1;
    return x < y ? -1 : 1;
  }
}

}  // namespace

Status ValidateSemver(std::string_view v) {
  Parts p = Parse(v);
  if (p.error != nullptr) return Fail(ToError(v, p));
  return Ok();
}

Result<int> CompareSemver(std::string_view a, std::string_view b) {
  Parts pa = Parse(a);
  if (pa.error != nullptr) return Fail(SideError(ToError(a, pa), true));
  Parts pb = Parse(b);
  if (pb.error != nullptr) return Fail(SideError(ToError(b, pb), false));
  return CompareParts(pa, pb);
}

}  // namespace vs::version
