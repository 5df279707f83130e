// SSM sync ingest benchmark (issue 6 item 8): a deterministic generator of a Resource Data Sync
// tree and the wall time + peak RSS of CollectSsm reading it from a directory.
//
//   bench_ssm_ingest generate DIR [instances=10000] [packages=500] [accounts=100]
//   bench_ssm_ingest ingest DIR
//
// The same seed always writes the same bytes. bench/ssm_duckdb.mjs reads the tree with DuckDB
// for the reference time (see bench/README-ssm.md).
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <sys/resource.h>

#include "collectors/ssm.h"

namespace {

namespace fs = std::filesystem;

// splitmix64: tiny, fast, and the same everywhere.
struct Rng {
  uint64_t state;
  uint64_t Next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  uint64_t Below(uint64_t n) { return Next() % n; }
};

struct Platform {
  const char* name;
  const char* version;
  bool deb;
  const char* dist;  // Release tag in versions.
};
constexpr Platform kPlatforms[] = {
    {"Amazon Linux", "2", false, "amzn2"},
    {"Amazon Linux", "2023", false, "amzn2023"},
    {"Ubuntu", "22.04", true, "0ubuntu0.22.04"},
    {"Debian GNU/Linux", "12", true, "deb12u"},
};
constexpr const char* kRegions[] = {"us-east-1", "eu-west-1", "ap-northeast-1", "us-west-2"};
constexpr const char* kWords[] = {"ssl",  "curl", "xml2", "z",    "ffi",  "krb5", "gnutls", "pcre",
                                  "nss",  "sql",  "yaml", "http", "ldap", "png",  "jpeg",   "tiff",
                                  "zstd", "lz4",  "gmp",  "mpfr", "idn2", "psl",  "ssh",    "uuid"};

std::string Account(int a) {
  char buf[16];
  // Some ids start with 0, as real ones may: they must stay strings.
  std::snprintf(buf, sizeof(buf), "%012" PRIu64,
                static_cast<uint64_t>(static_cast<uint64_t>(a) * 9876543211ull % 1000000000000ull));
  return buf;
}

std::string PackageName(int i) {
  std::string w = kWords[i % std::size(kWords)];
  switch (i % 4) {
    case 0: return "lib" + w + std::to_string(i / 4);
    case 1: return w + "-utils-" + std::to_string(i / 4);
    case 2: return "lib" + w + "-dev-" + std::to_string(i / 4);
    default: return "python3-" + w + std::to_string(i / 4);
  }
}

int Generate(const fs::path& root, int instances, int packages, int accounts) {
  const int pool = packages * 4;
  const std::string capture_base = "2024-05-01T0";
  uint64_t bytes = 0;
  auto write = [&](const char* type, const std::string& account, const char* region,
                   const std::string& id, const std::string& body) {
    fs::path dir = root / type / ("accountid=" + account) / (std::string("region=") + region) /
                   "resourcetype=ManagedInstanceInventory";
    fs::create_directories(dir);
    std::ofstream(dir / (id + ".json"), std::ios::binary) << body;
    bytes += body.size();
  };
  for (int i = 0; i < instances; ++i) {
    Rng rng{static_cast<uint64_t>(i) * 0x1000193ull + 17};
    std::string account = Account(i % accounts);
    const char* region = kRegions[(i / accounts) % std::size(kRegions)];
    const Platform& pf = kPlatforms[(i * 7 + i / 3) % std::size(kPlatforms)];
    char id[24];
    std::snprintf(id, sizeof(id), "i-%017x", 0x1000000u + static_cast<unsigned>(i));
    std::string capture = capture_base + std::to_string(rng.Below(10)) + ":" +
                          std::to_string(10 + rng.Below(50)) + ":00Z";
    std::string tail = "\"resourceId\":\"" + std::string(id) + "\",\"captureTime\":\"" + capture +
                       "\",\"schemaVersion\":\"1.0\"}\n";
    write(
        "AWS:InstanceInformation", account, region, id,
        "{\"AgentType\":\"amazon-ssm-agent\",\"AgentVersion\":\"3.3.40.0\",\"ComputerName\":\"ip-" +
            std::to_string(i) + ".internal\",\"InstanceId\":\"" + id + "\",\"InstanceStatus\":\"" +
            (i % 50 == 49 ? "Terminated" : "Active") +
            "\",\"IpAddress\":\"10.0.0.1\",\"PlatformName\":\"" + pf.name +
            "\",\"PlatformType\":\"Linux\",\"PlatformVersion\":\"" + pf.version +
            "\",\"ResourceType\":\"EC2Instance\"," + tail);
    // Half the fleet sits in auto-scaling groups of 5 per account and region.
    std::string tags = "{\"Key\":\"Name\",\"Value\":\"svc-" + std::to_string(i % 97) + "\"," + tail;
    bool in_asg = (i / accounts) % 2 == 0;
    if (in_asg) {
      tags += "{\"Key\":\"aws:autoscaling:groupName\",\"Value\":\"asg-" +
              std::to_string((i / (accounts * 8)) % 5) + "\"," + tail;
    }
    write("AWS:Tag", account, region, id, tags);
    std::string app;
    app.reserve(static_cast<size_t>(packages) * 420);
    std::string app_tail = "\"resourceId\":\"" + std::string(id) + "\",\"captureTime\":\"" +
                           capture + "\",\"schemaVersion\":\"1.1\"}\n";
    int start = static_cast<int>(rng.Below(static_cast<uint64_t>(pool - packages)));
    for (int k = 0; k < packages; ++k) {
      int p = start + k;
      std::string name = PackageName(p);
      std::string ver = std::to_string(1 + p % 7) + "." + std::to_string(p % 13) + "." +
                        std::to_string(rng.Below(3));
      if (pf.deb) {
        std::string v = ver + "-" + std::to_string(1 + p % 3) + pf.dist;
        app +=
            "{\"Name\":\"" + name + "\",\"Publisher\":\"Maintainers <pkg@lists.example.org>\"," +
            "\"Version\":\"" + v + "\",\"ApplicationType\":\"libs\",\"Architecture\":\"x86_64\"," +
            "\"URL\":\"https://example.org/" + name + "\",\"Summary\":\"The " + name +
            " library and tools\",\"PackageId\":\"" + name + "_" + v + "_amd64.deb\"," + app_tail;
      } else {
        std::string rel = std::to_string(1 + p % 5) + "." + pf.dist;
        app +=
            "{\"Name\":\"" + name + "\",\"Publisher\":\"Amazon Linux\",\"Version\":\"" + ver +
            "\",\"Release\":\"" + rel + "\",\"Epoch\":\"" + (p % 11 == 0 ? "1" : "") +
            "\",\"InstalledTime\":\"2024-02-20T01:02:03Z\",\"ApplicationType\":\"System "
            "Environment/Libraries\",\"Architecture\":\"x86_64\",\"URL\":\"https://example.org/" +
            name + "\",\"Summary\":\"The " + name + " library and tools\",\"PackageId\":\"" + name +
            "-" + ver + "-" + rel + ".src.rpm\"," + app_tail;
      }
    }
    if (pf.deb) {
      app +=
          "{\"Name\":\"core22\",\"Publisher\":\"canonical**\",\"Version\":\"20240408\","
          "\"ApplicationType\":\"admin\",\"Architecture\":\"\"," +
          app_tail;
    }
    write("AWS:Application", account, region, id, app);
  }
  std::printf("generated %d instances x %d packages over %d accounts: %.1f MB in %s\n", instances,
              packages, accounts, static_cast<double>(bytes) / 1e6, root.c_str());
  return 0;
}

int Ingest(const fs::path& root) {
  auto t0 = std::chrono::steady_clock::now();
  vs::collectors::DirectoryObjectSource source(root.string());
  vs::Result<vs::model::Collection> c = vs::collectors::CollectSsm(source, {});
  auto t1 = std::chrono::steady_clock::now();
  if (!c) {
    std::fprintf(stderr, "ingest failed: %s\n", c.error().message.c_str());
    return 1;
  }
  size_t packages = 0;
  for (const auto& r : c->assets) packages += r.packages.size();
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf(
      "ssm ingest: %.3f s wall, peak RSS %.0f MB, %s objects, %.1f MB, %s instances "
      "(%s terminated) -> %zu assets, %zu packages, %zu scopes, %zu errors\n",
      std::chrono::duration<double>(t1 - t0).count(), static_cast<double>(ru.ru_maxrss) / 1024.0,
      c->stats["ssm.objects"].c_str(), std::stod(c->stats["ssm.bytes"]) / 1e6,
      c->stats["ssm.instances"].c_str(), c->stats["ssm.terminated"].c_str(), c->assets.size(),
      packages, c->scopes.size(), c->errors.size());
  return c->errors.empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s generate DIR [instances] [packages] [accounts] | ingest DIR\n",
                 argv[0]);
    return 2;
  }
  std::string mode = argv[1];
  if (mode == "generate") {
    int instances = argc > 3 ? std::atoi(argv[3]) : 10000;
    int packages = argc > 4 ? std::atoi(argv[4]) : 500;
    int accounts = argc > 5 ? std::atoi(argv[5]) : 100;
    if (instances <= 0 || packages <= 0 || accounts <= 0) return 2;
    return Generate(argv[2], instances, packages, accounts);
  }
  if (mode == "ingest") return Ingest(argv[2]);
  return 2;
}
