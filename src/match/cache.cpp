#include "match/cache.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <cstring>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "core/check.h"

namespace vs::match {
namespace {

// What identifies a package for matching: ecosystem, name, version, source name and version.
constexpr size_t kParts = 5;
using KeyView = std::array<std::string_view, kParts>;

KeyView ViewOf(const model::Package& p) {
  return {p.ecosystem, p.name, p.version, p.source_name, p.source_version};
}

uint64_t Load64(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

uint64_t Load32(const char* p) {
  uint32_t w;
  std::memcpy(&w, p, 4);
  return w;
}

uint64_t Mix(uint64_t h, uint64_t w) {
  h = (h ^ w) * 0x9E3779B97F4A7C15ull;
  return h ^ (h >> 32);
}

// A word-at-a-time hash of the parts, each terminated by its length so that boundaries count.
// Keys are hashed once per package record, so this is on the fleet-matching hot path: the last
// 1–8 bytes of a part are read with overlapping loads rather than a byte loop or memcpy call.
uint64_t HashKey(const KeyView& k) {
  uint64_t h = 0x243F6A8885A308D3ull;
  for (std::string_view s : k) {
    const char* d = s.data();
    size_t n = s.size();
    uint64_t last = 0;
    if (n >= 8) {
      for (; n > 8; n -= 8, d += 8) h = Mix(h, Load64(d));
      last = Load64(d + n - 8);
    } else if (n >= 4) {
      last = Load32(d) | Load32(d + n - 4) << 32;
    } else if (n > 0) {
      last = uint64_t{static_cast<uint8_t>(d[0])} | uint64_t{static_cast<uint8_t>(d[n / 2])} << 8 |
             uint64_t{static_cast<uint8_t>(d[n - 1])} << 16;
    }
    h = Mix(h, last ^ (uint64_t{s.size()} << 56));
  }
  h ^= h >> 33;  // MurmurHash3's finaliser: every input bit reaches the low (slot) bits.
  h *= 0xFF51AFD7ED558CCDull;
  return h ^ (h >> 33);
}

// Whether the n bytes at a and b are equal; short inline compares, as in HashKey.
bool SameBytes(const char* a, const char* b, size_t n) {
  if (n >= 8) {
    for (; n > 8; n -= 8, a += 8, b += 8)
      if (Load64(a) != Load64(b)) return false;
    return Load64(a + n - 8) == Load64(b + n - 8);
  }
  if (n >= 4) return Load32(a) == Load32(b) && Load32(a + n - 4) == Load32(b + n - 4);
  for (size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

// One distinct package: its matches and its key (the parts concatenated). Laid out for the
// lookup: the first cache line holds the result and the part lengths, the key follows inline
// from the second line (a key of up to 64 bytes, most of them, takes two lines in all; up to
// 120 bytes, three). Longer keys, or parts over 255 bytes, are kept apart (a further miss).
struct alignas(64) Node {
  static constexpr size_t kShortKey = 120;
  struct LongKey {
    std::array<uint32_t, kParts> len;
    std::unique_ptr<char[]> bytes;
  };

  PackageMatches result;
  std::array<uint8_t, kParts> len{};  // Unused with a long key.
  bool is_long = false;
  alignas(64) char short_key[kShortKey];
  std::unique_ptr<LongKey> long_key;

  // Sets the key of a new (default-constructed) node.
  void SetKey(const KeyView& k) {
    size_t total = 0;
    for (std::string_view part : k) {
      total += part.size();
      is_long = is_long || part.size() > UINT8_MAX;
    }
    is_long = is_long || total > kShortKey;
    char* d = short_key;
    if (is_long) {
      long_key = std::make_unique<LongKey>();
      long_key->bytes = std::make_unique<char[]>(total);
      d = long_key->bytes.get();
    }
    for (size_t i = 0; i < kParts; ++i) {
      if (is_long) {
        long_key->len[i] = static_cast<uint32_t>(k[i].size());
      } else {
        len[i] = static_cast<uint8_t>(k[i].size());
      }
      std::memcpy(d, k[i].data(), k[i].size());
      d += k[i].size();
    }
  }

  bool Equals(const KeyView& k) const {
    const char* d = short_key;
    if (is_long) {
      for (size_t i = 0; i < kParts; ++i)
        if (long_key->len[i] != k[i].size()) return false;
      d = long_key->bytes.get();
    } else {
      for (size_t i = 0; i < kParts; ++i)
        if (len[i] != k[i].size()) return false;
    }
    for (std::string_view part : k) {
      if (!SameBytes(d, part.data(), part.size())) return false;
      d += part.size();
    }
    return true;
  }

  void Prefetch() const {
    __builtin_prefetch(this);
    __builtin_prefetch(reinterpret_cast<const char*>(this) + 64);
  }
};
static_assert(offsetof(Node, short_key) == 64 && sizeof(Node) == 192);

// An open-addressing table (linear probing) of nodes, read without a lock. A slot is written
// once, by the writer holding the cache's mutex: the hash first, then the node pointer with
// release order, so a reader that sees the node (acquire) sees its hash and its contents.
// Slots carry the hash, so probing past other keys does not touch their nodes.
struct Table {
  struct Slot {
    std::atomic<uint64_t> hash{0};
    std::atomic<const Node*> node{nullptr};  // nullptr: free.
  };
  size_t mask;
  std::unique_ptr<Slot[]> slots;

  explicit Table(size_t size) : mask(size - 1), slots(std::make_unique<Slot[]>(size)) {}

  size_t size() const { return mask + 1; }

  const Slot* Home(uint64_t h) const { return &slots[h & mask]; }

  // The first node filed under hash `h`, or nullptr: almost always the node of the key.
  const Node* Candidate(uint64_t h) const {
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const Node* n = slots[i].node.load(std::memory_order_acquire);
      if (n == nullptr || slots[i].hash.load(std::memory_order_relaxed) == h) return n;
    }
  }

  const Node* Find(uint64_t h, const KeyView& k) const {
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const Node* n = slots[i].node.load(std::memory_order_acquire);
      if (n == nullptr) return nullptr;
      if (slots[i].hash.load(std::memory_order_relaxed) == h && n->Equals(k)) return n;
    }
  }

  // Writer only (under the cache's mutex), with a free slot left.
  void Place(uint64_t h, const Node* node) {
    size_t i = h & mask;
    while (slots[i].node.load(std::memory_order_relaxed) != nullptr) i = (i + 1) & mask;
    slots[i].hash.store(h, std::memory_order_relaxed);
    slots[i].node.store(node, std::memory_order_release);
  }
};

}  // namespace

struct MatchCache::Impl {
  const Index& index;
  std::atomic<const Table*> table;  // The current table, read without the lock.
  std::atomic<size_t> count{0};
  std::mutex mu;  // Guards the members below and every write to the current table.
  // Every table made, the current one last. A table that has been outgrown is kept: readers
  // may still be probing it (a key missing from it is looked up again in the current one).
  std::vector<std::unique_ptr<Table>> tables;
  // Nodes are allocated in chunks (contiguous, so that the cache's working set stays small)
  // that never move: a node's address is its result's address.
  std::vector<std::unique_ptr<Node[]>> chunks;
  size_t chunk_size = 0, chunk_used = 0, nodes = 0;

