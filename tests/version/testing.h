// Shared machinery for the version-scheme tests: deterministic pair generation, running an
// external reference implementation over the pairs, differential reports and order
// properties (antisymmetry, transitivity, reflexivity).
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "core/result.h"
#include "version/scheme.h"

namespace vs::version::testing {

struct Pair {
  std::string a;
  std::string b;
};

using Rng = std::mt19937_64;
using VersionGen = std::function<std::string(Rng&)>;
// Derives a nearby version from `base` (bump a part, add a suffix, change a separator, …) so
// that generated pairs often differ in exactly the corner the scheme's rules care about.
using Mutator = std::function<std::string(Rng&, const std::string& base)>;

// Seed for generated tests: VS_TEST_SEED from the environment, else a fixed default, so a
// failure can be reproduced and CI is deterministic.
uint64_t TestSeed();

// Returns `n` pairs: a third independent, two thirds `b = mutate(a)` (or mutate applied twice);
// versions never contain tabs or newlines.
std::vector<Pair> GeneratePairs(size_t n, uint64_t seed, const VersionGen& gen,
                                const Mutator& mutate);

// Writes the pairs as "A\tB\n" lines to a temporary file, runs `command` through /bin/sh with
// that file on stdin and returns its stdout split into lines. Fails if the command exits
// non-zero or prints a different number of lines.
Result<std::vector<std::string>> RunReference(const std::string& command,
                                              const std::vector<Pair>& pairs);

// Our answer in the references' vocabulary: "-1", "0", "1" or "error".
std::string OurAnswer(const Scheme& scheme, const Pair& pair);

// Normalises a reference output line: anything starting with "error" becomes "error".
std::string NormaliseReference(const std::string& line);

struct DiffReport {
  size_t compared = 0;
  size_t disagreements = 0;
  size_t valid_pairs = 0;  // Pairs both sides judged valid (so the test is not vacuous).
  std::string sample;      // The first few disagreements, one per line.
};
DiffReport Differential(const Scheme& scheme, const std::vector<Pair>& pairs,
                        const std::vector<std::string>& reference);

// Checks reflexivity, antisymmetry and transitivity on `triples` random triples built from
// `gen` and `mutate`. Returns the first few violations (empty when none).
std::string CheckOrderProperties(const Scheme& scheme, size_t triples, uint64_t seed,
                                 const VersionGen& gen, const Mutator& mutate);

// Table test row: expected is -1, 0 or 1.
struct Case {
  const char* a;
  const char* b;
  int expected;
};
// Checks each row and its mirror; returns the violations (empty when none).
std::string CheckTable(const Scheme& scheme, const std::vector<Case>& cases);

// Returns the scheme registered under `key`; aborts the test binary if it is missing.
const Scheme& SchemeFor(const char* key);

// Helpers for grammars.
inline size_t Uniform(Rng& rng, size_t lo, size_t hi) {  // inclusive
  return std::uniform_int_distribution<size_t>(lo, hi)(rng);
}
inline bool Chance(Rng& rng, double p) { return std::bernoulli_distribution(p)(rng); }
template <typename T>
const T& Pick(Rng& rng, const std::vector<T>& items) {
  return items[Uniform(rng, 0, items.size() - 1)];
}
// A decimal number biased to small values, sometimes with leading zeros, sometimes very long.
std::string Number(Rng& rng);

}  // namespace vs::version::testing
