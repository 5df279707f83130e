#include "version/deb.h"

#include <array>
#include <bit>
#include <climits>
#include <cstdint>
#include <cstring>

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

constexpr std::string_view kScheme = "deb";
constexpr size_t kNone = std::string_view::npos;

// Byte flags for the general parsing pass. dpkg trims and splits on c_isblank (space and tab only),
// takes the epoch up to the FIRST ':' and the revision after the LAST '-'.
constexpr uint8_t kFlagBlank = 1;
constexpr uint8_t kFlagColon = 2;
constexpr uint8_t kFlagHyphen = 4;

constexpr std::array<uint8_t, 256> MakeFlags() {
  std::array<uint8_t, 256> t{};
  t[' '] = kFlagBlank;
  t['\t'] = kFlagBlank;
  t[':'] = kFlagColon;
  t['-'] = kFlagHyphen;
  return t;
}
constexpr std::array<uint8_t, 256> kFlags = MakeFlags();

// dpkg lib/dpkg/version.c order(): digits (and the end of the part) weigh 0, letters their
// ASCII code, '~' -1 so it sorts before everything including the end ("1.0~rc1" < "1.0"),
// and any other byte c + 256 so punctuation sorts after letters. dpkg passes a plain (signed)
// char, so a byte >= 0x80 weighs (c - 256) + 256 = its unsigned value: after the letters,
// before ASCII punctuation. Such bytes only draw a parse warning, so they do get compared.
constexpr std::array<int16_t, 256> MakeOrder() {
  std::array<int16_t, 256> t{};
  for (int c = 1; c < 256; ++c) {
    if (IsDigit(char(c))) {
      t[c] = 0;
    } else if (IsAlpha(char(c))) {
      t[c] = int16_t(c);
    } else if (c == '~') {
      t[c] = -1;
    } else if (c >= 0x80) {
      t[c] = int16_t(c);
    } else {
      t[c] = int16_t(c + 256);
    }
  }
  return t;
}
constexpr std::array<int16_t, 256> kOrder = MakeOrder();

