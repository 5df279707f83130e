#include "version/rpm.h"

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "version/bytes.h"
#include "version/util.h"

namespace vs::version {
namespace {

using bytes::CommonPrefix;
using bytes::Load32;
using bytes::Load64;
using bytes::LoadShort;
#if defined(__SSE2__)
using bytes::Load128;
#endif

constexpr std::string_view kScheme = "rpm";
constexpr size_t kNone = std::string_view::npos;

// Byte classes for validation. The alphabet is rpmbuild's: build/rpmbuild_internal.h
// ALLOWED_CHARS_VERREL "._+%{}~^" plus ASCII letters and digits in a version or release, and
// ALLOWED_CHARS_EVR adds '-' and ':' between them (build/parseReqs.c checkDep()).
enum class ByteClass : uint8_t { kBad, kDigit, kAllowed, kDot, kColon, kHyphen };

constexpr std::array<ByteClass, 256> MakeClasses() {
  std::array<ByteClass, 256> t{};
  for (int c = 0; c < 256; ++c) {
    if (IsDigit(char(c))) {
      t[c] = ByteClass::kDigit;
    } else if (IsAlpha(char(c))) {
      t[c] = ByteClass::kAllowed;
    }
  }
  for (char c : std::string_view("_+%{}~^")) t[uint8_t(c)] = ByteClass::kAllowed;
  t['.'] = ByteClass::kDot;
  t[':'] = ByteClass::kColon;
  t['-'] = ByteClass::kHyphen;
  return t;
}
constexpr std::array<ByteClass, 256> kClasses = MakeClasses();

// rpmio/rpmvercmp.c: only ASCII letters and digits form segments; '~' and '^' are special;
// every other byte merely separates segments ("1.0" == "1_0" == "1+0").
constexpr uint8_t kSeparator = 0;
constexpr uint8_t kSegDigit = 1;
constexpr uint8_t kSegAlpha = 2;
constexpr uint8_t kSegSpecial = 3;  // '~' and '^'.
constexpr std::array<uint8_t, 256> MakeSegments() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    if (IsDigit(char(c))) {
      t[c] = kSegDigit;
    } else if (IsAlpha(char(c))) {
      t[c] = kSegAlpha;
    }
  }
  t['~'] = kSegSpecial;
  t['^'] = kSegSpecial;
  return t;
}
constexpr std::array<uint8_t, 256> kSegments = MakeSegments();

enum class Problem : uint8_t {
  kNone,
  kEmpty,
  kBadByte,
  kDoubleDot,
  kSecondColon,
  kEpochNotNumber,
  kSecondHyphen,
  kEmptyVersion,
  kEmptyRelease,
};

struct RpmParts {
  std::string_view epoch;  // Digits only; empty when absent (rpmverCmp then uses "0").
  std::string_view version;
  std::string_view release;
  bool has_release = false;
  Problem problem = Problem::kNone;
  uint8_t bad_byte = 0;
};

RpmParts Invalid(Problem problem, uint8_t bad_byte = 0) {
  RpmParts p;
  p.problem = problem;
  p.bad_byte = bad_byte;
  return p;
}

// The precise pass, which also names the problem. Validity is rpmbuild's check of a
// dependency EVR (build/parseReqs.c checkDep(): rpmCharCheck for the alphabet and no "..",
// checkSep for at most one '-' and one ':', checkEpoch for only digits before ':'), plus a
// non-empty version and release, which rpmverParse() would otherwise split off as "" and
// compare. The split is rpmio/rpmver.c parseEVR(): the epoch is the leading digits ended by
// ':' (an empty epoch means 0), the release what follows the last '-'.
[[gnu::noinline]] RpmParts ParseSlow(std::string_view v) {
  const char* p = v.data();
  const size_t n = v.size();
  if (n == 0) return Invalid(Problem::kEmpty);  // rpmverParse("") returns NULL.
  size_t colon = kNone;
  size_t hyphen = kNone;
  bool only_digits = true;  // So far; decides whether a ':' ends an epoch.
  bool after_dot = false;
  for (size_t i = 0; i < n; ++i) {
    const uint8_t c = uint8_t(p[i]);
    switch (kClasses[c]) {
      case ByteClass::kDigit: after_dot = false; continue;
      case ByteClass::kAllowed:
        only_digits = false;
        after_dot = false;
        continue;
      case ByteClass::kDot:
        if (after_dot) return Invalid(Problem::kDoubleDot);
        only_digits = false;
        after_dot = true;
        continue;
      case ByteClass::kColon:
        if (colon != kNone) return Invalid(Problem::kSecondColon);
        if (!only_digits) return Invalid(Problem::kEpochNotNumber);
        colon = i;
        only_digits = false;
        after_dot = false;
        continue;
      case ByteClass::kHyphen:
        if (hyphen != kNone) return Invalid(Problem::kSecondHyphen);
        hyphen = i;
        only_digits = false;
        after_dot = false;
        continue;
      case ByteClass::kBad: return Invalid(Problem::kBadByte, c);
    }
  }
  RpmParts out;
  size_t version_start = 0;
  if (colon != kNone) {
    out.epoch = std::string_view(p, colon);
    version_start = colon + 1;
  }
  const size_t version_end = hyphen != kNone ? hyphen : n;
  if (version_end == version_start) return Invalid(Problem::kEmptyVersion);
  out.version = std::string_view(p + version_start, version_end - version_start);
  out.release = std::string_view(p + n, 0);
  if (hyphen != kNone) {
    if (hyphen + 1 == n) return Invalid(Problem::kEmptyRelease);
    out.release = std::string_view(p + hyphen + 1, n - hyphen - 1);
    out.has_release = true;
  }
  return out;
}

