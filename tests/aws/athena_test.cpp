// Athena client against an in-process fake (cpp-httplib on 127.0.0.1) that checks the JSON 1.1
// request shape, re-derives the SigV4 signature from what arrived on the wire, rejects stale
// signatures and SQL without a partition predicate, and answers with the fixture documents.
#include "aws/athena.h"

#include <atomic>
#include <fstream>
#include <iomanip>
#include <mutex>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/fakes/local_http_server.h"

namespace vs::aws {
namespace {

using Json = nlohmann::json;

std::string Fixture(const std::string& name) {
  std::ifstream f(std::string(VS_TESTDATA_DIR "/athena/") + name, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

const Credentials kCreds{.access_key_id = "AKIDEXAMPLE",
                         .secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                         .session_token = "SESSION"};

// Verifies a request the way the service would, with the signer under test as the oracle for
// the arithmetic (the signer itself is checked against @smithy/signature-v4 in sigv4_test).
// Returns "" or the reason for rejecting it.
std::string CheckSignature(const httplib::Request& req) {
  static const std::regex kAuth(
      R"(AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/(\d{8})/ap-northeast-1/athena/aws4_request, )"
      R"(SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64}))");
  std::smatch m;
  std::string auth = req.get_header_value("Authorization");
  if (!std::regex_match(auth, m, kAuth)) return "malformed Authorization: " + auth;
  std::string amz_date = req.get_header_value("X-Amz-Date");
  if (amz_date.substr(0, 8) != m[1].str()) return "credential date differs from X-Amz-Date";
  std::string signed_headers = m[2].str();
  for (const char* required :
       {"content-type", "host", "x-amz-date", "x-amz-security-token", "x-amz-target"}) {
    if ((";" + signed_headers + ";").find(std::string(";") + required + ";") == std::string::npos) {
      return std::string("not signed: ") + required;
    }
  }
  // Clock skew: AWS rejects signatures more than 15 minutes off.
  std::tm tm{};
  std::istringstream(amz_date) >> std::get_time(&tm, "%Y%m%dT%H%M%SZ");
  auto sent = Clock::from_time_t(timegm(&tm));
  if (std::chrono::abs(Clock::now() - sent) > std::chrono::minutes(15)) {
    return "Signature expired: " + amz_date + " is now earlier than the allowed window";
  }
  SignableRequest sreq{.method = req.method, .host = req.get_header_value("Host"), .path = "/"};
  std::stringstream names(signed_headers);
  std::string name;
  while (std::getline(names, name, ';')) {
    if (name == "x-amz-date" || name == "x-amz-security-token" || name == "host") continue;
    sreq.headers.emplace_back(name, req.get_header_value(name.c_str()));
  }
  sreq.body = req.body;
  auto expect = Sign(sreq, kCreds, {.region = "ap-northeast-1", .service = "athena"}, sent);
  if (!expect) return expect.error().message;
  if (expect->signature != m[3].str()) return "signature mismatch";
  return "";
}

class AthenaFake {
 public:
  AthenaFake() {
    srv_.server().Post(
        "/", [this](const httplib::Request& req, httplib::Response& res) { Handle(req, res); });
  }

  bool Start() { return srv_.Start(); }
  AthenaConfig Config() const {
    AthenaConfig c;
    c.region = "ap-northeast-1";
    c.endpoint = srv_.url();
    c.credentials = kCreds;
    c.initial_backoff_ms = 5;
    c.max_backoff_ms = 20;
    c.poll_initial_ms = 5;
    c.poll_max_ms = 20;
    return c;
  }

  std::mutex mu;
  std::vector<std::string> operations;
  std::vector<std::string> tokens_seen;
  int running_polls = 2;  // GetQueryExecution answers RUNNING this many times.
  bool fail_query = false;
  int throttle_first = 0;  // Answer TooManyRequests to this many calls first.
  Json last_start;

 private:
  void Error(httplib::Response& res, int status, const std::string& type, const std::string& msg) {
    res.status = status;
    res.set_content(Json{{"__type", type}, {"Message", msg}}.dump(), "application/x-amz-json-1.1");
  }

  void Handle(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu);
    std::string target = req.get_header_value("X-Amz-Target");
    operations.push_back(target);
    if (req.get_header_value("Content-Type") != "application/x-amz-json-1.1") {
      return Error(res, 400, "SerializationException", "bad content type");
    }
    if (std::string why = CheckSignature(req); !why.empty()) {
      return Error(res, 400, "InvalidSignatureException", why);
    }
    if (throttle_first > 0) {
      --throttle_first;
      res.status = 400;
      res.set_content(Fixture("error-too-many-requests.json"), "application/x-amz-json-1.1");
      return;
    }
    Json body = Json::parse(req.body, nullptr, false);
    if (!body.is_object()) return Error(res, 400, "SerializationException", "body not JSON");
    const std::string id = "5c3d2e1f-0a9b-4c8d-9e7f-6a5b4c3d2e1f";
    if (target == "AmazonAthena.StartQueryExecution") {
      last_start = body;
      std::string sql = body.value("QueryString", "");
      std::string token = body.value("ClientRequestToken", "");
      if (token.size() < 32 || token.size() > 128) {
        return Error(res, 400, "InvalidRequestException", "ClientRequestToken length");
      }
      // The whole point of Athena mode: never scan every account's partitions.
      if (!std::regex_search(sql, std::regex(R"(\baccountid\s*(=|IN)\s*)", std::regex::icase))) {
        return Error(res, 400, "InvalidRequestException", "no partition predicate on accountid");
      }
      res.set_content(Fixture("start-query-execution.response.json"), "application/json");
    } else if (target == "AmazonAthena.GetQueryExecution") {
      if (body.value("QueryExecutionId", "") != id) {
        return Error(res, 400, "InvalidRequestException", "unknown id");
      }
      if (running_polls > 0) {
        --running_polls;
        res.set_content(Fixture("get-query-execution.running.response.json"), "application/json");
      } else {
        res.set_content(Fixture(fail_query ? "get-query-execution.failed.response.json"
                                           : "get-query-execution.succeeded.response.json"),
                        "application/json");
      }
    } else if (target == "AmazonAthena.GetQueryResults") {
      if (body.value("MaxResults", 0) > 1000) {
        return Error(res, 400, "InvalidRequestException", "MaxResults too large");
      }
      std::string token = body.value("NextToken", "");
      tokens_seen.push_back(token);
      if (token.empty()) {
        res.set_content(Fixture("athena-get-query-results.json"), "application/json");
      } else if (token == "AYqzLEXAMPLE2p0aXg0wTB6rFEXAMPLEtoken//+ZQ==") {
        res.set_content(Fixture("athena-get-query-results.page2.json"), "application/json");
      } else {
        Error(res, 400, "InvalidRequestException", "bad NextToken");
      }
    } else if (target == "AmazonAthena.StopQueryExecution") {
      res.set_content("{}", "application/json");
    } else {
      Error(res, 400, "UnknownOperationException", target);
    }
  }

  fakes::LocalHttpServer srv_;
};

QueryRequest Query() {
  return QueryRequest{.sql =
                          "SELECT a.resourceid, a.name FROM ssminventory.aws_application a "
                          "WHERE a.accountid = '123456789012'",
                      .database = "ssminventory",
                      .workgroup = "primary",
                      .output_location = "s3://vulnscope-athena-results/queries/"};
}

TEST(AthenaClient, RunsAQueryThroughPollingAndPagination) {
  AthenaFake fake;
  ASSERT_TRUE(fake.Start());
  auto out = AthenaClient(fake.Config()).RunQuery(Query());
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(out->execution.state, "SUCCEEDED");
  EXPECT_EQ(out->execution.data_scanned_bytes, 18874368);
  EXPECT_EQ(out->pages, 2);
  ASSERT_EQ(out->table.columns.size(), 10u);
  EXPECT_EQ(out->table.columns[0], "resourceid");
  EXPECT_EQ(out->table.columns[9], "asg_name");
  ASSERT_EQ(out->table.rows.size(), 4u);  // 3 on page 1 after the header row, 1 on page 2.
  EXPECT_EQ(out->table.rows[0][1], "openssl-libs");
  EXPECT_EQ(out->table.rows[1][4], "");  // An empty string is not NULL...
  int nulls = 0;
  for (const auto& row : out->table.rows) {
    for (const auto& cell : row) nulls += cell.has_value() ? 0 : 1;  // ...{} is.
  }
  EXPECT_EQ(nulls, 6);
  std::lock_guard<std::mutex> lock(fake.mu);
  EXPECT_EQ(fake.operations,
            (std::vector<std::string>{
                "AmazonAthena.StartQueryExecution", "AmazonAthena.GetQueryExecution",
                "AmazonAthena.GetQueryExecution", "AmazonAthena.GetQueryExecution",
                "AmazonAthena.GetQueryResults", "AmazonAthena.GetQueryResults"}));
  EXPECT_EQ(fake.last_start["QueryExecutionContext"]["Database"], "ssminventory");
  EXPECT_EQ(fake.last_start["WorkGroup"], "primary");
  EXPECT_EQ(fake.last_start["ResultConfiguration"]["OutputLocation"],
            "s3://vulnscope-athena-results/queries/");
}

TEST(AthenaClient, FailedQueryReportsStateChangeReason) {
  AthenaFake fake;
  fake.fail_query = true;
  ASSERT_TRUE(fake.Start());
  auto out = AthenaClient(fake.Config()).RunQuery(Query());
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(out.error().message.find("FAILED: COLUMN_NOT_FOUND: line 1:8: Column 'a.relase'"),
            std::string::npos)
      << out.error().message;
}

TEST(AthenaClient, SqlWithoutPartitionPredicateIsRejectedWithTheServiceMessage) {
  AthenaFake fake;
  ASSERT_TRUE(fake.Start());
  QueryRequest q = Query();
  q.sql = "SELECT * FROM ssminventory.aws_application";
  auto out = AthenaClient(fake.Config()).StartQueryExecution(q);
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(out.error().message.find("InvalidRequestException: no partition predicate"),
            std::string::npos)
      << out.error().message;
}

TEST(AthenaClient, ThrottlingIsRetried) {
  AthenaFake fake;
  fake.throttle_first = 2;
  ASSERT_TRUE(fake.Start());
  auto id = AthenaClient(fake.Config()).StartQueryExecution(Query());
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(*id, "5c3d2e1f-0a9b-4c8d-9e7f-6a5b4c3d2e1f");
  std::lock_guard<std::mutex> lock(fake.mu);
  EXPECT_EQ(fake.operations.size(), 3u);
}

TEST(AthenaClient, ClockSkewedSignatureIsAnAuthError) {
  AthenaFake fake;
  ASSERT_TRUE(fake.Start());
  AthenaConfig c = fake.Config();
  c.clock = [] { return Clock::now() - std::chrono::minutes(20); };
  auto out = AthenaClient(c).StartQueryExecution(Query());
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, ErrorCode::kAuth);
  EXPECT_NE(out.error().message.find("Signature expired"), std::string::npos)
      << out.error().message;
}

TEST(AthenaClient, WrongSecretFailsSignatureCheck) {
  AthenaFake fake;
  ASSERT_TRUE(fake.Start());
  AthenaConfig c = fake.Config();
  c.credentials.secret_access_key = "not-the-secret";
  auto out = AthenaClient(c).GetQueryExecution("5c3d2e1f-0a9b-4c8d-9e7f-6a5b4c3d2e1f");
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, ErrorCode::kAuth);
  EXPECT_NE(out.error().message.find("signature mismatch"), std::string::npos);
}

TEST(AthenaParse, ExecutionFixtures) {
  auto ok = ParseGetQueryExecution(Fixture("get-query-execution.succeeded.response.json"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->state, "SUCCEEDED");
  EXPECT_EQ(ok->data_scanned_bytes, 18874368);
  EXPECT_GT(ok->submission_time, 1.7e9);  // Epoch seconds with a fraction.
  EXPECT_NE(ok->output_location.find(".csv"), std::string::npos);
  auto failed = ParseGetQueryExecution(Fixture("get-query-execution.failed.response.json"));
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->state, "FAILED");
  EXPECT_NE(failed->error_message.find("COLUMN_NOT_FOUND"), std::string::npos);
}

TEST(AthenaParse, MalformedDocumentsAreErrors) {
  EXPECT_FALSE(ParseGetQueryExecution(""));
  EXPECT_FALSE(ParseGetQueryExecution("{\"QueryExecution\":{\"Status\":{}}}"));
  EXPECT_FALSE(ParseGetQueryExecution("[1,2]"));
  EXPECT_FALSE(ParseGetQueryResults("{", true));
  EXPECT_FALSE(ParseGetQueryResults("{\"ResultSet\":{\"Rows\":{}}}", true));
  EXPECT_FALSE(ParseGetQueryResults("{\"ResultSet\":{\"Rows\":[{\"Data\":5}]}}", false));
  // Odd cell types are NULLs, not crashes.
  auto odd = ParseGetQueryResults(
      "{\"ResultSet\":{\"Rows\":[{\"Data\":[{\"VarCharValue\":1},7,{}]}]}}", false);
  ASSERT_TRUE(odd);
  ASSERT_EQ(odd->table.rows.size(), 1u);
  EXPECT_EQ(odd->table.rows[0],
            (std::vector<std::optional<std::string>>{std::nullopt, std::nullopt, std::nullopt}));
}

}  // namespace
}  // namespace vs::aws
