#include "match/cache.h"

#include <array>
#include <atomic>
#include <cstring>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace vs::match {
namespace {

// What identifies a package for matching: ecosystem, name, version, source name and version.
constexpr size_t kParts = 5;
using KeyView = std::array<std::string_view, kParts>;

KeyView ViewOf(const model::Package& p) {
  return {p.ecosystem, p.name, p.version, p.source_name, p.source_version};
}

uint64_t Mix(uint64_t h, uint64_t w) {
  h = (h ^ w) * 0x9E3779B97F4A7C15ull;
  return h ^ (h >> 32);
}

// A word-at-a-time hash of the parts, each terminated by its length so that boundaries count.
// Keys are hashed once per package record, so this is on the fleet-matching hot path.
uint64_t HashKey(const KeyView& k) {
  uint64_t h = 0x243F6A8885A308D3ull;
  for (std::string_view s : k) {
    const char* d = s.data();
    size_t n = s.size();
    for (; n >= 8; n -= 8, d += 8) {
      uint64_t w;
      std::memcpy(&w, d, 8);
      h = Mix(h, w);
    }
    uint64_t w = 0;
    std::memcpy(&w, d, n);
    h = Mix(h, w ^ (uint64_t{s.size()} << 56));
  }
  h ^= h >> 33;  // MurmurHash3's finaliser: every input bit reaches the top (shard) bits.
  h *= 0xFF51AFD7ED558CCDull;
  return h ^ (h >> 33);
}

// One distinct package: its key (the parts concatenated, inline when short, so that a lookup
// touches one allocation) and its matches.
struct Node {
  std::array<uint32_t, kParts> len{};
  std::unique_ptr<char[]> long_key;
  char short_key[64];
  PackageMatches result;

  explicit Node(const KeyView& k) {
    size_t total = 0;
    for (size_t i = 0; i < kParts; ++i) total += len[i] = static_cast<uint32_t>(k[i].size());
    char* d = short_key;
    if (total > sizeof(short_key)) {
      long_key = std::make_unique<char[]>(total);
      d = long_key.get();
    }
    for (std::string_view part : k) {
      std::memcpy(d, part.data(), part.size());
      d += part.size();
    }
  }

  bool Equals(const KeyView& k) const {
    const char* d = long_key ? long_key.get() : short_key;
    for (size_t i = 0; i < kParts; ++i) {
      if (len[i] != k[i].size() || std::memcmp(d, k[i].data(), len[i]) != 0) return false;
      d += len[i];
    }
    return true;
  }
};

// An open-addressing table (linear probing) of nodes, guarded by its own mutex: shards keep
// threads from contending on one lock. Slots carry the hash, so probing past other keys does
// not touch their nodes.
struct alignas(64) Shard {
  struct Slot {
    uint64_t hash = 0;
    Node* node = nullptr;  // nullptr: free.
  };
  std::mutex mu;
  std::vector<Slot> slots = std::vector<Slot>(64);  // Power of two.
  std::vector<std::unique_ptr<Node>> nodes;

  Node* Find(uint64_t h, const KeyView& k) const {
    size_t mask = slots.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& s = slots[i];
      if (s.node == nullptr) return nullptr;
      if (s.hash == h && s.node->Equals(k)) return s.node;
    }
  }

  void Insert(uint64_t h, std::unique_ptr<Node> node) {
    if ((nodes.size() + 1) * 4 > slots.size() * 3) {  // Keep the load factor under 3/4.
      std::vector<Slot> old = std::move(slots);
      slots.assign(old.size() * 2, Slot{});
      for (const Slot& s : old)
        if (s.node != nullptr) Place(s);
    }
    Place({h, node.get()});
    nodes.push_back(std::move(node));
  }

  void Place(Slot s) {
    size_t mask = slots.size() - 1;
    size_t i = s.hash & mask;
    while (slots[i].node != nullptr) i = (i + 1) & mask;
    slots[i] = s;
  }
};

constexpr unsigned kShardBits = 6;

}  // namespace

struct MatchCache::Impl {
  const Index& index;
  std::array<Shard, size_t{1} << kShardBits> shards;
  explicit Impl(const Index& i) : index(i) {}
};

MatchCache::MatchCache(const Index& index) : impl_(std::make_unique<Impl>(index)) {}
MatchCache::~MatchCache() = default;

const PackageMatches& MatchCache::Get(const model::Package& package) {
  KeyView k = ViewOf(package);
  uint64_t h = HashKey(k);
  Shard& shard = impl_->shards[h >> (64 - kShardBits)];
  {
    std::lock_guard lock(shard.mu);
    if (const Node* n = shard.Find(h, k)) return n->result;
  }
  // Evaluate outside the lock: a slow package must not stall the shard. Two threads may both
  // evaluate a new package; the first to insert wins and the results are identical anyway.
  auto node = std::make_unique<Node>(k);
  node->result = impl_->index.MatchPackage(package);
  std::lock_guard lock(shard.mu);
  if (const Node* n = shard.Find(h, k)) return n->result;
  const PackageMatches& out = node->result;
  shard.Insert(h, std::move(node));
  return out;
}

void MatchCache::MatchPackages(const std::vector<model::Package>& packages, std::vector<Match>& out,
                               std::vector<size_t>* invalid) {
  for (size_t pi = 0; pi < packages.size(); ++pi) {
    const PackageMatches& r = Get(packages[pi]);
    if (r.invalid && invalid != nullptr) invalid->push_back(pi);
    for (size_t i = 0; i < r.matches.size(); ++i) out.push_back(impl_->index.Expand(r, i, pi));
  }
}

size_t MatchCache::size() const {
  size_t n = 0;
  for (Shard& s : impl_->shards) {
    std::lock_guard lock(s.mu);
    n += s.nodes.size();
  }
  return n;
}

void MatchHosts(std::span<const std::vector<model::Package>* const> hosts, MatchCache& cache,
                unsigned threads, const HostVisitor& visit) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    std::vector<const PackageMatches*> results;
    for (size_t h; (h = next.fetch_add(1, std::memory_order_relaxed)) < hosts.size();) {
      const std::vector<model::Package>& host = *hosts[h];
      results.resize(host.size());
      for (size_t i = 0; i < host.size(); ++i) results[i] = &cache.Get(host[i]);
      visit(h, results);
    }
  };
  std::vector<std::thread> workers;
  for (unsigned t = 1; t < threads; ++t) workers.emplace_back(work);
  work();
  for (std::thread& w : workers) w.join();
}

}  // namespace vs::match
