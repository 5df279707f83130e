#include "tests/fakes/athena/athena_fake.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iterator>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>
#include <unistd.h>

namespace vs::fakes {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// ---- A tiny SQL front end: SELECT [DISTINCT] col, … FROM [db.]table [WHERE p AND p …] with
// p = `col = 'lit'` or `col IN ('lit', …)`. Anything else is reported, not guessed at.

struct Token {
  enum Kind { kWord, kQuoted, kString, kSymbol } kind;
  std::string text;
};

bool Tokenize(const std::string& sql, std::vector<Token>& out, std::string& error) {
  for (size_t i = 0; i < sql.size();) {
    char c = sql[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '\'' || c == '"') {
      std::string text;
      size_t j = i + 1;
      while (true) {
        if (j >= sql.size()) {
          error = "unterminated quote";
          return false;
        }
        if (sql[j] == c) {
          if (j + 1 < sql.size() && sql[j + 1] == c) {
            text += c;
            j += 2;
            continue;
          }
          break;
        }
        text += sql[j++];
      }
      out.push_back({c == '\'' ? Token::kString : Token::kQuoted, text});
      i = j + 1;
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$') {
      size_t j = i;
      while (j < sql.size() &&
             (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_' || sql[j] == '$'))
        ++j;
      out.push_back({Token::kWord, sql.substr(i, j - i)});
      i = j;
    } else if (std::string_view(",.()=*").find(c) != std::string_view::npos) {
      out.push_back({Token::kSymbol, std::string(1, c)});
      ++i;
    } else {
      error = std::string("unexpected character '") + c + "'";
      return false;
    }
  }
  return true;
}

struct Select {
  bool distinct = false;
  std::vector<std::string> columns;                         // Lower-case.
  std::string database, table;                              // Lower-case; database may be empty.
  std::map<std::string, std::set<std::string>> predicates;  // column → allowed values.
};

class SqlParser {
 public:
  explicit SqlParser(std::vector<Token> t) : t_(std::move(t)) {}

  bool Parse(Select& s, std::string& error) {
    if (!Keyword("SELECT")) return Bad("expected SELECT", error);
    s.distinct = Keyword("DISTINCT");
    do {
      std::string col;
      if (!Ident(col)) return Bad("expected a column name", error);
      s.columns.push_back(col);
    } while (Symbol(","));
    if (!Keyword("FROM")) return Bad("expected FROM", error);
    std::string first;
    if (!Ident(first)) return Bad("expected a table", error);
    if (Symbol(".")) {
      s.database = first;
      if (!Ident(s.table)) return Bad("expected a table after '.'", error);
    } else {
      s.table = first;
    }
    if (Keyword("WHERE")) {
      do {
        std::string col;
        if (!Ident(col)) return Bad("expected a column in WHERE", error);
        auto existing = s.predicates.find(col);
        std::set<std::string> values;
        if (Symbol("=")) {
          std::string v;
          if (!String(v)) return Bad("expected a string literal after =", error);
          values.insert(v);
        } else if (Keyword("IN")) {
          if (!Symbol("(")) return Bad("expected ( after IN", error);
          do {
            std::string v;
            if (!String(v)) return Bad("expected a string literal in IN list", error);
            values.insert(v);
          } while (Symbol(","));
          if (!Symbol(")")) return Bad("expected )", error);
        } else {
          return Bad("only = and IN predicates are supported", error);
        }
        // Two predicates on one column: their intersection (possibly empty: no row).
        if (existing != s.predicates.end()) {
          std::set<std::string> both;
          std::set_intersection(existing->second.begin(), existing->second.end(), values.begin(),
                                values.end(), std::inserter(both, both.begin()));
          existing->second = std::move(both);
        } else {
          s.predicates[col] = std::move(values);
        }
      } while (Keyword("AND"));
    }
    if (pos_ != t_.size()) return Bad("unexpected '" + t_[pos_].text + "'", error);
    return true;
  }

 private:
  bool Bad(const std::string& why, std::string& error) {
    error = why;
    return false;
  }
  bool Keyword(const char* kw) {
    if (pos_ < t_.size() && t_[pos_].kind == Token::kWord && Lower(t_[pos_].text) == Lower(kw)) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool Symbol(const char* sym) {
    if (pos_ < t_.size() && t_[pos_].kind == Token::kSymbol && t_[pos_].text == sym) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool Ident(std::string& out) {
    static const std::set<std::string> kReserved = {"select", "from",     "where", "and",
                                                    "in",     "distinct", "or",    "not"};
    if (pos_ >= t_.size()) return false;
    const Token& t = t_[pos_];
    if (t.kind == Token::kQuoted || (t.kind == Token::kWord && !kReserved.count(Lower(t.text)))) {
      out = Lower(t.text);
      ++pos_;
      return true;
    }
    return false;
  }
  bool String(std::string& out) {
    if (pos_ < t_.size() && t_[pos_].kind == Token::kString) {
      out = t_[pos_++].text;
      return true;
    }
    return false;
  }
  std::vector<Token> t_;
  size_t pos_ = 0;
};

// Glue crawler table name → sync folder (formats.md §1.3: lower case, ':' → '_').
const std::map<std::string, std::string> kTables = {
    {"aws_application", "AWS:Application"},
    {"aws_instanceinformation", "AWS:InstanceInformation"},
    {"aws_tag", "AWS:Tag"},
};
const std::vector<std::string> kPartitionColumns = {"accountid", "region", "resourcetype"};

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<fs::path> SortedChildren(const fs::path& dir, bool dirs) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.is_directory() == dirs) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// "accountid=123" → {"accountid", "123"} when the folder is a Hive partition of `column`.
std::optional<std::string> PartitionValue(const fs::path& dir, const std::string& column) {
  std::string name = dir.filename().string();
  if (name.rfind(column + "=", 0) != 0) return std::nullopt;
  return name.substr(column.size() + 1);
}

bool Allowed(const Select& s, const std::string& column, const std::string& value) {
  auto it = s.predicates.find(column);
  return it == s.predicates.end() || it->second.count(value) > 0;
}

double Now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Json ErrorBody(const std::string& type, const std::string& message) {
  return {{"__type", type}, {"Message", message}};
}

// What AWS's own JS signer (@smithy/signature-v4, pinned in tests/harness, driven by
// tests/aws/reference/sign.mjs) puts in Authorization for this request, so the fake accepts a
// request only when the official signer agrees — not just our own. Errors name the cause (a
// missing node or package fails the request, and with it the test, loudly).
std::string OfficialAuthorization(const aws::SignableRequest& sreq,
                                  const aws::Credentials& credentials, const std::string& region,
                                  bool add_content_sha256, const std::string& amz_date,
                                  std::string* error) {
  Json r{{"service", "athena"},
         {"region", region},
         {"escape_path", true},
         {"add_content_sha256", add_content_sha256},
         {"access_key_id", credentials.access_key_id},
         {"secret_access_key", credentials.secret_access_key},
         {"method", sreq.method},
         {"host", sreq.host},
         {"path", sreq.path},
         {"query", Json::array()},
         {"headers", Json::array()},
         {"body", std::string(sreq.body)},
         {"date", amz_date.substr(0, 4) + "-" + amz_date.substr(4, 2) + "-" +
                      amz_date.substr(6, 2) + "T" + amz_date.substr(9, 2) + ":" +
                      amz_date.substr(11, 2) + ":" + amz_date.substr(13, 2) + "Z"}};
  if (!credentials.session_token.empty()) r["session_token"] = credentials.session_token;
  for (const auto& [n, v] : sreq.headers) r["headers"].push_back({n, v});
  char path[] = "/tmp/vs-athena-sign-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) {
    *error = "mkstemp failed";
    return "";
  }
  close(fd);
  std::ofstream(path) << r.dump() << "\n";
  std::string cmd =
      std::string("node ") + VS_SOURCE_DIR + "/tests/aws/reference/sign.mjs < " + path + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  if (p != nullptr) {
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    pclose(p);
  }
  std::remove(path);
  Json answer = Json::parse(out, nullptr, false);
  if (answer.is_discarded() || !answer.contains("authorization")) {
    *error = "official signer (node sign.mjs) failed: " + out;
    return "";
  }
  return answer["authorization"].get<std::string>();
}

}  // namespace

std::string CheckAthenaSignature(const httplib::Request& req, const aws::Credentials& credentials,
                                 const std::string& region) {
  const std::regex auth_re(
      "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([a-z0-9-]+)/athena/"
      "aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})");
  std::smatch m;
  std::string auth = req.get_header_value("Authorization");
  if (!std::regex_match(auth, m, auth_re)) return "malformed Authorization: " + auth;
  if (m[1].str() != credentials.access_key_id) return "unknown access key " + m[1].str();
  if (m[3].str() != region) return "credential scope region " + m[3].str() + " is not " + region;
  std::string amz_date = req.get_header_value("X-Amz-Date");
  if (amz_date.substr(0, 8) != m[2].str()) return "credential date differs from X-Amz-Date";
  std::string signed_headers = ";" + m[4].str() + ";";
  std::vector<std::string> required = {"content-type", "host", "x-amz-date", "x-amz-target"};
  if (!credentials.session_token.empty()) required.push_back("x-amz-security-token");
  for (const std::string& h : required) {
    if (signed_headers.find(";" + h + ";") == std::string::npos) return "not signed: " + h;
  }
  std::tm tm{};
  std::istringstream(amz_date) >> std::get_time(&tm, "%Y%m%dT%H%M%SZ");
  auto sent = aws::Clock::from_time_t(timegm(&tm));
  if (std::chrono::abs(aws::Clock::now() - sent) > std::chrono::minutes(15))
    return "Signature expired: " + amz_date + " is outside the 15 minute window";
  aws::SignableRequest sreq{
      .method = req.method, .host = req.get_header_value("Host"), .path = "/"};
  bool signs_hash = signed_headers.find(";x-amz-content-sha256;") != std::string::npos;
  std::stringstream names(m[4].str());
  std::string name;
  while (std::getline(names, name, ';')) {
    // Date and token come from the signer; the payload hash is recomputed from the body that
    // arrived, so a body changed in transit fails.
    if (name == "x-amz-date" || name == "x-amz-security-token" || name == "host" ||
        name == "x-amz-content-sha256")
      continue;
    sreq.headers.emplace_back(name, req.get_header_value(name.c_str()));
  }
  sreq.body = req.body;
  auto expect =
      aws::Sign(sreq, credentials,
                {.region = region, .service = "athena", .add_content_sha256 = signs_hash}, sent);
  if (!expect) return expect.error().message;
  if (signs_hash) {
    for (const auto& [n, v] : expect->headers) {
      if (n == "x-amz-content-sha256" && v != req.get_header_value("X-Amz-Content-Sha256"))
        return "x-amz-content-sha256 does not match the body";
    }
  }
  if (expect->signature != m[5].str()) return "signature mismatch";
  std::string error;
  std::string official =
      OfficialAuthorization(sreq, credentials, region, signs_hash, amz_date, &error);
  if (!error.empty()) return error;
  if (official != auth) return "the official signer computes " + official + ", request has " + auth;
  return "";
}

AthenaFake::AthenaFake(std::string sync_root, aws::Credentials credentials, std::string region,
                       std::string database)
    : root_(std::move(sync_root)),
      credentials_(std::move(credentials)),
      region_(std::move(region)),
      database_(Lower(std::move(database))) {
  server_.server().Post("/", [this](const httplib::Request& req, httplib::Response& res) {
    std::string target = req.get_header_value("X-Amz-Target");
    Response r;
    if (req.get_header_value("Content-Type") != "application/x-amz-json-1.1") {
      r = {400, ErrorBody("SerializationException", "bad content type").dump()};
    } else if (std::string why = CheckAthenaSignature(req, credentials_, region_); !why.empty()) {
      r = {400, ErrorBody("InvalidSignatureException", why).dump()};
    } else {
      r = Handle(target, req.body);
    }
    res.status = r.status;
    res.set_content(r.body, "application/x-amz-json-1.1");
  });
}

void AthenaFake::Deny(const std::string& account, Denial how) {
  std::lock_guard lock(mu_);
  denied_[account] = how;
}

void AthenaFake::set_running_polls(int n) {
  std::lock_guard lock(mu_);
  running_polls_ = n;
}

std::vector<std::string> AthenaFake::AcceptedSql() const {
  std::lock_guard lock(mu_);
  return accepted_;
}
std::vector<std::string> AthenaFake::RejectedSql() const {
  std::lock_guard lock(mu_);
  return rejected_;
}
std::vector<std::string> AthenaFake::Operations() const {
  std::lock_guard lock(mu_);
  return operations_;
}
int64_t AthenaFake::BytesScanned() const {
  std::lock_guard lock(mu_);
  return bytes_;
}
int64_t AthenaFake::ObjectsRead() const {
  std::lock_guard lock(mu_);
  return objects_;
}
int AthenaFake::ResultPages() const {
  std::lock_guard lock(mu_);
  return pages_;
}

AthenaFake::Response AthenaFake::Handle(const std::string& target, const std::string& body) {
  std::lock_guard lock(mu_);
  operations_.push_back(target);
  if (target == "AmazonAthena.StartQueryExecution") return StartQuery(body);
  if (target == "AmazonAthena.GetQueryExecution") return GetExecution(body);
  if (target == "AmazonAthena.GetQueryResults") return GetResults(body);
  return {400, ErrorBody("UnknownOperationException", "unsupported: " + target).dump()};
}

AthenaFake::Response AthenaFake::StartQuery(const std::string& body) {
  Json j = Json::parse(body, nullptr, false);
  if (!j.is_object()) return {400, ErrorBody("SerializationException", "body not JSON").dump()};
  std::string sql = j.value("QueryString", "");
  std::string token = j.value("ClientRequestToken", "");
  if (token.size() < 32 || token.size() > 128)
    return {400, ErrorBody("InvalidRequestException", "ClientRequestToken length").dump()};
  if (auto it = tokens_.find(token); it != tokens_.end()) {
    // Idempotent retry of the same request: same execution.
    if (queries_[it->second].sql != sql)
      return {400,
              ErrorBody("InvalidRequestException", "Idempotent parameters do not match").dump()};
    return {200, Json{{"QueryExecutionId", it->second}}.dump()};
  }
  std::string db;
  if (j.contains("QueryExecutionContext") && j["QueryExecutionContext"].is_object())
    db = Lower(j["QueryExecutionContext"].value("Database", ""));
  Query q;
  q.sql = sql;
  q.submitted = Now();
  q.polls_left = running_polls_;
  bool denied_http = false;
  if (!db.empty() && db != database_) {
    q.state = "FAILED";
    q.reason = "SCHEMA_NOT_FOUND: Schema '" + db + "' does not exist";
  } else if (std::string reject = Execute(sql, q, denied_http); !reject.empty()) {
    rejected_.push_back(sql);
    if (denied_http) return {403, ErrorBody("AccessDeniedException", reject).dump()};
    return {400, ErrorBody("InvalidRequestException", reject).dump()};
  }
  accepted_.push_back(sql);
  char id[40];
  std::snprintf(id, sizeof id, "5c3d2e1f-0a9b-4c8d-9e7f-%012zx", queries_.size() + 1);
  queries_[id] = std::move(q);
  tokens_[token] = id;
  return {200, Json{{"QueryExecutionId", id}}.dump()};
}

std::string AthenaFake::Execute(const std::string& sql, Query& q, bool& denied_http) {
  std::vector<Token> tokens;
  std::string error;
  Select s;
  if (!Tokenize(sql, tokens, error) || !SqlParser(std::move(tokens)).Parse(s, error))
    return "fake athena cannot run this SQL (" + error + "): " + sql;
  if (!s.database.empty() && s.database != database_) {
    q.state = "FAILED";
    q.reason = "SCHEMA_NOT_FOUND: Schema '" + s.database + "' does not exist";
    return "";
  }
  std::string table = s.table;
  bool partitions_table = false;
  if (size_t d = table.find("$partitions"); d != std::string::npos && d + 11 == table.size()) {
    partitions_table = true;
    table.resize(d);
  }
  auto folder = kTables.find(table);
  if (folder == kTables.end()) {
    q.state = "FAILED";
    q.reason = "TABLE_NOT_FOUND: Table '" + database_ + "." + s.table + "' does not exist";
    return "";
  }
  // The guard this fake exists for: a data query must prune on the partition columns.
  if (!partitions_table &&
      (!s.predicates.count("accountid") || !s.predicates.count("resourcetype")))
    return "fake athena: refusing a query without partition predicates on accountid and "
           "resourcetype: " +
           sql;

  const fs::path base = fs::path(root_) / folder->second;
  // Leaf partition folders the predicates select; nothing else is opened.
  struct Leaf {
    std::string account, region, resourcetype;
    fs::path dir;
  };
  std::vector<Leaf> leaves;
  for (const fs::path& a : SortedChildren(base, true)) {
    auto account = PartitionValue(a, "accountid");
    if (!account || !Allowed(s, "accountid", *account)) continue;
    for (const fs::path& r : SortedChildren(a, true)) {
      auto region = PartitionValue(r, "region");
      if (!region || !Allowed(s, "region", *region)) continue;
      for (const fs::path& t : SortedChildren(r, true)) {
        auto rt = PartitionValue(t, "resourcetype");
        if (!rt || !Allowed(s, "resourcetype", *rt)) continue;
        leaves.push_back({*account, *region, *rt, t});
      }
    }
  }

  // The crawler's schema: partition columns plus every key of every object of the type.
  std::set<std::string> schema(kPartitionColumns.begin(), kPartitionColumns.end());
  if (!partitions_table) {
    std::error_code ec;
    if (fs::is_directory(base, ec)) {
      for (const auto& e : fs::recursive_directory_iterator(base, ec)) {
        if (!e.is_regular_file()) continue;
        std::istringstream lines(ReadFile(e.path()));
        std::string line;
        while (std::getline(lines, line)) {
          Json rec = Json::parse(line, nullptr, false);
          if (rec.is_object())
            for (auto& [k, _] : rec.items()) schema.insert(Lower(k));
        }
      }
    }
  }
  for (const std::string& c : s.columns) {
    if (!schema.count(c)) {
      q.state = "FAILED";
      q.reason = "COLUMN_NOT_FOUND: line 1:8: Column '" + c + "' cannot be resolved";
      return "";
    }
  }
  for (const auto& [c, _] : s.predicates) {
    if (!schema.count(c)) {
      q.state = "FAILED";
      q.reason = "COLUMN_NOT_FOUND: Column '" + c + "' cannot be resolved";
      return "";
    }
  }

  q.columns = s.columns;
  std::set<std::vector<std::optional<std::string>>> seen;
  auto emit = [&](std::map<std::string, std::optional<std::string>>& row) {
    for (const auto& [c, allowed] : s.predicates) {
      auto v = row[c];
      if (!v || !allowed.count(*v)) return;
    }
    std::vector<std::optional<std::string>> out;
    for (const std::string& c : s.columns) out.push_back(row.count(c) ? row[c] : std::nullopt);
    if (s.distinct && !seen.insert(out).second) return;
    q.rows.push_back(std::move(out));
  };
  for (const Leaf& leaf : leaves) {
    if (partitions_table) {
      std::map<std::string, std::optional<std::string>> row = {{"accountid", leaf.account},
                                                               {"region", leaf.region},
                                                               {"resourcetype", leaf.resourcetype}};
      emit(row);
      continue;
    }
    if (auto d = denied_.find(leaf.account); d != denied_.end()) {
      std::string path = "s3://vs-sync/" + folder->second + "/accountid=" + leaf.account + "/";
      if (d->second == Denial::kHttp403) {
        denied_http = true;
        return "User is not authorized to read " + path;
      }
      q.state = "FAILED";
      q.reason = "HIVE_CANNOT_OPEN_SPLIT: Error opening Hive split " + path +
                 ": Access Denied (Service: Amazon S3; Status Code: 403; Error Code: AccessDenied)";
      q.rows.clear();
      return "";
    }
    for (const fs::path& file : SortedChildren(leaf.dir, false)) {
      std::string bytes = ReadFile(file);
      q.bytes += static_cast<int64_t>(bytes.size());
      ++objects_;
      std::istringstream lines(bytes);
      std::string line;
      size_t n = 0;
      while (std::getline(lines, line)) {
        ++n;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        Json rec = Json::parse(line, nullptr, false);
        if (!rec.is_object()) {
          // The OpenX JSON SerDe's default: a malformed record fails the query.
          q.state = "FAILED";
          q.reason = "HIVE_BAD_DATA: Error parsing field value for row " + std::to_string(n) +
                     " of " + file.filename().string();
          q.rows.clear();
          return "";
        }
        std::map<std::string, std::optional<std::string>> row = {
            {"accountid", leaf.account},
            {"region", leaf.region},
            {"resourcetype", leaf.resourcetype}};
        for (auto& [k, v] : rec.items()) {
          // InstanceInformation's own "ResourceType" (EC2Instance) meets the partition column
          // of the same name: as in Hive, the partition value wins.
          if (v.is_null() || row.count(Lower(k))) continue;
          row[Lower(k)] = v.is_string() ? v.get<std::string>() : v.dump();
        }
        emit(row);
      }
    }
  }
  bytes_ += q.bytes;
  q.state = "SUCCEEDED";
  return "";
}

AthenaFake::Response AthenaFake::GetExecution(const std::string& body) {
  Json j = Json::parse(body, nullptr, false);
  std::string id = j.is_object() ? j.value("QueryExecutionId", "") : "";
  auto it = queries_.find(id);
  if (it == queries_.end())
    return {400,
            ErrorBody("InvalidRequestException", "QueryExecution " + id + " was not found").dump()};
  Query& q = it->second;
  std::string state = q.state;
  if (q.polls_left > 0) {
    --q.polls_left;
    state = "RUNNING";
  }
  Json status = {{"State", state}, {"SubmissionDateTime", q.submitted}};
  if (state != "RUNNING") status["CompletionDateTime"] = q.submitted + 0.5;
  if (state == "FAILED") {
    status["StateChangeReason"] = q.reason;
    status["AthenaError"] = {{"ErrorCategory", 2},
                             {"ErrorType", 1006},
                             {"Retryable", false},
                             {"ErrorMessage", q.reason}};
  }
  Json exec = {{"QueryExecutionId", id},
               {"Query", q.sql},
               {"StatementType", "DML"},
               {"ResultConfiguration",
                {{"OutputLocation", "s3://vulnscope-athena-results/queries/" + id + ".csv"}}},
               {"QueryExecutionContext", {{"Database", database_}, {"Catalog", "awsdatacatalog"}}},
               {"Status", status},
               {"Statistics",
                {{"EngineExecutionTimeInMillis", 120},
                 {"DataScannedInBytes", state == "RUNNING" ? 0 : q.bytes},
                 {"TotalExecutionTimeInMillis", 150}}},
               {"WorkGroup", "primary"}};
  return {200, Json{{"QueryExecution", exec}}.dump()};
}

AthenaFake::Response AthenaFake::GetResults(const std::string& body) {
  Json j = Json::parse(body, nullptr, false);
  std::string id = j.is_object() ? j.value("QueryExecutionId", "") : "";
  auto it = queries_.find(id);
  if (it == queries_.end())
    return {400,
            ErrorBody("InvalidRequestException", "QueryExecution " + id + " was not found").dump()};
  Query& q = it->second;
  if (q.polls_left > 0 || q.state != "SUCCEEDED")
    return {400, ErrorBody("InvalidRequestException",
                           "Query has not yet finished. Current state: " +
                               (q.polls_left > 0 ? std::string("RUNNING") : q.state))
                     .dump()};
  int max = j.value("MaxResults", 1000);
  if (max < 1 || max > 1000)
    return {400, ErrorBody("InvalidRequestException", "MaxResults must be 1..1000").dump()};
  // Offsets count the header row as row 0, as Athena's first page does.
  size_t offset = 0;
  if (j.contains("NextToken")) {
    static const std::regex kToken(R"(AYq/([0-9]+)\+ZQ==)");
    std::smatch m;
    std::string token = j.value("NextToken", "");
    if (!std::regex_match(token, m, kToken))
      return {400, ErrorBody("InvalidRequestException", "invalid NextToken").dump()};
    offset = std::stoul(m[1].str());
  }
  const size_t total = q.rows.size() + 1;
  Json rows = Json::array();
  size_t end = std::min(total, offset + static_cast<size_t>(max));
  for (size_t i = offset; i < end; ++i) {
    Json data = Json::array();
    if (i == 0) {
      for (const std::string& c : q.columns) data.push_back({{"VarCharValue", c}});
    } else {
      for (const auto& v : q.rows[i - 1]) {
        data.push_back(v ? Json{{"VarCharValue", *v}} : Json::object());  // NULL: no value.
      }
    }
    rows.push_back({{"Data", data}});
  }
  Json info = Json::array();
  for (const std::string& c : q.columns) {
    info.push_back({{"CatalogName", "hive"},
                    {"SchemaName", ""},
                    {"TableName", ""},
                    {"Name", c},
                    {"Label", c},
                    {"Type", "varchar"},
                    {"Precision", 2147483647},
                    {"Scale", 0},
                    {"Nullable", "UNKNOWN"},
                    {"CaseSensitive", true}});
  }
  Json out = {{"UpdateCount", 0},
              {"ResultSet", {{"Rows", rows}, {"ResultSetMetadata", {{"ColumnInfo", info}}}}}};
  if (end < total) out["NextToken"] = "AYq/" + std::to_string(end) + "+ZQ==";
  ++pages_;
  return {200, out.dump()};
}

}  // namespace vs::fakes