#if defined(__SSE2__)

constexpr size_t kMaxFast = 64;  // Longer EVRs (none in practice) take ParseSlow().

// Bit k set for byte k of an EVR (up to kMaxFast bytes) in each class. Built from 16-byte
// blocks; blocks may overlap, and overlapping bytes land on the same bit, so nothing is read
// outside the string and nothing is counted twice.
struct Masks {
  uint64_t bad = 0;  // Outside rpmbuild's EVR alphabet.
  uint64_t digit = 0;
  uint64_t dot = 0;
  uint64_t colon = 0;
  uint64_t hyphen = 0;
};

// Signed byte compares: bytes >= 0x80 are negative, so they fall in no range (and are bad).
inline __m128i InRange(__m128i x, char lo, char hi) {
  return _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(char(lo - 1))),
                       _mm_cmplt_epi8(x, _mm_set1_epi8(char(hi + 1))));
}
inline __m128i Equal(__m128i x, char c) { return _mm_cmpeq_epi8(x, _mm_set1_epi8(c)); }
inline uint64_t Bits(__m128i m) { return uint64_t(uint32_t(_mm_movemask_epi8(m))); }

[[gnu::always_inline]] inline void AddBlock(Masks& m, __m128i x, size_t shift, uint64_t keep) {
  // Letters either case ('A'..'Z' | 0x20 is 'a'..'z'), "-.", "0123456789:", "^_", "{",
  // "}~", "%" and "+": the ASCII runs of ALLOWED_CHARS_EVR plus alphanumerics ('/' is not).
  const __m128i letters = InRange(_mm_or_si128(x, _mm_set1_epi8(0x20)), 'a', 'z');
  const __m128i runs = _mm_or_si128(_mm_or_si128(InRange(x, '-', '.'), InRange(x, '0', ':')),
                                    _mm_or_si128(InRange(x, '^', '_'), InRange(x, '}', '~')));
  const __m128i singles = _mm_or_si128(_mm_or_si128(Equal(x, '{'), Equal(x, '%')), Equal(x, '+'));
  const __m128i allowed = _mm_or_si128(_mm_or_si128(letters, runs), singles);
  m.bad |= (~Bits(allowed) & keep) << shift;
  m.digit |= (Bits(InRange(x, '0', '9')) & keep) << shift;
  m.dot |= (Bits(Equal(x, '.')) & keep) << shift;
  m.colon |= (Bits(Equal(x, ':')) & keep) << shift;
  m.hyphen |= (Bits(Equal(x, '-')) & keep) << shift;
}

// 1 <= n <= kMaxFast.
[[gnu::always_inline]] inline Masks MasksOf(const char* p, size_t n) {
  Masks m;
  if (n >= 16) {
    for (size_t i = 0; i + 16 < n; i += 16) AddBlock(m, Load128(p + i), i, 0xffff);
    AddBlock(m, Load128(p + n - 16), n - 16, 0xffff);
  } else if (n >= 8) {
    // Bytes [0, 8) in the low half, [n - 8, n) in the high half, each spread to its place.
    const __m128i x = _mm_set_epi64x(int64_t(Load64(p + n - 8)), int64_t(Load64(p)));
    Masks h;
    AddBlock(h, x, 0, 0xffff);
    auto spread = [n](uint64_t bits) { return (bits & 0xff) | ((bits >> 8) << (n - 8)); };
    m = Masks{spread(h.bad), spread(h.digit), spread(h.dot), spread(h.colon), spread(h.hyphen)};
  } else {
    AddBlock(m, _mm_set_epi64x(0, int64_t(LoadShort(p, n))), 0, (uint64_t(1) << n) - 1);
  }
  return m;
}

