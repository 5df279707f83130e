// Comparing two valid versions must not touch the heap: the matcher runs millions of
// comparisons per second per core. Counts global operator new calls around each comparison.
#include <cstdlib>
#include <new>

#include <gtest/gtest.h>

#include "version/registry.h"

namespace {
thread_local bool counting = false;
thread_local size_t allocations = 0;
}  // namespace

void* operator new(std::size_t size) {
  if (counting) ++allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace vs::version {
namespace {

struct Sample {
  const char* scheme;
  const char* a;
  const char* b;
};

TEST(NoAllocation, ComparingValidVersions) {
  const Sample samples[] = {
      {"deb", "1:2.36-9+deb12u4", "1:2.36-9+deb12u10~bpo1"},
      {"rpm", "1:3.0.7-25.el9_3^git1", "1:3.0.7-25.el9_3~rc1"},
      {"apk", "1.2.3_rc1-r0", "1.2.3_p2-r10"},
      {"semver", "1.2.3-alpha.10+build.5", "1.2.3-alpha.9"},
      {"go", "v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.3+incompatible"},
      {"pep440", "1!2.0.post1.dev3+local.7", "1!2.0rc1"},
      {"maven", "1.0.0-alpha-1-SNAPSHOT", "1.0-ga.1.sp2"},
      {"gem", "1.2.3.pre.4", "1.2.3.a"},
      {"nuget", "1.2.3.4-Beta.10", "1.2.3.4-beta.9"},
  };
  for (const Sample& s : samples) {
    Result<const Scheme*> scheme = FindScheme(s.scheme);
    ASSERT_TRUE(scheme);
    // Warm up any lazy statics first.
    ASSERT_TRUE((*scheme)->compare(s.a, s.b)) << s.scheme;
    allocations = 0;
    counting = true;
    Result<int> r = (*scheme)->compare(s.a, s.b);
    Status v = (*scheme)->validate(s.a);
    counting = false;
    EXPECT_TRUE(r) << s.scheme;
    EXPECT_TRUE(v) << s.scheme;
    EXPECT_EQ(allocations, 0u) << s.scheme << " allocated during compare/validate";
  }
}

}  // namespace
}  // namespace vs::version
