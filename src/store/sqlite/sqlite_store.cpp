#include "store/sqlite/sqlite_store.h"

#include <string_view>
#include <unordered_set>

#include "core/time.h"
#include "model/severity.h"
#include "store/codec.h"
#include "store/migrations.h"
#include "store/sqlite/db.h"

namespace vs::store {
namespace {

using sqlite::Database;
using sqlite::Statement;
using sqlite::Transaction;

// Splits a migration into statements at top-level ';' (migrations contain no string literals
// with semicolons).
std::vector<std::string_view> SplitStatements(std::string_view sql) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < sql.size()) {
    size_t end = sql.find(';', start);
    if (end == std::string_view::npos) end = sql.size();
    std::string_view stmt = sql.substr(start, end - start);
    if (stmt.find_first_not_of(" \n\t\r") != std::string_view::npos) out.push_back(stmt);
    start = end + 1;
  }
  return out;
}

model::Severity SeverityFromName(std::string_view name) {
  return model::ParseSeverity(name).value_or(model::Severity::kUnknown);
}

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(std::unique_ptr<Database> db) : db_(std::move(db)) {}

  Status Migrate() {
    if (Status s =
            db_->Exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                      "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        !s) {
      return s;
    }
    Result<int> current = SchemaVersion();
    if (!current) return Fail(current.error());
    for (const Migration& m : AllMigrations()) {
      if (m.version <= *current) continue;
      Result<Transaction> tx = Transaction::Begin(*db_);
      if (!tx) return Fail(tx.error());
      for (std::string_view stmt : SplitStatements(m.sql)) {
        if (Status s = db_->Exec(stmt); !s) {
          return Fail(s.error().WithContext("migration " + std::to_string(m.version)));
        }
      }
      Result<Statement> ins = db_->Prepare(
          "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
      if (!ins) return Fail(ins.error());
      ins->Bind(1, int64_t{m.version}).Bind(2, m.name).Bind(3, NowRfc3339());
      if (Status s = ins->Run(); !s) return s;
      if (Status s = tx->Commit(); !s) return s;
    }
    return Ok();
  }

  Result<int> SchemaVersion() override {
    Result<Statement> q = db_->Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!q) return Fail(q.error());
    Result<bool> row = q->Step();
    if (!row) return Fail(row.error());
    return static_cast<int>(q->Int(0));
  }

  Status ReplaceSource(const SourceInfo& info, const model::Batch& batch) override {
    Result<Transaction> tx = Transaction::Begin(*db_);
    if (!tx) return Fail(tx.error());
    for (const char* table : {"advisories", "affected", "advisory_aliases", "exploits", "epss"}) {
      Result<Statement> del =
          db_->Prepare(std::string("DELETE FROM ") + table + " WHERE source = ?");
      if (!del) return Fail(del.error());
      del->Bind(1, info.name);
      if (Status s = del->Run(); !s) return s;
    }

    Result<Statement> adv = db_->Prepare(
        "INSERT INTO advisories (source, id, feed, aliases, related, summary, details, published, "
        "modified, severity, cvss_vector, cvss_score, refs) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
    Result<Statement> aff = db_->Prepare(
        "INSERT INTO affected (source, advisory_id, seq, ecosystem, package, purl, severity, "
        "ranges, versions) VALUES (?,?,?,?,?,?,?,?,?)");
    Result<Statement> ali = db_->Prepare(
        "INSERT INTO advisory_aliases (alias, source, advisory_id) VALUES (?,?,?) "
        "ON CONFLICT DO NOTHING");
    if (!adv || !aff || !ali) return Fail(!adv ? adv.error() : !aff ? aff.error() : ali.error());

    long long advisories = 0;
    std::unordered_set<std::string_view> seen;
    for (const model::Advisory& a : batch.advisories) {
      // A document may repeat an id (OSS-Fuzz lists a few under two projects): first wins.
      if (!seen.insert(a.id).second) continue;
      ++advisories;
      adv->Bind(1, info.name)
          .Bind(2, a.id)
          .Bind(3, a.source)
          .Bind(4, EncodeStrings(a.aliases))
          .Bind(5, EncodeStrings(a.related))
          .Bind(6, a.summary)
          .Bind(7, a.details)
          .Bind(8, a.published)
          .Bind(9, a.modified)
          .Bind(10, model::SeverityName(a.severity))
          .Bind(11, a.cvss_vector)
          .Bind(12, a.cvss_score)
          .Bind(13, EncodeReferences(a.references));
      if (Status s = adv->Run(); !s) return Fail(s.error().WithContext(a.id));
      int64_t seq = 0;
      for (const model::Affected& af : a.affected) {
        aff->Bind(1, info.name)
            .Bind(2, a.id)
            .Bind(3, seq++)
            .Bind(4, af.ecosystem)
            .Bind(5, af.package)
            .Bind(6, af.purl)
            .Bind(7, model::SeverityName(af.severity))
            .Bind(8, EncodeRanges(af.ranges))
            .Bind(9, EncodeStrings(af.versions));
        if (Status s = aff->Run(); !s) return Fail(s.error().WithContext(a.id));
      }
      ali->Bind(1, a.id).Bind(2, info.name).Bind(3, a.id);
      if (Status s = ali->Run(); !s) return s;
      for (const std::string& alias : a.aliases) {
        ali->Bind(1, alias).Bind(2, info.name).Bind(3, a.id);
        if (Status s = ali->Run(); !s) return s;
      }
    }

    Result<Statement> exp = db_->Prepare(
        "INSERT INTO exploits (source, cve, kind, ref_id, reference) VALUES (?,?,?,?,?) "
        "ON CONFLICT DO NOTHING");
    if (!exp) return Fail(exp.error());
    for (const model::ExploitRef& e : batch.exploits) {
      exp->Bind(1, info.name)
          .Bind(2, e.cve)
          .Bind(3, model::ExploitSourceName(e.source))
          .Bind(4, e.id)
          .Bind(5, e.reference);
      if (Status s = exp->Run(); !s) return s;
    }

    Result<Statement> ep = db_->Prepare(
        "INSERT INTO epss (source, cve, score, percentile, model) VALUES (?,?,?,?,?) "
        "ON CONFLICT (source, cve) DO UPDATE SET score = excluded.score, "
        "percentile = excluded.percentile, model = excluded.model");
    if (!ep) return Fail(ep.error());
    for (const model::EpssScore& e : batch.epss) {
      ep->Bind(1, info.name).Bind(2, e.cve).Bind(3, e.score).Bind(4, e.percentile).Bind(5, e.model);
      if (Status s = ep->Run(); !s) return s;
    }

    Result<Statement> src = db_->Prepare(
        "INSERT INTO sources (name, format, location, imported_at, advisories, exploits, epss, "
        "warnings, etag, last_modified, status, error, attempted_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,'ok','',?) ON CONFLICT (name) DO UPDATE SET "
        "format = excluded.format, location = excluded.location, imported_at = "
        "excluded.imported_at, "
        "advisories = excluded.advisories, exploits = excluded.exploits, epss = excluded.epss, "
        "warnings = excluded.warnings, etag = excluded.etag, last_modified = "
        "excluded.last_modified, "
        "status = 'ok', error = '', attempted_at = excluded.attempted_at");
    if (!src) return Fail(src.error());
    std::string now = NowRfc3339();
    src->Bind(1, info.name)
        .Bind(2, info.format)
        .Bind(3, info.location)
        .Bind(4, now)
        .Bind(5, int64_t{advisories})
        .Bind(6, static_cast<int64_t>(batch.exploits.size()))
        .Bind(7, static_cast<int64_t>(batch.epss.size()))
        .Bind(8, static_cast<int64_t>(batch.warnings.size()))
        .Bind(9, info.etag)
        .Bind(10, info.last_modified)
        .Bind(11, now);
    if (Status s = src->Run(); !s) return s;
    return tx->Commit();
  }

  Status RecordSourceFailure(std::string_view name, std::string_view location,
                             std::string_view error) override {
    Result<Statement> st = db_->Prepare(
        "INSERT INTO sources (name, format, location, imported_at, status, error, attempted_at) "
        "VALUES (?, '', ?, '', 'failed', ?, ?) ON CONFLICT (name) DO UPDATE SET "
        "status = 'failed', error = excluded.error, attempted_at = excluded.attempted_at");
    if (!st) return Fail(st.error());
    st->Bind(1, name).Bind(2, location).Bind(3, error).Bind(4, NowRfc3339());
    return st->Run();
  }

  Result<std::vector<SourceInfo>> Sources() override {
    Result<Statement> q = db_->Prepare(
        "SELECT name, format, location, imported_at, advisories, exploits, epss, warnings, etag, "
        "last_modified, status, error FROM sources ORDER BY name");
    if (!q) return Fail(q.error());
    std::vector<SourceInfo> out;
    for (;;) {
      Result<bool> row = q->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      SourceInfo s;
      s.name = q->Text(0);
      s.format = q->Text(1);
      s.location = q->Text(2);
      s.imported_at = q->Text(3);
      s.advisories = q->Int(4);
      s.exploits = q->Int(5);
      s.epss = q->Int(6);
      s.warnings = q->Int(7);
      s.etag = q->Text(8);
      s.last_modified = q->Text(9);
      s.status = q->Text(10);
      s.error = q->Text(11);
      out.push_back(std::move(s));
    }
    return out;
  }

  Status ForEachAdvisory(const std::function<void(model::Advisory&&)>& fn) override {
    // Advisories and their affected rows, both ordered by (source, id), merged in one pass.
    Result<Statement> a = db_->Prepare(
        "SELECT source, id, feed, aliases, related, summary, details, published, modified, "
        "severity, cvss_vector, cvss_score, refs FROM advisories ORDER BY source, id");
    Result<Statement> f = db_->Prepare(
        "SELECT source, advisory_id, ecosystem, package, purl, severity, ranges, versions "
        "FROM affected ORDER BY source, advisory_id, seq");
    if (!a || !f) return Fail(!a ? a.error() : f.error());
    Result<bool> frow = f->Step();
    if (!frow) return Fail(frow.error());
    for (;;) {
      Result<bool> row = a->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      model::Advisory adv;
      std::string source(a->Text(0));
      adv.id = a->Text(1);
      adv.source = a->Text(2);
      Result<std::vector<std::string>> aliases = DecodeStrings(a->Text(3));
      Result<std::vector<std::string>> related = DecodeStrings(a->Text(4));
      Result<std::vector<model::Reference>> refs = DecodeReferences(a->Text(12));
      if (!aliases || !related || !refs)
        return Fail(ErrorCode::kInternal, "store: corrupt advisory " + adv.id);
      adv.aliases = std::move(*aliases);
      adv.related = std::move(*related);
      adv.summary = a->Text(5);
      adv.details = a->Text(6);
      adv.published = a->Text(7);
      adv.modified = a->Text(8);
      adv.severity = SeverityFromName(a->Text(9));
      adv.cvss_vector = a->Text(10);
      adv.cvss_score = a->Real(11);
      adv.references = std::move(*refs);
      // Skip affected rows that sort before this advisory (none in a consistent store).
      while (*frow && (f->Text(0) < source || (f->Text(0) == source && f->Text(1) < adv.id))) {
        frow = f->Step();
        if (!frow) return Fail(frow.error());
      }
      while (*frow && f->Text(0) == source && f->Text(1) == adv.id) {
        model::Affected af;
        af.ecosystem = f->Text(2);
        af.package = f->Text(3);
        af.purl = f->Text(4);
        af.severity = SeverityFromName(f->Text(5));
        Result<std::vector<model::AffectedRange>> ranges = DecodeRanges(f->Text(6));
        Result<std::vector<std::string>> versions = DecodeStrings(f->Text(7));
        if (!ranges || !versions)
          return Fail(ErrorCode::kInternal, "store: corrupt affected " + adv.id);
        af.ranges = std::move(*ranges);
        af.versions = std::move(*versions);
        adv.affected.push_back(std::move(af));
        frow = f->Step();
        if (!frow) return Fail(frow.error());
      }
      fn(std::move(adv));
    }
    return Ok();
  }

  Status ForEachExploit(const std::function<void(model::ExploitRef&&)>& fn) override {
    Result<Statement> q = db_->Prepare("SELECT cve, kind, ref_id, reference FROM exploits");
    if (!q) return Fail(q.error());
    for (;;) {
      Result<bool> row = q->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      model::ExploitRef e;
      e.cve = q->Text(0);
      e.source = model::ParseExploitSource(q->Text(1)).value_or(model::ExploitSource::kCustom);
      e.id = q->Text(2);
      e.reference = q->Text(3);
      fn(std::move(e));
    }
    return Ok();
  }

  Status ForEachEpss(const std::function<void(model::EpssScore&&)>& fn) override {
    Result<Statement> q = db_->Prepare("SELECT cve, score, percentile, model FROM epss");
    if (!q) return Fail(q.error());
    for (;;) {
      Result<bool> row = q->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      fn(model::EpssScore{std::string(q->Text(0)), q->Real(1), q->Real(2),
                          std::string(q->Text(3))});
    }
    return Ok();
  }

 private:
  std::unique_ptr<Database> db_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  Result<std::unique_ptr<Database>> db = Database::Open(path);
  if (!db) return Fail(db.error());
  auto store = std::make_unique<SqliteStore>(std::move(*db));
  if (Status s = store->Migrate(); !s) return Fail(s.error().WithContext(path));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace vs::store
