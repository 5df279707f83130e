// Fills a store for the dashboard benchmark (bench/serve_wrk.sh) with the store benchmark's
// generator: bench_serve_gen DB FINDINGS [ASSETS]. Prints the sample filter values as
// "key=value" lines so the script can query rows that exist.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/store_gen.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: bench_serve_gen DB FINDINGS [ASSETS]\n");
    return 2;
  }
  vs::bench::GenOptions o;
  o.findings = std::atoll(argv[2]);
  if (argc > 3) o.assets = std::atoll(argv[3]);
  vs::Result<vs::bench::GenSample> s = vs::bench::ReadSample(argv[1]);
  if (!s) s = vs::bench::GenerateStore(argv[1], o);
  if (!s) {
    std::fprintf(stderr, "bench_serve_gen: %s\n", s.error().message.c_str());
    return 2;
  }
  std::printf("findings=%lld\nassets=%lld\nbig_cve=%s\naccount=%s\nteam=%s\nload_seconds=%.1f\n",
              static_cast<long long>(s->findings), static_cast<long long>(s->assets),
              s->big_cve.c_str(), s->account.c_str(), s->team.c_str(),
              s->load_seconds + s->index_seconds);
  return 0;
}
