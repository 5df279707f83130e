// Import and index-build benchmark. For every OSV set found under DATA_DIR (default: the
// repository's trimmed test data; pass the full data set for the numbers in
// docs/benchmarks.md) it measures, on the same decompressed bytes in one run:
//   limit: simdjson's DOM parse of every record (no extraction, no storage);
//   floor: the same records written verbatim into a SQLite table (one row each, one
//          transaction, the store's own connection settings), nothing parsed: what storing
//          the bytes costs at all;
//   ours:  ParseOsv (extraction into the model) + one SQLite transaction writing it all.
// Then it builds the matcher index from the store and reports time and resident memory.
//
//   bench_feeds [DATA_DIR]
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <simdjson.h>
#include <unistd.h>

#include "bench/common.h"
#include "io/documents.h"
#include "match/engine.h"
#include "parsers/osv.h"
#include "store/sql/connection.h"
#include "store/store.h"

namespace fs = std::filesystem;
using vs::bench::Now;

namespace {

struct Set {
  std::string name;
  std::string bytes;  // Decompressed JSON Lines or concatenated records.
  std::vector<std::string_view> records;
};

// Loads OSV JSON Lines files (*.jsonl.gz, *-osv.jsonl.gz) under `dir`.
std::vector<Set> LoadSets(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    std::string p = e.path().string();
    if (e.is_regular_file() && p.size() > 9 && p.substr(p.size() - 9) == ".jsonl.gz")
      files.push_back(p);
  }
  std::sort(files.begin(), files.end());
  std::vector<Set> sets;
  for (const std::string& f : files) {
    Set s;
    s.name = fs::path(f).filename().string();
    vs::Status st = vs::io::ForEachDocument(f, [&](std::string_view, std::string_view bytes) {
      s.bytes.assign(bytes);
      return vs::Ok();
    });
    if (!st || s.bytes.empty()) continue;
    // Only OSV sets: the first record must carry "id" and "affected"/"modified".
    std::string_view head = std::string_view(s.bytes).substr(0, 4096);
    if (head.find("\"id\"") == std::string_view::npos) continue;
    std::string_view rest = s.bytes;
    while (!rest.empty()) {
      size_t nl = rest.find('\n');
      std::string_view line = rest.substr(0, nl);
      if (!line.empty()) s.records.push_back(line);
      rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    }
    sets.push_back(std::move(s));
  }
  return sets;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = argc > 1 ? argv[1] : std::string(VS_SOURCE_DIR) + "/tests/testdata/e2e";
  std::vector<Set> sets = LoadSets(dir);
  if (sets.empty()) {
    std::fprintf(stderr, "no OSV .jsonl.gz sets under %s\n", dir.c_str());
    return 2;
  }
  char tmpl[] = "/tmp/vs-bench-feeds-XXXXXX";
  std::string tmp = mkdtemp(tmpl);
  std::string db = tmp + "/bench.db";
  auto store = vs::store::OpenStore(db);
  if (!store) return 2;

  auto raw = vs::store::sql::OpenSqlite(tmp + "/floor.db");
  if (!raw || !(*raw)->Exec("CREATE TABLE raw (source TEXT NOT NULL, seq INTEGER NOT NULL, "
                            "data TEXT NOT NULL, PRIMARY KEY (source, seq))"))
    return 2;