// The C locale's isspace() minus space and tab: what strtol() skips before the epoch digits
// that dpkg's own blank trimming has not already removed ("\v1:2" has epoch 1).
constexpr bool IsOtherSpace(char c) { return c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

struct DebParts {
  uint32_t epoch = 0;
  std::string_view upstream;
  std::string_view revision;    // Empty when there is no '-'.
  const char* error = nullptr;  // dpkg's reason when the version is invalid.
};

DebParts Invalid(const char* reason) {
  DebParts p;
  p.error = reason;
  return p;
}

// The rest of parseversion() once the blanks are trimmed: `[start, end)` is the version
// without them, `colon` its first ':' and `hyphen` its last '-' (or kNone).
[[gnu::always_inline]] inline DebParts Split(const char* p, size_t n, size_t start, size_t end,
                                             size_t colon, size_t hyphen) {
  DebParts out;
  size_t version_start = start;
  if (colon != kNone) {
    // dpkg parses the epoch with strtol(): optional whitespace and sign, then digits that
    // must end exactly at the colon; the value must fit 0..INT_MAX ("-0:1" is epoch 0).
    size_t i = start;
    while (i < colon && IsOtherSpace(p[i])) ++i;
    bool negative = false;
    if (i < colon && (p[i] == '+' || p[i] == '-')) negative = p[i++] == '-';
    const size_t digits = i;
    uint64_t value = 0;
    for (; i < colon && IsDigit(p[i]); ++i) {
      if (value <= uint64_t(INT_MAX)) value = value * 10 + uint64_t(p[i] - '0');
    }
    if (i == digits) return Invalid("epoch in version is empty");
    if (i != colon) return Invalid("epoch in version is not number");
    if (negative && value != 0) return Invalid("epoch in version is negative");
    if (value > uint64_t(INT_MAX)) return Invalid("epoch in version is too big");
    // dpkg tests the byte after the colon before trimming, so "1: " gets past this check and
    // then fails as an empty version below.
    if (colon + 1 == n) return Invalid("nothing after colon in version number");
    out.epoch = uint32_t(value);
    version_start = colon + 1;
    if (hyphen != kNone && hyphen < colon) hyphen = kNone;  // It was the epoch's sign.
  }
  if (hyphen != kNone) {
    // The revision starts after the LAST hyphen, so the upstream part may contain hyphens.
    if (hyphen + 1 == end) return Invalid("revision number is empty");
    out.upstream = std::string_view(p + version_start, hyphen - version_start);
    out.revision = std::string_view(p + hyphen + 1, end - hyphen - 1);
  } else {
    out.upstream = std::string_view(p + version_start, end - version_start);
    out.revision = std::string_view(p + end, 0);
  }
  if (out.upstream.empty()) return Invalid("version number is empty");
  return out;
}

// The general path, for versions with blanks or NUL bytes.
DebParts ParseSlow(std::string_view v) {
  const char* p = v.data();
  const size_t n = v.size();
  // A C string ends at NUL, so dpkg can never see one; refuse rather than truncate.
  if (n != 0 && std::memchr(p, '\0', n) != nullptr) return Invalid("contains a NUL byte");

  size_t start = 0;
  while (start < n && (kFlags[uint8_t(p[start])] & kFlagBlank) != 0) ++start;
  if (start == n) return Invalid("version string is empty");

  size_t colon = kNone;
  size_t hyphen = kNone;
  size_t end = start;
  for (; end < n; ++end) {
    const uint8_t k = kFlags[uint8_t(p[end])];
    if (k & kFlagBlank) break;
    if ((k & kFlagColon) && colon == kNone) colon = end;
    if (k & kFlagHyphen) hyphen = end;
  }
  // Leading and trailing blanks are trimmed; anything after an inner blank is an error.
  for (size_t i = end; i < n; ++i) {
    if ((kFlags[uint8_t(p[i])] & kFlagBlank) == 0) {
      return Invalid("version string has embedded spaces");
    }
  }
  return Split(p, n, start, end, colon, hyphen);
}

#if defined(__SSE2__)

constexpr size_t kMaxFast = 64;  // Longer versions (none in practice) take ParseSlow().

// Bit k set for byte k of a version (up to kMaxFast bytes) that is below '!' (blank, NUL or
// control), ':' or '-'. Built from 16-byte blocks; blocks may overlap, and overlapping bytes
// land on the same bit, so nothing is read outside the string.
struct Masks {
  uint64_t low = 0;
  uint64_t colon = 0;
  uint64_t hyphen = 0;
};

[[gnu::always_inline]] inline void AddBlock(Masks& m, __m128i x, size_t shift, uint32_t keep) {
  const __m128i low = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x20)), x);  // x <= 0x20
  m.low |= uint64_t(uint32_t(_mm_movemask_epi8(low)) & keep) << shift;
  m.colon |= uint64_t(uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(':')))) & keep)
             << shift;
  m.hyphen |= uint64_t(uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('-')))) & keep)
              << shift;
}

// 1 <= n <= kMaxFast.
[[gnu::always_inline]] inline Masks MasksOf(const char* p, size_t n) {
  Masks m;
  if (n >= 16) {
    for (size_t i = 0; i + 16 < n; i += 16) AddBlock(m, Load128(p + i), i, 0xffff);
    AddBlock(m, Load128(p + n - 16), n - 16, 0xffff);
  } else if (n >= 8) {
    // Bytes [0, 8) in the low half, [n - 8, n) in the high half.
    const __m128i x = _mm_set_epi64x(int64_t(Load64(p + n - 8)), int64_t(Load64(p)));
    Masks half;
    AddBlock(half, x, 0, 0xffff);
    m.low = (half.low & 0xff) | ((half.low >> 8) << (n - 8));
    m.colon = (half.colon & 0xff) | ((half.colon >> 8) << (n - 8));
    m.hyphen = (half.hyphen & 0xff) | ((half.hyphen >> 8) << (n - 8));
  } else {
    AddBlock(m, _mm_set_epi64x(0, int64_t(LoadShort(p, n))), 0, (1u << n) - 1);
  }
  return m;
}

// Mirrors dpkg lib/dpkg/parsehelp.c parseversion(), keeping only its ERROR-level checks:
// the WARN-level ones (non-digit start, characters outside [A-Za-z0-9.+~-:] in the upstream
// part or [A-Za-z0-9.+~] in the revision) do not stop `dpkg --compare-versions`. The common
// case (no byte below '!', so no blank and no NUL) finds the first ':' and the last '-' from
// 16-byte blocks with no data-dependent branch; anything else takes ParseSlow().
[[gnu::always_inline]] inline DebParts Parse(std::string_view v) {
  const size_t n = v.size();
  if (n == 0 || n > kMaxFast) return ParseSlow(v);
  const Masks m = MasksOf(v.data(), n);
  if (m.low != 0) return ParseSlow(v);
  const size_t colon = m.colon != 0 ? size_t(std::countr_zero(m.colon)) : kNone;
  const size_t hyphen = m.hyphen != 0 ? size_t(63 - std::countl_zero(m.hyphen)) : kNone;
  return Split(v.data(), n, 0, n, colon, hyphen);
}

