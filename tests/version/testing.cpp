#include "tests/version/testing.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "version/registry.h"

namespace vs::version::testing {

uint64_t TestSeed() {
  if (const char* s = std::getenv("VS_TEST_SEED"); s != nullptr && *s != '\0') {
    return std::strtoull(s, nullptr, 10);
  }
  return 20261126;
}

std::vector<Pair> GeneratePairs(size_t n, uint64_t seed, const VersionGen& gen,
                                const Mutator& mutate) {
  Rng rng(seed);
  std::vector<Pair> out;
  out.reserve(n);
  while (out.size() < n) {
    std::string a = gen(rng);
    std::string b;
    switch (Uniform(rng, 0, 2)) {
      case 0: b = gen(rng); break;
      case 1: b = mutate(rng, a); break;
      default: b = mutate(rng, mutate(rng, a)); break;
    }
    if (a.find_first_of("\t\n\r") != std::string::npos ||
        b.find_first_of("\t\n\r") != std::string::npos) {
      continue;
    }
    if (Chance(rng, 0.5)) std::swap(a, b);
    out.push_back({std::move(a), std::move(b)});
  }
  return out;
}

Result<std::vector<std::string>> RunReference(const std::string& command,
                                              const std::vector<Pair>& pairs) {
  char path[] = "/tmp/vs-pairs-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return Fail(ErrorCode::kIo, "mkstemp failed");
  close(fd);
  {
    std::ofstream f(path, std::ios::binary);
    for (const Pair& p : pairs) f << p.a << '\t' << p.b << '\n';
  }
  std::string full = command + " < " + path;
  FILE* pipe = popen(full.c_str(), "r");
  if (pipe == nullptr) {
    unlink(path);
    return Fail(ErrorCode::kIo, "popen failed: " + command);
  }
  std::string output;
  std::array<char, 65536> buf;
  size_t got;
  while ((got = fread(buf.data(), 1, buf.size(), pipe)) > 0) output.append(buf.data(), got);
  int rc = pclose(pipe);
  unlink(path);
  if (rc != 0) {
    return Fail(ErrorCode::kInternal,
                "reference command failed (status " + std::to_string(rc) + "): " + command);
  }
  std::vector<std::string> lines;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  if (lines.size() != pairs.size()) {
    return Fail(ErrorCode::kInternal, "reference printed " + std::to_string(lines.size()) +
                                          " lines for " + std::to_string(pairs.size()) + " pairs");
  }
  return lines;
}

std::string OurAnswer(const Scheme& scheme, const Pair& pair) {
  Result<int> r = scheme.compare(pair.a, pair.b);
  if (!r) return "error";
  return std::to_string(*r);
}

std::string NormaliseReference(const std::string& line) {
  if (line.rfind("error", 0) == 0) return "error";
  return line;
}

DiffReport Differential(const Scheme& scheme, const std::vector<Pair>& pairs,
                        const std::vector<std::string>& reference) {
  DiffReport report;
  for (size_t i = 0; i < pairs.size() && i < reference.size(); ++i) {
    ++report.compared;
    std::string ours = OurAnswer(scheme, pairs[i]);
    std::string theirs = NormaliseReference(reference[i]);
    if (ours != "error" && theirs != "error") ++report.valid_pairs;
    if (ours != theirs) {
      if (report.disagreements < 20) {
        std::string why;
        if (ours == "error")
          why = " (" + scheme.compare(pairs[i].a, pairs[i].b).error().message + ")";
        report.sample += "  \"" + pairs[i].a + "\" vs \"" + pairs[i].b + "\": ours " + ours + why +
                         ", reference " + reference[i] + "\n";
      }
      ++report.disagreements;
    }
  }
  return report;
}

namespace {

// Compare that maps errors to a sentinel so properties can skip invalid inputs.
constexpr int kInvalid = 99;
int Cmp(const Scheme& s, const std::string& a, const std::string& b) {
  Result<int> r = s.compare(a, b);
  return r ? *r : kInvalid;
}

}  // namespace

std::string CheckOrderProperties(const Scheme& scheme, size_t triples, uint64_t seed,
                                 const VersionGen& gen, const Mutator& mutate) {
  Rng rng(seed);
  std::string violations;
  size_t count = 0;
  auto report = [&](const std::string& what) {
    if (++count <= 10) violations += "  " + what + "\n";
  };
  for (size_t i = 0; i < triples; ++i) {
    std::string v[3];
    v[0] = gen(rng);
    v[1] = Chance(rng, 0.7) ? mutate(rng, v[0]) : gen(rng);
    v[2] = Chance(rng, 0.7) ? mutate(rng, v[Uniform(rng, 0, 1)]) : gen(rng);
    int c[3][3];
    bool valid = true;
    for (int x = 0; x < 3; ++x)
      for (int y = 0; y < 3; ++y) {
        c[x][y] = Cmp(scheme, v[x], v[y]);
        if (c[x][y] == kInvalid) valid = false;
      }
    if (!valid) {
      // Validity must not depend on the partner: an invalid side fails every comparison.
      for (int x = 0; x < 3; ++x) {
        bool ok = static_cast<bool>(scheme.validate(v[x]));
        for (int y = 0; y < 3; ++y) {
          bool other_ok = static_cast<bool>(scheme.validate(v[y]));
          if ((c[x][y] != kInvalid) != (ok && other_ok)) {
            report("validate/compare disagree on \"" + v[x] + "\" vs \"" + v[y] + "\"");
          }
        }
      }
      continue;
    }
    for (int x = 0; x < 3; ++x) {
      if (c[x][x] != 0) report("not reflexive: \"" + v[x] + "\"");
      for (int y = 0; y < 3; ++y) {
        if (c[x][y] != -c[y][x]) {
          report("not antisymmetric: \"" + v[x] + "\" vs \"" + v[y] + "\"");
        }
        for (int z = 0; z < 3; ++z) {
          if (c[x][y] <= 0 && c[y][z] <= 0 && !(c[x][z] <= 0)) {
            report("not transitive: \"" + v[x] + "\" <= \"" + v[y] + "\" <= \"" + v[z] + "\"");
          }
          if (c[x][y] == 0 && c[y][z] == 0 && c[x][z] != 0) {
            report("equality not transitive: \"" + v[x] + "\", \"" + v[y] + "\", \"" + v[z] + "\"");
          }
        }
      }
    }
  }
  if (count > 10) violations += "  … " + std::to_string(count - 10) + " more\n";
  return violations;
}

std::string CheckTable(const Scheme& scheme, const std::vector<Case>& cases) {
  std::string out;
  for (const Case& c : cases) {
    Result<int> r = scheme.compare(c.a, c.b);
    Result<int> m = scheme.compare(c.b, c.a);
    if (!r || !m) {
      out += std::string("  \"") + c.a + "\" vs \"" + c.b + "\": error " +
             (r ? m.error().message : r.error().message) + "\n";
      continue;
    }
    if (*r != c.expected || *m != -c.expected) {
      out += std::string("  \"") + c.a + "\" vs \"" + c.b + "\": got " + std::to_string(*r) +
             " (mirror " + std::to_string(*m) + "), want " + std::to_string(c.expected) + "\n";
    }
  }
  return out;
}

const Scheme& SchemeFor(const char* key) {
  Result<const Scheme*> s = FindScheme(key);
  if (!s) {
    std::fprintf(stderr, "no scheme %s\n", key);
    std::abort();
  }
  return **s;
}

std::string Number(Rng& rng) {
  switch (Uniform(rng, 0, 9)) {
    case 0: return "0";
    case 1: return "0" + std::to_string(Uniform(rng, 0, 20));  // leading zero
    case 2: {                                                  // very long
      std::string s = std::to_string(Uniform(rng, 1, 9));
      size_t len = Uniform(rng, 10, 40);
      while (s.size() < len) s += char('0' + Uniform(rng, 0, 9));
      return s;
    }
    case 3: return std::to_string(Uniform(rng, 10, 99999));
    default: return std::to_string(Uniform(rng, 0, 12));
  }
}

}  // namespace vs::version::testing