  std::printf("%-38s %7s %7s %10s %10s %10s %12s %7s %7s\n", "set", "records", "MB", "limit MB/s",
              "floor MB/s", "ours MB/s", "advisories/s", "/limit", "/floor");
  double total_bytes = 0, total_limit = 0, total_ours = 0, total_parse = 0, total_floor = 0;
  size_t total_adv = 0;
  simdjson::dom::parser parser;
  for (const Set& s : sets) {
    // The limit: simdjson DOM parse of each record, best of 3.
    double limit = 1e9;
    for (int rep = 0; rep < 3; ++rep) {
      double t0 = Now();
      size_t ok = 0;
      for (std::string_view r : s.records) {
        simdjson::dom::element e;
        if (!parser.parse(r.data(), r.size()).get(e)) ++ok;
      }
      limit = std::min(limit, Now() - t0);
      if (ok != s.records.size())
        std::fprintf(stderr, "%s: %zu records failed to parse\n", s.name.c_str(),
                     s.records.size() - ok);
    }
    // The floor: the records stored verbatim, best of 3.
    double floor = 1e9;
    for (int rep = 0; rep < 3; ++rep) {
      double t0 = Now();
      auto tx = vs::store::sql::Transaction::Begin(**raw);
      auto del = (*raw)->Prepare("DELETE FROM raw WHERE source = ?");
      auto ins = (*raw)->Prepare("INSERT INTO raw (source, seq, data) VALUES (?, ?, ?)");
      if (!tx || !del || !ins) return 2;
      (*del)->Bind(1, s.name);
      if (!(*del)->Run()) return 2;
      int64_t seq = 0;
      for (std::string_view r : s.records) {
        (*ins)->Bind(1, s.name).Bind(2, seq++).Bind(3, r);
        if (!(*ins)->Run()) return 2;
      }
      if (!tx->Commit()) return 2;
      floor = std::min(floor, Now() - t0);
    }
    // Ours: parse into the model and write one source in one transaction, best of 3.
    double ours = 1e9, parse = 1e9;
    size_t advisories = 0;
    for (int rep = 0; rep < 3; ++rep) {
      double t0 = Now();
      auto batch = vs::parsers::ParseOsv(s.bytes);
      if (!batch) {
        std::fprintf(stderr, "%s: %s\n", s.name.c_str(), batch.error().message.c_str());
        return 2;
      }
      parse = std::min(parse, Now() - t0);
      vs::store::SourceInfo info;
      info.name = s.name;
      info.format = "osv";
      if (!(*store)->ReplaceSource(info, *batch)) return 2;
      ours = std::min(ours, Now() - t0);
      advisories = batch->advisories.size();
    }
    total_parse += parse;
    if (advisories == 0) continue;  // Not OSV (legacy formats in the same folder).
    double mb = static_cast<double>(s.bytes.size()) / 1e6;
    std::printf("%-38s %7zu %7.2f %10.1f %10.1f %10.1f %12.0f %6.2fx %6.2fx\n", s.name.c_str(),
                s.records.size(), mb, mb / limit, mb / floor, mb / ours,
                static_cast<double>(advisories) / ours, limit / ours, floor / ours);
    total_bytes += mb;
    total_floor += floor;
    total_limit += limit;
    total_ours += ours;
    total_adv += advisories;
  }
  std::printf("%-38s %7s %7.2f %10.1f %10.1f %10.1f %12.0f %6.2fx %6.2fx\n", "ALL", "", total_bytes,
              total_bytes / total_limit, total_bytes / total_floor, total_bytes / total_ours,
              static_cast<double>(total_adv) / total_ours, total_limit / total_ours,
              total_floor / total_ours);
  std::printf("of which parsing into the model: %.1f MB/s (%.2fx the limit)\n",
              total_bytes / total_parse, total_limit / total_parse);
  std::printf("ratio import: ours/simdjson-parse throughput = %.2fx (goal >= 0.5x)\n",
              total_limit / total_ours);
  std::printf(
      "storing the bytes verbatim (the floor) is itself %.2fx simdjson-parse; ours = %.2fx "
      "the floor\n",
      total_limit / total_floor, total_floor / total_ours);

  double rss0 = vs::bench::ResidentMiB();
  double t0 = Now();
  auto engine = vs::match::LoadEngine(**store);
  double build = Now() - t0;
  if (!engine) return 2;
  const auto& st = engine->index.stats();
  std::printf(
      "index build: %zu advisories, %zu affected entries, %zu keys in %.2f s; resident %.0f MiB "
      "(+%.0f MiB for the index)\n",
      st.advisories, st.affected_entries, st.keys, build, vs::bench::ResidentMiB(),
      vs::bench::ResidentMiB() - rss0);
  store->reset();
  raw->reset();
  fs::remove_all(tmp);
  return 0;
}