// Splits and validates `v`. The common case is decided from bit masks with no data-dependent
// branch; anything unusual goes to ParseSlow(), which also names the problem. Inlined so
// that the parts stay in registers.
[[gnu::always_inline]] inline RpmParts Parse(std::string_view v) {
  const char* p = v.data();
  const size_t n = v.size();
  if (n == 0 || n > kMaxFast) return ParseSlow(v);
  const Masks m = MasksOf(p, n);
  // A bad byte, "..", a second ':' or '-': let ParseSlow() say which.
  if ((m.bad | (m.dot & (m.dot >> 1)) | (m.colon & (m.colon - 1)) | (m.hyphen & (m.hyphen - 1))) !=
      0) {
    return ParseSlow(v);
  }
  size_t version_start = 0;
  size_t colon = 0;
  if (m.colon != 0) {
    colon = size_t(std::countr_zero(m.colon));
    // Only digits before the ':' (this also catches a '-' there).
    if ((~m.digit & ((uint64_t(1) << colon) - 1)) != 0) return ParseSlow(v);
    version_start = colon + 1;
  }
  const size_t hyphen = m.hyphen != 0 ? size_t(std::countr_zero(m.hyphen)) : kNone;
  const size_t version_end = hyphen != kNone ? hyphen : n;
  if (version_end <= version_start || (hyphen != kNone && hyphen + 1 == n)) return ParseSlow(v);
  RpmParts out;
  out.epoch = std::string_view(p, colon);
  out.version = std::string_view(p + version_start, version_end - version_start);
  out.has_release = hyphen != kNone;
  out.release = out.has_release ? std::string_view(p + hyphen + 1, n - hyphen - 1)
                                : std::string_view(p + n, 0);
  return out;
}

#else  // No SSE2: the general path for everything.

[[gnu::always_inline]] inline RpmParts Parse(std::string_view v) { return ParseSlow(v); }

#endif

std::string Reason(const RpmParts& parts) {
  switch (parts.problem) {
    case Problem::kNone: break;
    case Problem::kEmpty: return "version string is empty";
    case Problem::kBadByte: {
      const char c = char(parts.bad_byte);
      std::string what;
      if (parts.bad_byte == ' ') {
        what = "space";
      } else if (parts.bad_byte == '\t') {
        what = "tab";
      } else if (parts.bad_byte >= 0x21 && parts.bad_byte < 0x7f) {
        what = std::string("character '") + c + "'";
      } else {
        static constexpr char kHex[] = "0123456789abcdef";
        what = std::string("byte 0x") + kHex[parts.bad_byte >> 4] + kHex[parts.bad_byte & 15];
      }
      return what +
             " not allowed (only letters, digits and ._+%{}~^, with ':' after the epoch "
             "and '-' before the release)";
    }
    case Problem::kDoubleDot: return "illegal sequence \"..\"";
    case Problem::kSecondColon: return "more than one ':'";
    case Problem::kEpochNotNumber: return "epoch before ':' is not a number";
    case Problem::kSecondHyphen: return "more than one '-'";
    case Problem::kEmptyVersion: return "version is empty";
    case Problem::kEmptyRelease: return "release is empty";
  }
  return "internal error";
}