#else  // No SSE2: the general path for everything.

[[gnu::always_inline]] inline DebParts Parse(std::string_view v) { return ParseSlow(v); }

#endif

// dpkg lib/dpkg/version.c verrevcmp(): alternate non-digit runs (compared byte by byte by
// weight) and digit runs (compared numerically, any length, leading zeros ignored). A missing
// revision is the empty string, so "1.0" == "1.0-0". `same` is the length of the common
// prefix: identical bytes decide nothing, so the loop starts at the first difference, backed
// up to the start of the digit run it falls in (where verrevcmp is at the same point of its
// loop on both sides).
int ComparePart(std::string_view a, std::string_view b, size_t same) {
  if (same == a.size() && same == b.size()) return 0;
  while (same > 0 && IsDigit(a[same - 1])) --same;
  const uint8_t* pa = reinterpret_cast<const uint8_t*>(a.data()) + same;
  const uint8_t* pb = reinterpret_cast<const uint8_t*>(b.data()) + same;
  const uint8_t* const ea = reinterpret_cast<const uint8_t*>(a.data()) + a.size();
  const uint8_t* const eb = reinterpret_cast<const uint8_t*>(b.data()) + b.size();
  while (pa != ea || pb != eb) {
    // Weight 0 means a digit or the end; only there does the non-digit run stop.
    for (;;) {
      int ac = pa != ea ? kOrder[*pa] : 0;
      int bc = pb != eb ? kOrder[*pb] : 0;
      if (ac != bc) return ac < bc ? -1 : 1;
      if (ac == 0) break;
      ++pa;
      ++pb;
    }
    while (pa != ea && *pa == '0') ++pa;
    while (pb != eb && *pb == '0') ++pb;
    const uint8_t* da = pa;
    const uint8_t* db = pb;
    while (pa != ea && IsDigit(char(*pa))) ++pa;
    while (pb != eb && IsDigit(char(*pb))) ++pb;
    const size_t la = size_t(pa - da);
    const size_t lb = size_t(pb - db);
    if (la != lb) return la < lb ? -1 : 1;
    for (size_t i = 0; i < la; ++i) {
      if (da[i] != db[i]) return da[i] < db[i] ? -1 : 1;
    }
  }
  return 0;
}

}  // namespace

Status ValidateDeb(std::string_view v) {
  DebParts parts = Parse(v);
  if (parts.error != nullptr) return Fail(InvalidVersion(kScheme, v, parts.error));
  return Ok();
}

Result<int> CompareDeb(std::string_view a, std::string_view b) {
  const size_t same = CommonPrefix(a.data(), b.data(), a.size() < b.size() ? a.size() : b.size());
  // Identical strings are common when matching (installed == fixed): validate once.
  if (same == a.size() && same == b.size()) {
    DebParts pa = Parse(a);
    if (pa.error != nullptr) return Fail(SideError(InvalidVersion(kScheme, a, pa.error), true));
    return 0;
  }
  DebParts pa = Parse(a);
  if (pa.error != nullptr) return Fail(SideError(InvalidVersion(kScheme, a, pa.error), true));
  DebParts pb = Parse(b);
  if (pb.error != nullptr) return Fail(SideError(InvalidVersion(kScheme, b, pb.error), false));
  // The common prefix of two parts: known from `same` when they start at the same offset.
  auto part_prefix = [&](std::string_view x, std::string_view y) {
    const size_t shortest = x.size() < y.size() ? x.size() : y.size();
    const size_t offset = size_t(x.data() - a.data());
    if (offset != size_t(y.data() - b.data())) return CommonPrefix(x.data(), y.data(), shortest);
    if (same <= offset) return size_t(0);
    return same - offset < shortest ? same - offset : shortest;
  };
  // dpkg_version_compare(): epoch, then upstream, then revision.
  if (pa.epoch != pb.epoch) return pa.epoch < pb.epoch ? -1 : 1;
  if (int c = ComparePart(pa.upstream, pb.upstream, part_prefix(pa.upstream, pb.upstream));
      c != 0) {
    return c;
  }
  return ComparePart(pa.revision, pb.revision, part_prefix(pa.revision, pb.revision));
}

}  // namespace vs::version