  explicit Impl(const Index& i) : index(i) {
    tables.push_back(std::make_unique<Table>(1024));
    table.store(tables.back().get(), std::memory_order_release);
  }

  // The entry of a key whose lock-free lookup missed: looks again in the current table, else
  // evaluates the package and inserts it.
  const PackageMatches& Slow(uint64_t h, const KeyView& k, const model::Package& package) {
    if (const Node* n = table.load(std::memory_order_acquire)->Find(h, k)) return n->result;
    // Evaluate outside the lock: a slow package must not stall other threads. Two threads may
    // both evaluate a new package; the first to insert wins and the results are identical.
    PackageMatches result = index.MatchPackage(package);
    std::lock_guard lock(mu);
    Table* t = tables.back().get();
    if (const Node* n = t->Find(h, k)) return n->result;
    if ((nodes + 1) * 2 > t->size()) {  // Keep the load factor at most 1/2.
      auto bigger = std::make_unique<Table>(t->size() * 2);
      for (size_t i = 0; i < t->size(); ++i) {
        const Node* n = t->slots[i].node.load(std::memory_order_relaxed);
        if (n != nullptr) bigger->Place(t->slots[i].hash.load(std::memory_order_relaxed), n);
      }
      t = bigger.get();
      tables.push_back(std::move(bigger));
      table.store(t, std::memory_order_release);
    }
    if (chunk_used == chunk_size) {
      chunk_size = chunks.empty() ? 64 : std::min<size_t>(chunk_size * 2, 4096);
      chunks.push_back(std::make_unique<Node[]>(chunk_size));
      chunk_used = 0;
    }
    Node* node = &chunks.back()[chunk_used++];
    node->SetKey(k);
    node->result = std::move(result);
    t->Place(h, node);
    count.store(++nodes, std::memory_order_release);
    return node->result;
  }
};

MatchCache::MatchCache(const Index& index) : impl_(std::make_unique<Impl>(index)) {}
MatchCache::~MatchCache() = default;

const PackageMatches& MatchCache::Get(const model::Package& package) {
  KeyView k = ViewOf(package);
  uint64_t h = HashKey(k);
  if (const Node* n = impl_->table.load(std::memory_order_acquire)->Find(h, k)) return n->result;
  return impl_->Slow(h, k, package);
}

void MatchCache::GetMany(std::span<const model::Package> packages,
                         std::span<const PackageMatches*> out) {
  VS_CHECK(out.size() == packages.size(), "GetMany: one result per package");
  // A software pipeline over the packages, so that the memory accesses of several lookups
  // overlap instead of each lookup waiting for two cache misses in turn: package i is hashed
  // and its slot prefetched; kAhead packages later its slot is probed and the candidate node
  // prefetched; kAhead packages later still the node's key is compared.
  constexpr size_t kAhead = 8;  // Measured: 4 to 16 are within noise of each other; 1 is 2x slower.
  constexpr size_t kRing = 32;  // A power of two above 2 * kAhead.
  uint64_t hashes[kRing];
  const Node* candidates[kRing];
  const size_t n = packages.size();
  const Table* t = impl_->table.load(std::memory_order_acquire);
  for (size_t i = 0; i < n + 2 * kAhead; ++i) {
    if (i >= 2 * kAhead) {
      size_t j = i - 2 * kAhead;
      KeyView k = ViewOf(packages[j]);
      const Node* c = candidates[j % kRing];
      if (c != nullptr && c->Equals(k)) {
        out[j] = &c->result;
      } else {
        out[j] = &impl_->Slow(hashes[j % kRing], k, packages[j]);
        t = impl_->table.load(std::memory_order_acquire);  // It may have grown.
      }
    }
    if (i >= kAhead && i - kAhead < n) {
      size_t j = i - kAhead;
      const Node* c = t->Candidate(hashes[j % kRing]);
      candidates[j % kRing] = c;
      if (c != nullptr) c->Prefetch();
    }
    if (i < n) {
      uint64_t h = HashKey(ViewOf(packages[i]));
      hashes[i % kRing] = h;
      __builtin_prefetch(t->Home(h));
    }
  }
}

void MatchCache::MatchPackages(const std::vector<model::Package>& packages, std::vector<Match>& out,
                               std::vector<size_t>* invalid) {
  std::vector<const PackageMatches*> results(packages.size());
  GetMany(packages, results);
  for (size_t pi = 0; pi < packages.size(); ++pi) {
    const PackageMatches& r = *results[pi];
    if (r.invalid && invalid != nullptr) invalid->push_back(pi);
    for (size_t i = 0; i < r.matches.size(); ++i) out.push_back(impl_->index.Expand(r, i, pi));
  }
}

size_t MatchCache::size() const { return impl_->count.load(std::memory_order_acquire); }

void MatchHosts(std::span<const std::vector<model::Package>* const> hosts, MatchCache& cache,
                unsigned threads, const HostVisitor& visit) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    std::vector<const PackageMatches*> results;
    for (size_t h; (h = next.fetch_add(1, std::memory_order_relaxed)) < hosts.size();) {
      const std::vector<model::Package>& host = *hosts[h];
      results.resize(host.size());
      cache.GetMany(host, results);
      visit(h, results);
    }
  };
  std::vector<std::thread> workers;
  for (unsigned t = 1; t < threads; ++t) workers.emplace_back(work);
  work();
  for (std::thread& w : workers) w.join();
}

}  // namespace vs::match