// rpmio/rpmvercmp.c rpmvercmp(), on views instead of NUL-terminated copies. `same` is the
// length of their common prefix: identical bytes decide nothing, so the loop starts at the
// first difference, backed up to the start of the letter or digit run it falls in (where
// rpmvercmp would be at the top of its loop, or skipping separators).
int VerCmp(std::string_view a, std::string_view b, size_t same) {
  if (same == a.size() && same == b.size()) return 0;  // rpmvercmp's own strcmp shortcut.
  while (same > 0 && IsAlnum(a[same - 1])) --same;
  const uint8_t* p1 = reinterpret_cast<const uint8_t*>(a.data()) + same;
  const uint8_t* p2 = reinterpret_cast<const uint8_t*>(b.data()) + same;
  const uint8_t* const e1 = reinterpret_cast<const uint8_t*>(a.data()) + a.size();
  const uint8_t* const e2 = reinterpret_cast<const uint8_t*>(b.data()) + b.size();
  for (;;) {
    while (p1 != e1 && kSegments[*p1] == kSeparator) ++p1;
    while (p2 != e2 && kSegments[*p2] == kSeparator) ++p2;
    const uint8_t c1 = p1 != e1 ? *p1 : 0;
    const uint8_t c2 = p2 != e2 ? *p2 : 0;
    // '~' sorts before everything, even the end: "1.0~rc1" < "1.0".
    if (c1 == '~' || c2 == '~') {
      if (c1 != '~') return 1;
      if (c2 != '~') return -1;
      ++p1;
      ++p2;
      continue;
    }
    // '^' sorts after the end but before anything else: "1.0" < "1.0^git1" < "1.0.1".
    if (c1 == '^' || c2 == '^') {
      if (p1 == e1) return -1;
      if (p2 == e2) return 1;
      if (c1 != '^') return 1;
      if (c2 != '^') return -1;
      ++p1;
      ++p2;
      continue;
    }
    if (p1 == e1 || p2 == e2) break;
    const uint8_t* s1 = p1;
    const uint8_t* s2 = p2;
    if (kSegments[c1] == kSegDigit) {
      while (p1 != e1 && kSegments[*p1] == kSegDigit) ++p1;
      while (p2 != e2 && kSegments[*p2] == kSegDigit) ++p2;
      // A number against letters: the number is newer ("1.1" > "1.a").
      if (s2 == p2) return 1;
      // Leading zeros are ignored; then the longer number wins, else the first digit.
      while (s1 != p1 && *s1 == '0') ++s1;
      while (s2 != p2 && *s2 == '0') ++s2;
      const size_t l1 = size_t(p1 - s1);
      const size_t l2 = size_t(p2 - s2);
      if (l1 != l2) return l1 < l2 ? -1 : 1;
      for (size_t k = 0; k < l1; ++k) {
        if (s1[k] != s2[k]) return s1[k] < s2[k] ? -1 : 1;
      }
    } else {
      while (p1 != e1 && kSegments[*p1] == kSegAlpha) ++p1;
      while (p2 != e2 && kSegments[*p2] == kSegAlpha) ++p2;
      if (s2 == p2) return -1;
      // strcmp() on the letters: case-sensitive ASCII, so "Z" < "a", and a prefix first.
      const size_t l1 = size_t(p1 - s1);
      const size_t l2 = size_t(p2 - s2);
      for (size_t k = 0, m = l1 < l2 ? l1 : l2; k < m; ++k) {
        if (s1[k] != s2[k]) return s1[k] < s2[k] ? -1 : 1;
      }
      if (l1 != l2) return l1 < l2 ? -1 : 1;
    }
  }
  // All segments matched; whichever side still has one is newer ("1.0.1" > "1.0", but
  // trailing separators do not count: "1.0." == "1.0").
  if (p1 == e1 && p2 == e2) return 0;
  return p1 == e1 ? -1 : 1;
}

}  // namespace

Status ValidateRpm(std::string_view v) {
  RpmParts parts = Parse(v);
  if (parts.problem != Problem::kNone) return Fail(InvalidVersion(kScheme, v, Reason(parts)));
  return Ok();
}

Result<int> CompareRpm(std::string_view a, std::string_view b) {
  const size_t same = CommonPrefix(a.data(), b.data(), a.size() < b.size() ? a.size() : b.size());
  // Identical strings are common when matching (installed == fixed): validate once.
  if (same == a.size() && same == b.size()) {
    RpmParts pa = Parse(a);
    if (pa.problem != Problem::kNone) {
      return Fail(SideError(InvalidVersion(kScheme, a, Reason(pa)), true));
    }
    return 0;
  }
  RpmParts pa = Parse(a);
  if (pa.problem != Problem::kNone) {
    return Fail(SideError(InvalidVersion(kScheme, a, Reason(pa)), true));
  }
  RpmParts pb = Parse(b);
  if (pb.problem != Problem::kNone) {
    return Fail(SideError(InvalidVersion(kScheme, b, Reason(pb)), false));
  }
  // The common prefix of two parts: known from `same` when they start at the same offset.
  auto part_prefix = [&](std::string_view x, std::string_view y) {
    const size_t shortest = x.size() < y.size() ? x.size() : y.size();
    const size_t offset = size_t(x.data() - a.data());
    if (offset != size_t(y.data() - b.data())) return CommonPrefix(x.data(), y.data(), shortest);
    if (same <= offset) return size_t(0);
    return same - offset < shortest ? same - offset : shortest;
  };
  // rpmio/rpmver.c rpmverCmp(): a missing epoch is "0" and epochs go through rpmvercmp, i.e.
  // compare as numbers of any length.
  if (int c = CompareDigits(pa.epoch, pb.epoch); c != 0) return c;
  if (int c = VerCmp(pa.version, pb.version, part_prefix(pa.version, pb.version)); c != 0) {
    return c;
  }
  // compare_values(): a missing release sorts before any release ("1.0" < "1.0-1"). Note
  // that dependency matching (rpmdsCompare, rpmverOverlap) ignores it instead; we follow the
  // total order of rpmverCmp().
  if (pa.has_release != pb.has_release) return pa.has_release ? 1 : -1;
  if (!pa.has_release) return 0;
  return VerCmp(pa.release, pb.release, part_prefix(pa.release, pb.release));
}

}  // namespace vs::version
