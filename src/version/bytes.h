// Word and SSE2 helpers shared by the byte-oriented version schemes (deb, rpm): unaligned
// loads that never read outside [p, p + n), and the length of a common prefix.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace vs::version::bytes {

inline uint64_t Load64(const char* p) {
  uint64_t x;
  std::memcpy(&x, p, 8);
  return x;
}
inline uint64_t Load32(const char* p) {
  uint32_t x;
  std::memcpy(&x, p, 4);
  return x;
}

// The n bytes (n < 8) of `p` packed into the low end of a word, little-endian; reads only
// inside [0, n) with at most three loads.
inline uint64_t LoadShort(const char* p, size_t n) {
  if (n >= 4) return Load32(p) | ((Load32(p + n - 4) >> (8 * (8 - n))) << 32);
  if (n == 0) return 0;
  // p[n / 2] is p[0] or p[1], so every byte lands once.
  return uint64_t(uint8_t(p[0])) | (uint64_t(uint8_t(p[n / 2])) << (8 * (n / 2))) |
         (uint64_t(uint8_t(p[n - 1])) << (8 * (n - 1)));
}

#if defined(__SSE2__)

inline __m128i Load128(const char* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

// Length of the common prefix of `a` and `b` (n bytes each at most), 16 bytes at a time.
inline size_t CommonPrefix(const char* a, const char* b, size_t n) {
  if (n >= 16) {
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
      const uint32_t eq =
          uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(Load128(a + i), Load128(b + i))));
      if (eq != 0xffff) return i + size_t(std::countr_zero(~eq));
    }
    if (i == n) return n;
    // The last block overlaps bytes already known equal, so its first difference is past i.
    const uint32_t eq =
        uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(Load128(a + n - 16), Load128(b + n - 16))));
    return eq == 0xffff ? n : n - 16 + size_t(std::countr_zero(~eq));
  }
  if (n >= 8) {
    if (uint64_t x = Load64(a) ^ Load64(b); x != 0) return size_t(std::countr_zero(x) >> 3);
    const uint64_t y = Load64(a + n - 8) ^ Load64(b + n - 8);
    return y == 0 ? n : n - 8 + size_t(std::countr_zero(y) >> 3);
  }
  const uint64_t x = LoadShort(a, n) ^ LoadShort(b, n);
  return x == 0 ? n : size_t(std::countr_zero(x) >> 3);
}

#else

inline size_t CommonPrefix(const char* a, const char* b, size_t n) {
  size_t i = 0;
  while (i < n && a[i] == b[i]) ++i;
  return i;
}

#endif

}  // namespace vs::version::bytes
