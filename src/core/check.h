// VS_CHECK: broken invariants are bugs, not errors; abort with a message (style.md §3).
#pragma once

#include <cstdio>
#include <cstdlib>

#define VS_CHECK(cond, why)                                                                   \
  do {                                                                                        \
    if (!(cond)) {                                                                            \
      std::fprintf(stderr, "%s:%d: check failed: %s (%s)\n", __FILE__, __LINE__, #cond, why); \
      std::abort();                                                                           \
    }                                                                                         \
  } while (0)
