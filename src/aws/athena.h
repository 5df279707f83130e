// Athena client (AWS JSON 1.1, X-Amz-Target AmazonAthena.*): start a query, poll it with
// backoff until it ends, and read every result page into a table. Shapes: formats.md §1.4.
// Thread-safe: a client holds only its configuration.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/sigv4.h"
#include "core/result.h"

namespace vs::aws {

struct AthenaConfig {
  std::string region = "us-east-1";
  std::string endpoint;  // Empty: https://athena.<region>.amazonaws.com.
  Credentials credentials;
  long connect_timeout_s = 10;
  long timeout_s = 60;
  int max_attempts = 5;  // Per API call (5xx, throttling).
  long initial_backoff_ms = 200;
  long max_backoff_ms = 5000;
  long poll_initial_ms = 500;  // GetQueryExecution polling: doubles up to poll_max_ms.
  long poll_max_ms = 5000;
  long query_timeout_s = 1800;               // Give up waiting (the query is then stopped).
  std::function<Clock::time_point()> clock;  // Signing time; system clock when empty.
};

struct QueryRequest {
  std::string sql;
  std::string database;
  std::string catalog;               // Empty: not sent (AwsDataCatalog).
  std::string workgroup;             // Empty: not sent (primary).
  std::string output_location;       // s3://bucket/prefix/; empty: the workgroup's setting.
  std::string client_request_token;  // Idempotency token; empty: 32 random hex digits.
};

struct QueryExecution {
  std::string id;
  std::string state;  // QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED.
  std::string state_change_reason;
  std::string error_message;  // Status.AthenaError.ErrorMessage.
  int64_t data_scanned_bytes = 0;
  int64_t engine_execution_ms = 0;
  double submission_time = 0;  // Epoch seconds (JSON 1.1 sends numbers with a fraction).
  double completion_time = 0;
  std::string output_location;
};

// Column labels and rows; SQL NULL (a Datum without VarCharValue) is std::nullopt.
struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
};

struct QueryOutcome {
  QueryExecution execution;
  Table table;
  int pages = 0;
};

// One GetQueryResults page. `first_page`: row 0 holds the column labels and is not data.
struct ResultsPage {
  Table table;
  std::string next_token;
};
Result<ResultsPage> ParseGetQueryResults(std::string_view json, bool first_page);

// A GetQueryExecution response. Errors: kInvalidInput.
Result<QueryExecution> ParseGetQueryExecution(std::string_view json);

class AthenaClient {
 public:
  explicit AthenaClient(AthenaConfig config);

  // Returns the QueryExecutionId. Errors: kAuth (403, UnrecognizedClient,
  // InvalidSignature/AccessDenied), kInvalidInput (InvalidRequestException: the Athena message
  // is included), kNetwork (5xx/throttling after retries).
  Result<std::string> StartQueryExecution(const QueryRequest& req) const;

  Result<QueryExecution> GetQueryExecution(std::string_view id) const;

  // Polls with backoff until SUCCEEDED (returned) or FAILED/CANCELLED (kInvalidInput with the
  // StateChangeReason and the bytes scanned), or query_timeout_s (kNetwork, query stopped).
  Result<QueryExecution> WaitForQuery(std::string_view id) const;

  // Every page, following NextToken (`page_size` ≤ 1000); `pages` counts the calls.
  Result<QueryOutcome> GetQueryResults(std::string_view id, int page_size = 1000) const;

  // Start, wait, read.
  Result<QueryOutcome> RunQuery(const QueryRequest& req) const;

  Status StopQueryExecution(std::string_view id) const;

 private:
  // POSTs one JSON 1.1 operation; returns the response body of a 200.
  Result<std::string> Invoke(std::string_view operation, std::string body) const;

  AthenaConfig config_;
};

}  // namespace vs::aws
