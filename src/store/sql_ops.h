// The asset, finding and search queries, written once over sql::Connection for both
// backends. Internal to store/.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.h"
#include "store/sql/connection.h"

namespace vs::store::ops {

// The key package names are compared by when deciding what a feed change touched: lower
// case, '_' and '.' as '-' (PEP 503-like; over-matching only costs a re-match).
std::string MatchKey(std::string_view name);

// The team `rules` give `asset` ("" when none matches).
std::string OwnerOf(const model::Asset& asset, const std::vector<OwnershipRule>& rules);

Result<RunSummary> ApplyCollection(sql::Connection& db, const model::Collection& c,
                                   const Evaluator& ev, const std::vector<OwnershipRule>& rules);
Result<RunSummary> RecordFailedRun(sql::Connection& db, std::string_view source,
                                   std::string_view scope, std::string_view error);
Result<RunSummary> Rematch(sql::Connection& db, const Evaluator& ev, bool full);
Status ApplyOwnership(sql::Connection& db, const std::vector<OwnershipRule>& rules);
Result<std::vector<RunInfo>> Runs(sql::Connection& db, std::string_view source, int limit);

Result<int64_t> AddSuppression(sql::Connection& db, const Suppression& s);
Status RemoveSuppression(sql::Connection& db, int64_t id);
Result<std::vector<Suppression>> ListSuppressions(sql::Connection& db);
// Points every finding at the longest-lived suppression that covers it.
Status RefreshSuppressions(sql::Connection& db);

// "cve-2021-44228" → "CVE-2021-44228"; the GHSA, PYSEC, GO and RUSTSEC prefixes upper-cased.
std::string NormaliseVulnId(std::string id);

// Every id a vulnerability asked for as `id` goes by, from the stored advisories, `id`
// (normalised) first, for finding findings reported under any of them:
// * asked by an advisory's id or alias (GHSA, PYSEC, DSA, ALSA…): that advisory's id, its
//   aliases and the CVEs it relates — all the vulnerabilities it stands for;
// * for each CVE so named (or asked for): the ids of the advisories that name that CVE and no
//   other (GHSA, PYSEC, GO… records of the same vulnerability). A distro advisory fixing
//   several CVEs is not an alias of any one of them, so CVE-A never pulls in CVE-B.
Result<std::vector<std::string>> VulnerabilityIds(sql::Connection& db, std::string_view id);

Result<FindingPage> SearchFindings(sql::Connection& db, const FindingQuery& q);
Result<std::vector<AssetRow>> ListAssets(sql::Connection& db, const AssetQuery& q);
Result<std::vector<model::Package>> AssetPackages(sql::Connection& db, int64_t asset_id);
Result<Aggregates> Aggregate(sql::Connection& db, const FindingQuery& q, int days);
Result<std::vector<FindingEvent>> FindingHistory(sql::Connection& db, int64_t asset_id, int limit);

Status PutUser(sql::Connection& db, const User& u);
Result<std::optional<User>> GetUser(sql::Connection& db, std::string_view name);
Result<bool> DeleteUser(sql::Connection& db, std::string_view name);
Result<std::vector<User>> ListUsers(sql::Connection& db);
Status CreateSession(sql::Connection& db, const Session& s);
Result<std::optional<Session>> GetSession(sql::Connection& db, std::string_view id_hash);
Status TouchSession(sql::Connection& db, std::string_view id_hash, std::string_view at);
Status DeleteSession(sql::Connection& db, std::string_view id_hash);
Status ExpireSessions(sql::Connection& db, std::string_view idle_before,
                      std::string_view created_before);
Result<int64_t> CreateToken(sql::Connection& db, const ApiToken& t);
Result<std::optional<ApiToken>> FindToken(sql::Connection& db, std::string_view token_hash);
Status TouchToken(sql::Connection& db, int64_t id, std::string_view at);
Result<bool> RevokeToken(sql::Connection& db, std::string_view name);
Result<std::vector<ApiToken>> ListTokens(sql::Connection& db);
Status Audit(sql::Connection& db, const AuditEntry& e);
Result<std::vector<AuditEntry>> AuditLog(sql::Connection& db, int limit);

}  // namespace vs::store::ops
