#include "aws/athena.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>
#include <openssl/rand.h>

#include "aws/call.h"

namespace vs::aws {
namespace {

using Json = nlohmann::json;

std::string JsonString(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

const Json* JsonObject(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_object() ? &*it : nullptr;
}

double JsonNumber(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : 0;
}

// JSON 1.1 error body: {"__type":"com.amazonaws.athena#InvalidRequestException","Message":…}.
struct ServiceError {
  std::string type;
  std::string message;
};

ServiceError ParseServiceError(std::string_view body) {
  ServiceError e;
  Json j = Json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return e;
  e.type = JsonString(j, "__type");
  if (size_t hash = e.type.rfind('#'); hash != std::string::npos) e.type.erase(0, hash + 1);
  e.message = JsonString(j, "Message");
  if (e.message.empty()) e.message = JsonString(j, "message");
  if (std::string reason = JsonString(j, "Reason"); !reason.empty()) {
    e.message += " (" + reason + ")";
  }
  return e;
}

bool IsThrottle(std::string_view type) {
  return type == "ThrottlingException" || type == "TooManyRequestsException" ||
         type == "InternalServerException" || type == "ServiceUnavailableException";
}

bool ShouldRetry(const net::HttpResponse& r) {
  if (r.status >= 500 || r.status == 429) return true;
  if (r.status != 400) return false;
  return IsThrottle(ParseServiceError(r.body).type);
}

std::string RandomToken() {
  unsigned char bytes[16];
  std::string out;
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    // Fall back on the clock: the token only has to be unique per query.
    auto n = Clock::now().time_since_epoch().count();
    for (size_t i = 0; i < sizeof bytes; ++i) bytes[i] = static_cast<unsigned char>(n >> (i % 8));
  }
  static constexpr char kDigits[] = "0123456789abcdef";
  for (unsigned char b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

}  // namespace

Result<ResultsPage> ParseGetQueryResults(std::string_view json, bool first_page) {
  Json j = Json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Fail(ErrorCode::kInvalidInput, "athena: GetQueryResults response is not JSON");
  }
  ResultsPage page;
  page.next_token = JsonString(j, "NextToken");
  const Json* rs = JsonObject(j, "ResultSet");
  if (rs == nullptr) {
    return Fail(ErrorCode::kInvalidInput, "athena: GetQueryResults response has no ResultSet");
  }
  // Column names from the metadata; the header row repeats them as labels.
  if (const Json* meta = JsonObject(*rs, "ResultSetMetadata")) {
    auto cols = meta->find("ColumnInfo");
    if (cols != meta->end() && cols->is_array()) {
      for (const Json& c : *cols) {
        page.table.columns.push_back(c.is_object() ? JsonString(c, "Name") : "");
      }
    }
  }
  auto rows = rs->find("Rows");
  if (rows == rs->end()) return page;
  if (!rows->is_array()) {
    return Fail(ErrorCode::kInvalidInput, "athena: ResultSet.Rows is not an array");
  }
  bool skip_header = first_page;
  for (const Json& row : *rows) {
    auto data = row.is_object() ? row.find("Data") : row.end();
    if (!row.is_object() || data == row.end() || !data->is_array()) {
      return Fail(ErrorCode::kInvalidInput, "athena: a result row has no Data array");
    }
    std::vector<std::optional<std::string>> cells;
    cells.reserve(data->size());
    for (const Json& d : *data) {
      auto v = d.is_object() ? d.find("VarCharValue") : d.end();
      if (d.is_object() && v != d.end() && v->is_string()) {
        cells.emplace_back(v->get<std::string>());
      } else {
        cells.emplace_back(std::nullopt);  // {} is SQL NULL.
      }
    }
    if (skip_header) {
      skip_header = false;
      if (page.table.columns.empty()) {
        for (auto& c : cells) page.table.columns.push_back(c.value_or(""));
      }
      continue;
    }
    page.table.rows.push_back(std::move(cells));
  }
  return page;
}

Result<QueryExecution> ParseGetQueryExecution(std::string_view json) {
  Json j = Json::parse(json, nullptr, false);
  const Json* qe = j.is_object() ? JsonObject(j, "QueryExecution") : nullptr;
  if (qe == nullptr) {
    return Fail(ErrorCode::kInvalidInput,
                "athena: GetQueryExecution response has no QueryExecution object");
  }
  QueryExecution out;
  out.id = JsonString(*qe, "QueryExecutionId");
  if (const Json* status = JsonObject(*qe, "Status")) {
    out.state = JsonString(*status, "State");
    out.state_change_reason = JsonString(*status, "StateChangeReason");
    out.submission_time = JsonNumber(*status, "SubmissionDateTime");
    out.completion_time = JsonNumber(*status, "CompletionDateTime");
    if (const Json* err = JsonObject(*status, "AthenaError")) {
      out.error_message = JsonString(*err, "ErrorMessage");
    }
  }
  if (const Json* stats = JsonObject(*qe, "Statistics")) {
    out.data_scanned_bytes = static_cast<int64_t>(JsonNumber(*stats, "DataScannedInBytes"));
    out.engine_execution_ms =
        static_cast<int64_t>(JsonNumber(*stats, "EngineExecutionTimeInMillis"));
  }
  if (const Json* rc = JsonObject(*qe, "ResultConfiguration")) {
    out.output_location = JsonString(*rc, "OutputLocation");
  }
  if (out.state.empty()) {
    return Fail(ErrorCode::kInvalidInput, "athena: QueryExecution has no Status.State");
  }
  return out;
}

AthenaClient::AthenaClient(AthenaConfig config) : config_(std::move(config)) {}

Result<std::string> AthenaClient::Invoke(std::string_view operation, std::string body) const {
  std::string url = config_.endpoint.empty() ? "https://athena." + config_.region + ".amazonaws.com"
                                             : config_.endpoint;
  auto ep = ParseEndpoint(url);
  if (!ep) return Fail(ep.error().WithContext("athena"));
  Call call;
  call.method = "POST";
  call.headers = {{"content-type", "application/x-amz-json-1.1"},
                  {"x-amz-target", "AmazonAthena." + std::string(operation)}};
  call.body = std::move(body);
  CallSettings settings{.connect_timeout_s = config_.connect_timeout_s,
                        .timeout_s = config_.timeout_s,
                        .max_bytes = 256ull << 20,
                        .max_attempts = config_.max_attempts,
                        .initial_backoff_ms = config_.initial_backoff_ms,
                        .max_backoff_ms = config_.max_backoff_ms,
                        .clock = config_.clock};
  SigningOptions signing{.region = config_.region, .service = "athena"};
  const std::string what = "athena: " + std::string(operation);
  auto resp = Perform(*ep, call, &config_.credentials, signing, settings, ShouldRetry);
  if (!resp) return Fail(resp.error().WithContext(what));
  if (resp->status == 200) return std::move(resp->body);
  ServiceError e = ParseServiceError(resp->body);
  std::string msg = what + ": HTTP " + std::to_string(resp->status);
  if (!e.type.empty()) msg += " " + e.type;
  if (!e.message.empty()) msg += ": " + e.message;
  ErrorCode code = ErrorCode::kInvalidInput;
  if (resp->status == 401 || resp->status == 403 || e.type == "UnrecognizedClientException" ||
      e.type == "InvalidSignatureException" || e.type == "AccessDeniedException" ||
      e.type == "ExpiredTokenException") {
    code = ErrorCode::kAuth;
  } else if (resp->status >= 500 || resp->status == 429 || IsThrottle(e.type)) {
    code = ErrorCode::kNetwork;
  } else if (e.type == "ResourceNotFoundException") {
    code = ErrorCode::kNotFound;
  }
  return Fail(code, msg);
}

Result<std::string> AthenaClient::StartQueryExecution(const QueryRequest& req) const {
  if (req.sql.empty()) return Fail(ErrorCode::kInvalidInput, "athena: empty query");
  Json body = {{"QueryString", req.sql},
               {"ClientRequestToken",
                req.client_request_token.empty() ? RandomToken() : req.client_request_token}};
  Json context = Json::object();
  if (!req.database.empty()) context["Database"] = req.database;
  if (!req.catalog.empty()) context["Catalog"] = req.catalog;
  if (!context.empty()) body["QueryExecutionContext"] = context;
  if (!req.output_location.empty()) {
    body["ResultConfiguration"] = {{"OutputLocation", req.output_location}};
  }
  if (!req.workgroup.empty()) body["WorkGroup"] = req.workgroup;
  auto resp = Invoke("StartQueryExecution", body.dump());
  if (!resp) return Fail(resp.error());
  Json j = Json::parse(*resp, nullptr, false);
  std::string id = j.is_object() ? JsonString(j, "QueryExecutionId") : "";
  if (id.empty()) {
    return Fail(ErrorCode::kInvalidInput,
                "athena: StartQueryExecution response has no QueryExecutionId");
  }
  return id;
}

Result<QueryExecution> AthenaClient::GetQueryExecution(std::string_view id) const {
  Json body = {{"QueryExecutionId", std::string(id)}};
  auto resp = Invoke("GetQueryExecution", body.dump());
  if (!resp) return Fail(resp.error());
  return ParseGetQueryExecution(*resp);
}

Status AthenaClient::StopQueryExecution(std::string_view id) const {
  Json body = {{"QueryExecutionId", std::string(id)}};
  auto resp = Invoke("StopQueryExecution", body.dump());
  if (!resp) return Fail(resp.error());
  return Ok();
}

Result<QueryExecution> AthenaClient::WaitForQuery(std::string_view id) const {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(config_.query_timeout_s);
  long wait = std::max(1L, config_.poll_initial_ms);
  while (true) {
    auto qe = GetQueryExecution(id);
    if (!qe) return Fail(qe.error());
    if (qe->state == "SUCCEEDED") return qe;
    if (qe->state == "FAILED" || qe->state == "CANCELLED") {
      std::string reason =
          !qe->state_change_reason.empty() ? qe->state_change_reason : qe->error_message;
      return Fail(ErrorCode::kInvalidInput,
                  "athena: query " + std::string(id) + " " + qe->state + ": " +
                      (reason.empty() ? "no reason given" : reason) + " (scanned " +
                      std::to_string(qe->data_scanned_bytes) + " bytes)");
    }
    if (qe->state != "QUEUED" && qe->state != "RUNNING") {
      return Fail(ErrorCode::kInvalidInput,
                  "athena: query " + std::string(id) + ": unknown state " + qe->state);
    }
    if (std::chrono::steady_clock::now() + std::chrono::milliseconds(wait) > deadline) {
      (void)StopQueryExecution(id);  // Best effort: do not leave it running (and billing).
      return Fail(ErrorCode::kNetwork, "athena: query " + std::string(id) + " still " + qe->state +
                                           " after " + std::to_string(config_.query_timeout_s) +
                                           " s; stopped");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(wait));
    wait = std::min(wait * 2, std::max(1L, config_.poll_max_ms));
  }
}

Result<QueryOutcome> AthenaClient::GetQueryResults(std::string_view id, int page_size) const {
  QueryOutcome out;
  std::string token;
  page_size = std::clamp(page_size, 1, 1000);  // More than 1000 is InvalidRequestException.
  while (true) {
    Json body = {{"QueryExecutionId", std::string(id)}, {"MaxResults", page_size}};
    if (!token.empty()) body["NextToken"] = token;
    auto resp = Invoke("GetQueryResults", body.dump());
    if (!resp) return Fail(resp.error());
    auto page = ParseGetQueryResults(*resp, out.pages == 0);
    if (!page) return Fail(page.error());
    ++out.pages;
    if (out.pages == 1) out.table.columns = std::move(page->table.columns);
    for (auto& row : page->table.rows) {
      if (row.size() != out.table.columns.size()) {
        return Fail(ErrorCode::kInvalidInput,
                    "athena: result row with " + std::to_string(row.size()) + " cells for " +
                        std::to_string(out.table.columns.size()) + " columns");
      }
      out.table.rows.push_back(std::move(row));
    }
    if (page->next_token.empty()) break;
    if (page->next_token == token) {
      return Fail(ErrorCode::kInvalidInput, "athena: the service repeated a NextToken");
    }
    token = std::move(page->next_token);
  }
  return out;
}

Result<QueryOutcome> AthenaClient::RunQuery(const QueryRequest& req) const {
  auto id = StartQueryExecution(req);
  if (!id) return Fail(id.error());
  auto qe = WaitForQuery(*id);
  if (!qe) return Fail(qe.error());
  auto results = GetQueryResults(*id);
  if (!results) return Fail(results.error());
  results->execution = std::move(*qe);
  return results;
}

}  // namespace vs::aws
