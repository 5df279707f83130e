// EC2 fleet inventory from the Glue tables of an SSM Resource Data Sync, queried with Athena
// (formats.md §1.3, §1.4) instead of reading the objects: the same Collection that CollectSsm
// gives for the same sync, with Athena's bytes scanned and cost in its stats.
// Not thread-safe per call; the client may be shared.
#pragma once

#include <string>
#include <vector>

#include "aws/athena.h"
#include "core/result.h"
#include "model/asset.h"

namespace vs::collectors {

struct SsmAthenaOptions {
  std::string database = "ssminventory";  // Glue database holding the crawler's tables.
  std::string catalog;                    // Empty: AwsDataCatalog.
  std::string workgroup;                  // Empty: primary.
  std::string output_location;            // s3://bucket/prefix/ for result files.
  std::vector<std::string> accounts;      // 12-digit ids; empty: every account partition.
  std::vector<std::string> regions;       // Empty: every region of each account.
  int max_concurrent_queries = 4;         // Athena's default DML quota is 20-25 per account.
  int page_size = 1000;                   // GetQueryResults MaxResults (at most 1000).
};

// The tables are the ones the console's Glue crawler creates for the sync
// (aws_instanceinformation, aws_application, aws_tag: every JSON key a lower-case column,
// partitions accountid / region / resourcetype). Every query prunes on accountid, region (when
// known) and resourcetype = 'ManagedInstanceInventory'; one query per account and table, so an
// account whose data cannot be read fails alone. Why not formats.md's one join per account:
// it scans the same bytes, but drops instances without AWS:Application rows and every tag but
// the ASG one (Name, launch template), which the assets need; the price of three queries is at
// most two extra 10 MB minimums per account and run (USD 0.0001; 100 accounts daily ≈ USD
// 0.29 a month). Without --account the accounts come from the
// "aws_instanceinformation$partitions" metadata table (no data scanned).
//
// Rows become the sync's JSON records again (columns are the lower-cased keys) and go through
// the same parser and AssembleSsm as the object path: instances, OS, source packages,
// terminated nodes and auto-scaling de-duplication behave exactly as in CollectSsm. A failed
// query (FAILED state, 403, throttling after retries) puts its account's partitions in
// `errors` and leaves them out of `scopes`.
//
// Stats: those of AssembleSsm plus athena_queries, athena_bytes_scanned (sum of
// DataScannedInBytes of the successful queries) and athena_cost_usd (USD 5 per TB = 2^40
// bytes, each query rounded up to whole MB with a 10 MB minimum; failed queries are free).
// Errors: kInvalidInput for an account id that is not 12 digits, a bad region or database
// name; the discovery query's error when no account was given and it fails.
Result<model::Collection> CollectSsmAthena(const aws::AthenaClient& client,
                                           const SsmAthenaOptions& options);

// Region, credentials (environment, shared files, instance metadata) and endpoint
// (AWS_ENDPOINT_URL_ATHENA / AWS_ENDPOINT_URL, for a local fake) the usual way. Errors: those of
// aws::ResolveCredentials.
Result<aws::AthenaConfig> DefaultAthenaConfig();

// Athena's price of one successful query that scanned `bytes` (see above), in USD.
double AthenaQueryCostUsd(int64_t bytes);

}  // namespace vs::collectors
