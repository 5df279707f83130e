// The store: advisories, exploit intelligence and their sources (and, later, assets and
// findings) behind one interface, so SQLite (default) and PostgreSQL are interchangeable.
// A Store is used from one thread at a time; open one per thread.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "model/batch.h"
#include "store/records.h"

namespace vs::store {

// One imported document or feed, the unit of atomic replacement.
struct SourceInfo {
  std::string name;         // Stable identity: "osv:go-vulndb.zip", "cisa_kev", a feed name.
  std::string format;       // Parser key(s) that produced it: "osv", "cisa_kev".
  std::string location;     // Path or URL it was read from.
  std::string imported_at;  // RFC 3339 UTC, set by the store.
  long long advisories = 0;
  long long exploits = 0;
  long long epss = 0;
  long long warnings = 0;
  std::string etag;  // HTTP validators for conditional GET on the next update.
  std::string last_modified;
  std::string status;  // "ok" or "failed".
  std::string error;   // Why the last update failed (the previous data stays in use).
};

class Store {
 public:
  virtual ~Store() = default;

  // Replaces everything `info.name` contributed with `batch`, in one transaction: on failure
  // nothing changes. Advisories, exploits and EPSS scores of the batch are stored; packages
  // and OS info are ignored here.
  virtual Status ReplaceSource(const SourceInfo& info, const model::Batch& batch) = 0;

  // Records a failed update of an existing (or new) source without touching its data.
  virtual Status RecordSourceFailure(std::string_view name, std::string_view location,
                                     std::string_view error) = 0;

  virtual Result<std::vector<SourceInfo>> Sources() = 0;

  // Streams every stored advisory (all sources) to `fn`.
  virtual Status ForEachAdvisory(const std::function<void(model::Advisory&&)>& fn) = 0;
  virtual Status ForEachExploit(const std::function<void(model::ExploitRef&&)>& fn) = 0;
  virtual Status ForEachEpss(const std::function<void(model::EpssScore&&)>& fn) = 0;

  // Every id the vulnerability asked for as `id` goes by (`id` first): the asked advisory's
  // aliases and CVEs, and the single-CVE records (GHSA, PYSEC…) of those CVEs; a distro fix of
  // several CVEs joins none of them together. Searches by vulnerability use the same list.
  virtual Result<std::vector<std::string>> VulnerabilityIds(std::string_view id) = 0;
  // The advisories that carry any of `ids` (VulnerabilityIds of one vulnerability) as their id,
  // an alias or a related id: every database's record, and the distro fixes that include it.
  virtual Result<std::vector<model::Advisory>> FindAdvisories(
      const std::vector<std::string>& ids) = 0;
  // Exploit references and EPSS scores of these CVE ids.
  virtual Result<std::vector<model::ExploitRef>> FindExploits(
      const std::vector<std::string>& cves) = 0;
  virtual Result<std::vector<model::EpssScore>> FindEpss(const std::vector<std::string>& cves) = 0;

  // The schema version after migrations.
  virtual Result<int> SchemaVersion() = 0;

  // ---- Assets, inventories and findings.

  // Applies one collection in one transaction: upserts its assets (team from the source or
  // `rules`), replaces reported inventories and matches them with `ev.match`, applies
  // external findings, and retires assets of fully covered scopes that were not reported
  // (resolving their findings). Per-scope errors in the collection make the run "partial":
  // their scopes are not covered, so nothing there is retired or resolved. On failure
  // nothing changes except the recorded failed run.
  virtual Result<RunSummary> ApplyCollection(const model::Collection& collection,
                                             const Evaluator& ev,
                                             const std::vector<OwnershipRule>& rules) = 0;
  // Records a collection that failed before producing anything (nothing else changes).
  virtual Result<RunSummary> RecordFailedRun(std::string_view source, std::string_view scope,
                                             std::string_view error) = 0;

  // Re-evaluates stored inventories: with `full`, every active asset; otherwise the assets
  // holding a package whose name a feed change touched since the last re-match. Exploit
  // evidence of all open findings is refreshed when intelligence changed (or `full`).
  virtual Result<RunSummary> Rematch(const Evaluator& ev, bool full) = 0;
  // Re-applies ownership rules to every asset (after a config change).
  virtual Status ApplyOwnership(const std::vector<OwnershipRule>& rules) = 0;

  virtual Result<std::vector<RunInfo>> Runs(std::string_view source, int limit) = 0;

  virtual Result<int64_t> AddSuppression(const Suppression& s) = 0;
  virtual Status RemoveSuppression(int64_t id) = 0;
  virtual Result<std::vector<Suppression>> Suppressions() = 0;

  // ---- Search.
  virtual Result<FindingPage> SearchFindings(const FindingQuery& q) = 0;
  virtual Result<std::vector<AssetRow>> ListAssets(const AssetQuery& q) = 0;
  virtual Result<std::vector<model::Package>> AssetPackages(int64_t asset_id) = 0;
  // State changes of the asset's findings, newest first, at most `limit`.
  virtual Result<std::vector<FindingEvent>> FindingHistory(int64_t asset_id, int limit) = 0;
  // Counts over the findings `q` selects (its status filter applies; trend covers `days`).
  virtual Result<Aggregates> Aggregate(const FindingQuery& q, int days) = 0;

  // ---- Users, sessions, API tokens, audit log.
  virtual Status PutUser(const User& user) = 0;  // Insert or replace by name.
  virtual Result<std::optional<User>> GetUser(std::string_view name) = 0;
  virtual Result<bool> DeleteUser(std::string_view name) = 0;  // Also ends their sessions.
  virtual Result<std::vector<User>> Users() = 0;

  virtual Status CreateSession(const Session& s) = 0;
  virtual Result<std::optional<Session>> GetSession(std::string_view id_hash) = 0;
  virtual Status TouchSession(std::string_view id_hash, std::string_view at) = 0;
  virtual Status DeleteSession(std::string_view id_hash) = 0;
  // Deletes sessions idle since `idle_before` or created before `created_before`.
  virtual Status ExpireSessions(std::string_view idle_before, std::string_view created_before) = 0;

  virtual Result<int64_t> CreateToken(const ApiToken& t) = 0;
  virtual Result<std::optional<ApiToken>> FindToken(std::string_view token_hash) = 0;
  virtual Status TouchToken(int64_t id, std::string_view at) = 0;
  virtual Result<bool> RevokeToken(std::string_view name) = 0;
  virtual Result<std::vector<ApiToken>> Tokens() = 0;

  virtual Status Audit(const AuditEntry& e) = 0;
  virtual Result<std::vector<AuditEntry>> AuditLog(int limit) = 0;
};

// Opens (creating and migrating if needed) the store at `url`: a SQLite file path, or a
// "postgresql://" / "postgres://" URL (or libpq "host=… dbname=…" string). Errors: kIo (cannot
// open/migrate), kUnsupported (unknown scheme).
Result<std::unique_ptr<Store>> OpenStore(std::string_view url);
// Whether `url` names a PostgreSQL database (URL or libpq "dbname=…" string), not a file.
bool IsPostgresUrl(std::string_view url);

}  // namespace vs::store
