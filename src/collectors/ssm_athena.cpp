#include "collectors/ssm_athena.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <optional>
#include <set>

#include "aws/credentials.h"
#include "collectors/ssm.h"
#include "parsers/ssm_inventory.h"

namespace vs::collectors {
namespace {

constexpr std::string_view kResourceType = "ManagedInstanceInventory";
constexpr int64_t kMiB = 1 << 20;

// A crawler table: its lower-case columns and the sync's JSON key each one came from
// (formats.md §1.2), so that a row can be turned back into the record the sync wrote.
struct Column {
  std::string_view name;
  std::string_view json_key;
};
struct TableSpec {
  std::string_view table;
  std::string_view type;  // For messages: "AWS:Application".
  std::vector<Column> columns;
};

const TableSpec kInstanceInformation{"aws_instanceinformation",
                                     "AWS:InstanceInformation",
                                     {{"resourceid", "resourceId"},
                                      {"capturetime", "captureTime"},
                                      {"instanceid", "InstanceId"},
                                      {"instancestatus", "InstanceStatus"},
                                      {"platformname", "PlatformName"},
                                      {"platformversion", "PlatformVersion"},
                                      {"platformtype", "PlatformType"},
                                      {"computername", "ComputerName"},
                                      {"ipaddress", "IpAddress"}}};
const TableSpec kApplication{"aws_application",
                             "AWS:Application",
                             {{"resourceid", "resourceId"},
                              {"capturetime", "captureTime"},
                              {"name", "Name"},
                              {"version", "Version"},
                              {"release", "Release"},
                              {"epoch", "Epoch"},
                              {"architecture", "Architecture"},
                              {"packageid", "PackageId"}}};
const TableSpec kTag{"aws_tag",
                     "AWS:Tag",
                     {{"resourceid", "resourceId"},
                      {"capturetime", "captureTime"},
                      {"key", "Key"},
                      {"value", "Value"}}};

bool IsAccountId(std::string_view s) {
  return s.size() == 12 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
bool IsRegion(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}
bool IsGlueName(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

// Literals are validated (digits, region characters) before they get here; quoting is still
// done properly so that the SQL stays valid whatever changes upstream.
std::string Literal(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string InList(const std::vector<std::string>& values) {
  std::string out = "(";
  for (size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + Literal(values[i]);
  return out + ")";
}

// WHERE clause on the partition columns: this is what keeps Athena from reading (and billing)
// every account's objects.
std::string PartitionPredicate(const std::string& account,
                               const std::vector<std::string>& regions) {
  std::string sql = "\"accountid\" = " + Literal(account);
  if (!regions.empty()) sql += " AND \"region\" IN " + InList(regions);
  return sql + " AND \"resourcetype\" = " + Literal(kResourceType);
}

std::string SelectSql(const TableSpec& spec, const std::string& database,
                      const std::string& account, const std::vector<std::string>& regions) {
  std::string sql = "SELECT \"accountid\", \"region\"";
  for (const Column& c : spec.columns) sql += ", \"" + std::string(c.name) + "\"";
  sql += " FROM \"" + database + "\".\"" + std::string(spec.table) + "\" WHERE " +
         PartitionPredicate(account, regions);
  return sql;
}

// JSON string body for a cell (bytes other than '"', '\\' and controls pass through, so the
// parser judges UTF-8 exactly as it does for the objects).
void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

// Runs queries with at most `window` in flight: all are started before the oldest is awaited,
// so Athena works on several accounts at once.
std::vector<Result<aws::QueryOutcome>> RunQueries(const aws::AthenaClient& client,
                                                  const std::vector<aws::QueryRequest>& reqs,
                                                  int window, int page_size) {
  std::vector<Result<aws::QueryOutcome>> out(reqs.size(), aws::QueryOutcome{});
  std::deque<std::pair<size_t, std::string>> in_flight;
  auto finish_oldest = [&] {
    auto [i, id] = std::move(in_flight.front());
    in_flight.pop_front();
    Result<aws::QueryExecution> exec = client.WaitForQuery(id);
    if (!exec) {
      out[i] = Fail(exec.error());
      return;
    }
    Result<aws::QueryOutcome> outcome = client.GetQueryResults(id, page_size);
    if (outcome) outcome->execution = *exec;
    out[i] = std::move(outcome);
  };
  for (size_t i = 0; i < reqs.size(); ++i) {
    Result<std::string> id = client.StartQueryExecution(reqs[i]);
    if (!id) {
      out[i] = Fail(id.error());
      continue;
    }
    in_flight.emplace_back(i, std::move(*id));
    if (static_cast<int>(in_flight.size()) >= std::max(1, window)) finish_oldest();
  }
  while (!in_flight.empty()) finish_oldest();
  return out;
}

// A partition's rows as one JSON-lines document, with the node of every line (to attribute
// the parser's "line N" warnings).
struct PartitionRows {
  std::string document;
  std::vector<std::string> line_nodes;  // line_nodes[N-1] = resource id of line N.
  std::vector<std::string> line_tables;
};

// Appends the rows of `table` to their partitions. Rows of partitions not in `rows` are
// ignored (the object path never reads them either). Errors: a column missing from the result.
Status AddRows(const TableSpec& spec, const aws::Table& table,
               std::map<std::string, PartitionRows>& rows, bool create_partitions) {
  auto index_of = [&](std::string_view name) -> std::optional<size_t> {
    for (size_t i = 0; i < table.columns.size(); ++i) {
      std::string lower = table.columns[i];
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (lower == name) return i;
    }
    return std::nullopt;
  };
  std::optional<size_t> region_at = index_of("region");
  std::vector<std::optional<size_t>> at;
  for (const Column& c : spec.columns) at.push_back(index_of(c.name));
  if (!region_at || !at[0]) {
    return Fail(ErrorCode::kInvalidInput,
                std::string(spec.table) + ": result has no region or resourceid column");
  }
  for (const auto& row : table.rows) {
    if (*region_at >= row.size() || !row[*region_at]) continue;
    auto it = rows.find(*row[*region_at]);
    if (it == rows.end()) {
      if (!create_partitions) continue;
      it = rows.emplace(*row[*region_at], PartitionRows{}).first;
    }
    PartitionRows& pr = it->second;
    std::string& doc = pr.document;
    doc += '{';
    bool first = true;
    for (size_t c = 0; c < spec.columns.size(); ++c) {
      // SQL NULL is an omitted key, as the sync omits empty attributes (formats.md §1.2).
      if (!at[c] || *at[c] >= row.size() || !row[*at[c]]) continue;
      if (!first) doc += ',';
      first = false;
      AppendJsonString(doc, spec.columns[c].json_key);
      doc += ':';
      AppendJsonString(doc, *row[*at[c]]);
    }
    doc += "}\n";
    const auto& id = *at[0] < row.size() ? row[*at[0]] : std::nullopt;
    pr.line_nodes.push_back(id.value_or(""));
    pr.line_tables.emplace_back(spec.type);
  }
  return Ok();
}

// "line 7" → 7.
std::optional<size_t> LineOf(std::string_view record) {
  constexpr std::string_view kLine = "line ";
  if (record.substr(0, kLine.size()) != kLine) return std::nullopt;
  record.remove_prefix(kLine.size());
  size_t n = 0;
  auto [p, ec] = std::from_chars(record.data(), record.data() + record.size(), n);
  if (ec != std::errc() || n == 0) return std::nullopt;
  return n;
}

SsmPartition ToPartition(const std::string& account, const std::string& region,
                         PartitionRows&& rows) {
  SsmPartition part;
  part.account = account;
  part.region = region;
  Result<parsers::SsmObject> object = parsers::ParseSsmObject(rows.document);
  if (!object) {
    part.errors.push_back(object.error().message);
    return part;
  }
  for (const model::Warning& w : object->warnings) {
    std::optional<size_t> line = LineOf(w.record);
    std::string node = line && *line <= rows.line_nodes.size() ? rows.line_nodes[*line - 1] : "";
    std::string table = line && *line <= rows.line_tables.size() ? rows.line_tables[*line - 1] : "";
    // As with a malformed object: the node's data is incomplete, so it is not reported.
    part.errors.push_back(table + " row of " + (node.empty() ? "an unknown node" : node) + ": " +
                          w.reason);
    if (!node.empty()) part.tainted.insert(node);
  }
  for (parsers::SsmNode& node : object->nodes) {
    std::string id = node.resource_id;
    part.nodes.emplace(std::move(id), std::move(node));
  }
  return part;
}

std::string FormatUsd(double usd) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.8f", usd);
  return buf;
}

}  // namespace

Result<aws::AthenaConfig> DefaultAthenaConfig() {
  aws::AthenaConfig cfg;
  Result<aws::Credentials> creds = aws::ResolveCredentials();
  if (!creds) return Fail(creds.error());
  cfg.credentials = *creds;
  std::string region = aws::ResolveRegion();
  if (!region.empty()) cfg.region = region;
  cfg.endpoint = aws::ResolveEndpoint("ATHENA");
  return cfg;
}

double AthenaQueryCostUsd(int64_t bytes) {
  int64_t mb = std::max<int64_t>((std::max<int64_t>(bytes, 0) + kMiB - 1) / kMiB, 10);
  return static_cast<double>(mb) / (1024.0 * 1024.0) * 5.0;
}

Result<model::Collection> CollectSsmAthena(const aws::AthenaClient& client,
                                           const SsmAthenaOptions& options) {
  if (!IsGlueName(options.database))
    return Fail(ErrorCode::kInvalidInput, "ssm athena: bad database name: " + options.database);
  for (const std::string& a : options.accounts) {
    if (!IsAccountId(a))
      return Fail(ErrorCode::kInvalidInput, "ssm athena: account id is not 12 digits: " + a);
  }
  for (const std::string& r : options.regions) {
    if (!IsRegion(r)) return Fail(ErrorCode::kInvalidInput, "ssm athena: bad region: " + r);
  }
  auto request = [&](std::string sql) {
    aws::QueryRequest q;
    q.sql = std::move(sql);
    q.database = options.database;
    q.catalog = options.catalog;
    q.workgroup = options.workgroup;
    q.output_location = options.output_location;
    return q;
  };

  int queries = 0;
  int64_t scanned = 0;
  double cost = 0;
  auto account_of = [&](const Result<aws::QueryOutcome>& r) {
    ++queries;
    if (r) {
      scanned += r->execution.data_scanned_bytes;
      cost += AthenaQueryCostUsd(r->execution.data_scanned_bytes);
    }
  };

  std::vector<std::string> errors;  // Account-level: no partition to attach them to.
  std::vector<std::string> accounts = options.accounts;
  if (accounts.empty()) {
    // Partition metadata only: Athena reads the Glue catalog, not the objects.
    std::string sql = "SELECT DISTINCT \"accountid\" FROM \"" + options.database +
                      "\".\"aws_instanceinformation$partitions\" WHERE \"resourcetype\" = " +
                      Literal(kResourceType);
    if (!options.regions.empty()) sql += " AND \"region\" IN " + InList(options.regions);
    std::vector<Result<aws::QueryOutcome>> r =
        RunQueries(client, {request(sql)}, 1, options.page_size);
    account_of(r[0]);
    if (!r[0]) return Fail(r[0].error().WithContext("ssm athena: listing account partitions"));
    std::set<std::string> found;
    for (const auto& row : r[0]->table.rows) {
      if (row.empty() || !row[0]) continue;
      if (IsAccountId(*row[0])) {
        found.insert(*row[0]);
      } else {
        errors.push_back("ssm: partition accountid=" + *row[0] + " is not a 12-digit account id");
      }
    }
    accounts.assign(found.begin(), found.end());
  }

  // 1. AWS:InstanceInformation per account: it decides which partitions exist.
  std::vector<aws::QueryRequest> info_reqs;
  for (const std::string& a : accounts)
    info_reqs.push_back(
        request(SelectSql(kInstanceInformation, options.database, a, options.regions)));
  std::vector<Result<aws::QueryOutcome>> info =
      RunQueries(client, info_reqs, options.max_concurrent_queries, options.page_size);

  std::vector<SsmPartition> partitions;
  // Account → region → rows, for the accounts whose InstanceInformation could be read.
  std::map<std::string, std::map<std::string, PartitionRows>> rows;
  // Marks every partition of `account` as failed (those asked for when none are known yet).
  auto fail_account = [&](const std::string& account, const std::string& message) {
    std::vector<std::string> regions;
    if (auto it = rows.find(account); it != rows.end()) {
      for (const auto& [region, _] : it->second) regions.push_back(region);
      rows.erase(it);
    }
    if (regions.empty()) regions = options.regions;
    if (regions.empty()) errors.push_back("ssm:" + account + ": " + message);
    for (const std::string& region : regions) {
      SsmPartition& p = partitions.emplace_back();
      p.account = account;
      p.region = region;
      p.errors.push_back(message);
    }
  };
  for (size_t i = 0; i < accounts.size(); ++i) {
    const std::string& account = accounts[i];
    account_of(info[i]);
    if (!info[i]) {
      fail_account(account, info[i].error().message);
      continue;
    }
    auto& regions = rows[account];
    if (Status s = AddRows(kInstanceInformation, info[i]->table, regions, true); !s) {
      fail_account(account, s.error().message);
      continue;
    }
    for (const std::string& region : options.regions) {
      if (regions.count(region)) continue;
      // Asked for by account and region, and nothing there: a wrong region or a broken sync,
      // not proof that the instances are gone.
      SsmPartition& p = partitions.emplace_back();
      p.account = account;
      p.region = region;
      p.errors.push_back("no AWS:InstanceInformation rows in accountid=" + account +
                         "/region=" + region);
    }
    if (regions.empty()) {
      rows.erase(account);
      if (options.regions.empty())
        errors.push_back("ssm:" + account + ": no AWS:InstanceInformation rows");
    }
  }

  // 2. AWS:Application and AWS:Tag, only for the regions that have instances.
  std::vector<aws::QueryRequest> reqs;
  std::vector<std::pair<std::string, const TableSpec*>> what;
  for (const auto& [account, regions] : rows) {
    std::vector<std::string> names;
    for (const auto& [region, _] : regions) names.push_back(region);
    for (const TableSpec* spec : {&kApplication, &kTag}) {
      reqs.push_back(request(SelectSql(*spec, options.database, account, names)));
      what.emplace_back(account, spec);
    }
  }
  std::vector<Result<aws::QueryOutcome>> results =
      RunQueries(client, reqs, options.max_concurrent_queries, options.page_size);
  for (size_t i = 0; i < results.size(); ++i) {
    account_of(results[i]);
    const auto& [account, spec] = what[i];
    if (!rows.count(account)) continue;  // Failed already.
    if (!results[i]) {
      fail_account(account, results[i].error().message);
      continue;
    }
    if (Status s = AddRows(*spec, results[i]->table, rows[account], false); !s)
      fail_account(account, s.error().message);
  }

  // 3. The shared assembly.
  for (auto& [account, regions] : rows) {
    for (auto& [region, r] : regions)
      partitions.push_back(ToPartition(account, region, std::move(r)));
  }
  model::Collection col = AssembleSsm(std::move(partitions));
  col.errors.insert(col.errors.begin(), errors.begin(), errors.end());
  col.stats["athena_queries"] = std::to_string(queries);
  col.stats["athena_bytes_scanned"] = std::to_string(scanned);
  col.stats["athena_cost_usd"] = FormatUsd(cost);
  return col;
}

}  // namespace vs::collectors
