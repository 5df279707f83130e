// A fake Athena endpoint (AWS JSON 1.1, formats.md §1.4) on 127.0.0.1 that answers the simple
// SELECTs of the SSM collector from a Resource Data Sync tree on disk, as Athena would over the
// crawler's Glue tables (aws_instanceinformation, aws_application, aws_tag and their
// "$partitions" tables). It is strict where the real service matters to us:
// * every request's SigV4 signature is re-derived from what arrived on the wire (body hash
//   included) with our signer (itself differentially tested against @smithy/signature-v4);
//   a wrong key, a tampered body or a clock skew over 15 minutes is rejected;
// * SQL reading a data table without equality/IN predicates on accountid and resourcetype is
//   rejected (InvalidRequestException), and only the partition folders the predicates select
//   are ever opened, so the bytes scanned it reports are what pruning left;
// * columns are the lower-cased JSON keys found in the tree (a typo is COLUMN_NOT_FOUND);
//   a missing key is SQL NULL, sent as a Datum without VarCharValue;
// * queries are RUNNING for a few polls, results are paged (header row first, MaxResults
//   ≤ 1000, opaque NextToken).
// Thread-safe (one mutex); stops in its destructor.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "aws/sigv4.h"
#include "tests/fakes/local_http_server.h"

namespace vs::fakes {

class AthenaFake {
 public:
  // How reads of a denied account's partitions fail.
  enum class Denial {
    kQueryFails,  // The query ends FAILED with S3's 403 AccessDenied (what Athena does).
    kHttp403,     // StartQueryExecution answers HTTP 403 AccessDeniedException.
  };

  AthenaFake(std::string sync_root, aws::Credentials credentials, std::string region,
             std::string database = "ssminventory");

  bool Start() { return server_.Start(); }
  std::string url() const { return server_.url(); }

  void Deny(const std::string& account, Denial how = Denial::kQueryFails);
  void set_running_polls(int n);  // GetQueryExecution answers RUNNING this often first.

  std::vector<std::string> AcceptedSql() const;
  std::vector<std::string> RejectedSql() const;
  std::vector<std::string> Operations() const;
  int64_t BytesScanned() const;  // Sum over all queries.
  int64_t ObjectsRead() const;   // Files opened for data (not for the schema).
  int ResultPages() const;

 private:
  struct Query {
    std::string sql;
    std::string state;  // RUNNING until polled enough, then SUCCEEDED or FAILED.
    std::string reason;
    int polls_left = 0;
    std::vector<std::string> columns;
    std::vector<std::vector<std::optional<std::string>>> rows;
    int64_t bytes = 0;
    double submitted = 0;
  };
  struct Response {
    int status = 200;
    std::string body;
  };

  Response Handle(const std::string& target, const std::string& body);
  Response StartQuery(const std::string& body);
  Response GetExecution(const std::string& body);
  Response GetResults(const std::string& body);
  // Runs `sql`; fills `q` (FAILED with a reason on a query error). Returns "" or the reason
  // to reject the request outright.
  std::string Execute(const std::string& sql, Query& q, bool& denied_http);

  std::string root_;
  aws::Credentials credentials_;
  std::string region_;
  std::string database_;
  mutable std::mutex mu_;
  std::map<std::string, Denial> denied_;
  int running_polls_ = 1;
  std::map<std::string, Query> queries_;
  std::map<std::string, std::string> tokens_;  // ClientRequestToken → query id.
  std::vector<std::string> accepted_, rejected_, operations_;
  int64_t bytes_ = 0, objects_ = 0;
  int pages_ = 0;
  LocalHttpServer server_;
};

// "" when `req` carries a valid SigV4 signature for `credentials`, `region` and service
// athena, else the reason it would be rejected.
std::string CheckAthenaSignature(const httplib::Request& req, const aws::Credentials& credentials,
                                 const std::string& region);

}  // namespace vs::fakes
