// SigV4: the published vectors (tests/testdata/aws/sigv4, the AWS test-suite get-vanilla), the
// encoding rules one by one, and a differential test against @smithy/signature-v4.
#include "aws/sigv4.h"

#include <cstdio>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <map>
#include <random>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace vs::aws {
namespace {

using Json = nlohmann::json;

Clock::time_point At(const std::string& iso) {
  std::tm tm{};
  std::istringstream in(iso);
  in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%S");
  return Clock::from_time_t(timegm(&tm));
}

std::string Header(const Signature& s, const std::string& name) {
  for (const auto& [k, v] : s.headers) {
    if (k == name) return v;
  }
  return "";
}

Json ReadJson(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return Json::parse(ss.str());
}

const Credentials kExample{.access_key_id = "AKIDEXAMPLE",
                           .secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};

TEST(SigV4Vectors, SmithyFixturesMatchExactly) {
  Json doc = ReadJson(VS_TESTDATA_DIR "/sigv4/sigv4-vectors-smithy.json");
  ASSERT_EQ(doc["vectors"].size(), 4u);
  Clock::time_point when = At("2024-05-01T12:00:00");
  for (const Json& v : doc["vectors"]) {
    SCOPED_TRACE(v["name"].get<std::string>());
    Credentials creds{.access_key_id = doc["access_key_id"],
                      .secret_access_key = doc["secret_access_key"]};
    if (v.contains("credentials_session_token"))
      creds.session_token = v["credentials_session_token"];
    SignableRequest req;
    req.method = v["request"]["method"];
    req.host = v["request"]["host"];
    req.path = v["request"]["path"];
    for (auto& [k, val] : v["request"]["query"].items()) req.query.emplace_back(k, val);
    for (auto& [k, val] : v["request"]["headers"].items()) {
      if (k != "host") req.headers.emplace_back(k, val);
    }
    std::string body = v["request"]["body"];
    req.body = body;
    SigningOptions opts{.region = v["region"], .service = v["service"]};
    opts.escape_path = v["signer_options"].value("uriEscapePath", true);
    auto sig = Sign(req, creds, opts, when);
    ASSERT_TRUE(sig) << sig.error().message;
    EXPECT_EQ(sig->canonical_request, v["canonical_request"]);
    EXPECT_EQ(sig->string_to_sign, v["string_to_sign"]);
    const Json& out = v["signed_headers_out"];
    EXPECT_EQ(Header(*sig, "authorization"), out["authorization"]);
    EXPECT_EQ(Header(*sig, "x-amz-date"), out["x-amz-date"]);
    EXPECT_EQ(Header(*sig, "x-amz-content-sha256"), out["x-amz-content-sha256"]);
    EXPECT_EQ(Header(*sig, "x-amz-security-token"), out.value("x-amz-security-token", ""));
  }
}

// awslabs/aws-c-auth tests/aws-signing-test-suite/v4/get-vanilla (no x-amz-content-sha256).
TEST(SigV4Vectors, AwsTestSuiteGetVanilla) {
  SignableRequest req{.method = "GET", .host = "example.amazonaws.com", .path = "/"};
  SigningOptions opts{.region = "us-east-1", .service = "service", .add_content_sha256 = false};
  auto sig = Sign(req, kExample, opts, At("2015-08-30T12:36:00"));
  ASSERT_TRUE(sig);
  EXPECT_EQ(sig->signature, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  EXPECT_EQ(Header(*sig, "authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(SigV4Encoding, UriEncodeKeepsOnlyUnreserved) {
  EXPECT_EQ(UriEncode("AWS:Application/accountid=1 2+3~_.-", true),
            "AWS%3AApplication/accountid%3D1%202%2B3~_.-");
  EXPECT_EQ(UriEncode("a/b", false), "a%2Fb");
  EXPECT_EQ(UriEncode("\xc3\xa9\xe6\x97\xa5", false), "%C3%A9%E6%97%A5");  // é日, UTF-8 bytes
  EXPECT_EQ(UriDecode("AWS%3AApplication%2fx+y%zz%"), "AWS:Application/x+y%zz%");
}

TEST(SigV4Encoding, QuerySortedByEncodedNameThenValueWithRepeatsAndEmpties) {
  Params q = {{"prefix", "b"}, {"list-type", "2"}, {"prefix", "a"}, {"empty", ""},
              {"a b", "c/d"},  {"A", "="},         {"~", "+"}};
  EXPECT_EQ(CanonicalQuery(q), "A=%3D&a%20b=c%2Fd&empty=&list-type=2&prefix=a&prefix=b&~=%2B");
}

TEST(SigV4Encoding, NonS3PathIsNormalisedAndDoubleEncoded) {
  SignableRequest req{.host = "h", .path = "/a//./b/../c%20d/"};
  SigningOptions opts{.region = "r", .service = "athena"};
  auto sig = Sign(req, kExample, opts, At("2024-01-01T00:00:00"));
  ASSERT_TRUE(sig);
  EXPECT_EQ(sig->canonical_request.substr(0, sig->canonical_request.find('\n', 4)),
            "GET\n/a/c%2520d/");
  opts.escape_path = false;  // S3: exactly as sent.
  sig = Sign(req, kExample, opts, At("2024-01-01T00:00:00"));
  ASSERT_TRUE(sig);
  EXPECT_EQ(sig->canonical_request.substr(0, sig->canonical_request.find('\n', 4)),
            "GET\n/a//./b/../c%20d/");
}

TEST(SigV4Headers, TrimsCollapsesSortsAndSkipsUnsignable) {
  SignableRequest req{.method = "PUT",
                      .host = "h:8080",
                      .headers = {{"X-Amz-Meta-B", "  two   spaces\tand tab  "},
                                  {"User-Agent", "curl"},
                                  {"Content-Type", "text/plain"},
                                  {"x-amz-meta-b", "again"}}};
  SigningOptions opts{
      .region = "r", .service = "s3", .escape_path = false, .payload = Payload::kUnsigned};
  auto sig = Sign(req, kExample, opts, At("2024-01-01T00:00:00"));
  ASSERT_TRUE(sig);
  EXPECT_NE(sig->canonical_request.find("content-type:text/plain\nhost:h:8080\n"
                                        "x-amz-content-sha256:UNSIGNED-PAYLOAD\n"
                                        "x-amz-date:20240101T000000Z\n"
                                        "x-amz-meta-b:two spaces and tab,again\n\n"
                                        "content-type;host;x-amz-content-sha256;x-amz-date;"
                                        "x-amz-meta-b\nUNSIGNED-PAYLOAD"),
            std::string::npos)
      << sig->canonical_request;
  EXPECT_EQ(Header(*sig, "x-amz-content-sha256"), "UNSIGNED-PAYLOAD");
}

TEST(SigV4Headers, SessionTokenIsSentAndSigned) {
  Credentials creds = kExample;
  creds.session_token = "TOKEN/+=";
  SignableRequest req{.host = "h"};
  auto sig = Sign(req, creds, {.region = "r", .service = "athena"}, At("2024-01-01T00:00:00"));
  ASSERT_TRUE(sig);
  EXPECT_EQ(Header(*sig, "x-amz-security-token"), "TOKEN/+=");
  EXPECT_NE(sig->canonical_request.find("x-amz-security-token:TOKEN/+=\n"), std::string::npos);
  EXPECT_NE(Header(*sig, "authorization").find("x-amz-date;x-amz-security-token"),
            std::string::npos);
}

TEST(SigV4Errors, RejectsMissingKeysHostScopeAndHeaderInjection) {
  SignableRequest req{.host = "h"};
  SigningOptions opts{.region = "r", .service = "s"};
  auto now = At("2024-01-01T00:00:00");
  EXPECT_EQ(Sign(req, Credentials{}, opts, now).error().code, ErrorCode::kAuth);
  EXPECT_EQ(Sign(SignableRequest{}, kExample, opts, now).error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(Sign(req, kExample, {.region = "r"}, now).error().code, ErrorCode::kInvalidInput);
  req.headers = {{"x-bad", "a\r\nInjected: yes"}};
  EXPECT_EQ(Sign(req, kExample, opts, now).error().code, ErrorCode::kInvalidInput);
  req.headers = {{"bad name", "v"}};
  EXPECT_EQ(Sign(req, kExample, opts, now).error().code, ErrorCode::kInvalidInput);
}

TEST(SigV4Time, AmzDateIsUtc) { EXPECT_EQ(AmzDate(At("1999-12-31T23:59:59")), "19991231T235959Z"); }

// ---- Differential test against @smithy/signature-v4 -----------------------------------------

struct Generated {
  SignableRequest req;
  std::string body;
  Credentials creds;
  SigningOptions opts;
  std::string date;  // ISO 8601 for the reference.
  Clock::time_point when;
};

class RequestGen {
 public:
  explicit RequestGen(uint64_t seed) : rng_(seed) {}

  Generated Next() {
    Generated g;
    static const char* kServices[] = {"s3", "athena", "sts", "service"};
    g.opts.service = kServices[Pick(4)];
    g.opts.region = Pick(2) ? "us-east-1" : "ap-northeast-1";
    g.opts.escape_path = g.opts.service != "s3";
    g.opts.add_content_sha256 = Pick(5) != 0;
    g.creds = kExample;
    if (Pick(3) == 0) g.creds.session_token = "IQoJb3JpZ2luX2Vj" + Word(12);
    static const char* kMethods[] = {"GET", "PUT", "POST", "DELETE", "HEAD"};
    g.req.method = kMethods[Pick(5)];
    g.req.host = Pick(4) == 0 ? "127.0.0.1:14568" : "bucket.s3.ap-northeast-1.amazonaws.com";
    // Path: S3 sends its key encoded once; other services get odd raw paths too.
    std::string raw = "/";
    int segments = static_cast<int>(Pick(5));
    for (int i = 0; i < segments; ++i) raw += Word(1 + Pick(10)) + (i + 1 < segments ? "/" : "");
    if (Pick(4) == 0) raw += "/";
    if (g.opts.service == "s3" || Pick(2)) {
      g.req.path = UriEncode(raw, true);
    } else {
      g.req.path = raw;
    }
    int params = static_cast<int>(Pick(7));
    for (int i = 0; i < params; ++i) {
      std::string name = Pick(3) == 0 ? "prefix" : Word(1 + Pick(8));
      std::string value = Pick(5) == 0 ? "" : Word(Pick(16));
      g.req.query.emplace_back(name, value);
      if (Pick(4) == 0) g.req.query.emplace_back(name, Word(Pick(6)));  // Repeated name.
    }
    std::vector<std::string> names;
    auto add_header = [&](const std::string& name, const std::string& value) {
      std::string lower = name;
      for (char& c : lower) c = static_cast<char>(std::tolower(c));
      for (const auto& n : names) {
        if (n == lower) return;
      }
      names.push_back(lower);
      g.req.headers.emplace_back(name, value);
    };
    if (g.opts.service == "athena") {
      add_header("Content-Type", "application/x-amz-json-1.1");
      add_header("X-Amz-Target", "AmazonAthena.GetQueryExecution");
    }
    int extra = static_cast<int>(Pick(4));
    static const char* kHeaders[] = {"X-Amz-Meta-Owner", "x-amz-meta-a", "Content-Type",
                                     "User-Agent",       "My-Header",    "Date",
                                     "Cache-Control",    "x-custom"};
    for (int i = 0; i < extra; ++i) add_header(kHeaders[Pick(8)], HeaderValue());
    if (g.opts.service == "s3" && Pick(3) == 0) {
      add_header("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
    }
    if (Pick(3) != 0) g.body = Word(Pick(40));
    int64_t secs = 946684800 + static_cast<int64_t>(Pick(946684800));  // 2000..2030
    g.when = Clock::from_time_t(secs);
    std::time_t t = secs;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    g.date = buf;
    return g;
  }

 private:
  uint64_t Pick(uint64_t n) { return std::uniform_int_distribution<uint64_t>(0, n - 1)(rng_); }

  // Alphanumerics plus the characters SigV4 encoders get wrong: reserved ASCII, '%', spaces,
  // and multi-byte UTF-8 (2, 3 and 4 bytes).
  std::string Word(uint64_t len) {
    static const std::vector<std::string> kPieces = {"a",
                                                     "Z",
                                                     "0",
                                                     "9",
                                                     "-",
                                                     "_",
                                                     ".",
                                                     "~",
                                                     ":",
                                                     "=",
                                                     " ",
                                                     "+",
                                                     "/",
                                                     "%",
                                                     "&",
                                                     "?",
                                                     "#",
                                                     "*",
                                                     "!",
                                                     "'",
                                                     "(",
                                                     ")",
                                                     "$",
                                                     ",",
                                                     ";",
                                                     "@",
                                                     "[",
                                                     "]",
                                                     "\"",
                                                     "<",
                                                     "\\",
                                                     "^",
                                                     "`",
                                                     "\xc3\xa9",
                                                     "\xe6\x97\xa5\xe6\x9c\xac",
                                                     "\xf0\x9f\x98\x80",
                                                     "\xe1\x88\xb4",
                                                     "x",
                                                     "y"};
    std::string out;
    for (uint64_t i = 0; i < len; ++i) out += kPieces[Pick(kPieces.size())];
    return out;
  }

  std::string HeaderValue() {
    static const char* kValues[] = {"v",         "  leading", "trailing  ", "two  inner   runs",
                                    "tab\there", "a,b",       "",           "UPPER lower"};
    return kValues[Pick(8)];
  }

  std::mt19937_64 rng_;
};

uint64_t TestSeed() {
  if (const char* s = std::getenv("VS_TEST_SEED"); s != nullptr && *s != '\0') {
    return std::strtoull(s, nullptr, 10);
  }
  return 20261126;
}

TEST(SigV4Differential, AgreesWithSmithySignatureV4) {
  constexpr size_t kRequests = 1500;
  RequestGen gen(TestSeed());
  std::vector<Generated> cases;
  std::string input;
  for (size_t i = 0; i < kRequests; ++i) {
    Generated g = gen.Next();
    Json line = {{"service", g.opts.service},
                 {"region", g.opts.region},
                 {"escape_path", g.opts.escape_path},
                 {"add_content_sha256", g.opts.add_content_sha256},
                 {"access_key_id", g.creds.access_key_id},
                 {"secret_access_key", g.creds.secret_access_key},
                 {"session_token", g.creds.session_token},
                 {"date", g.date},
                 {"method", g.req.method},
                 {"host", g.req.host},
                 {"path", g.req.path},
                 {"query", Json::array()},
                 {"headers", Json::array()},
                 {"body", g.body}};
    for (const auto& [k, v] : g.req.query) line["query"].push_back({k, v});
    for (const auto& [k, v] : g.req.headers) line["headers"].push_back({k, v});
    input += line.dump() + "\n";
    cases.push_back(std::move(g));
  }
  // The reference must be there: a missing node or package is a failure, not a skip.
  char in_path[] = "/tmp/vs-sigv4-diff-XXXXXX";
  int fd = mkstemp(in_path);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, input.data(), input.size()), static_cast<ssize_t>(input.size()));
  close(fd);
  std::string command = std::string("node '") + VS_REFERENCE_DIR + "/sign.mjs' < '" + in_path + "'";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) output.append(buf, n);
  int status = pclose(pipe);
  std::remove(in_path);
  ASSERT_EQ(status, 0) << "node or @smithy/signature-v4 missing? run `npm ci` in tests/harness";

  std::istringstream lines(output);
  std::string line;
  size_t compared = 0, disagreements = 0, with_token = 0, s3 = 0, repeated = 0;
  std::string sample;
  for (const Generated& g : cases) {
    ASSERT_TRUE(std::getline(lines, line)) << "reference printed too few lines";
    Json ref = Json::parse(line);
    ASSERT_FALSE(ref.contains("error")) << ref["error"] << " for path " << g.req.path;
    SignableRequest req = g.req;
    req.body = g.body;  // Set here: moving `g` moved the (short) string the view pointed into.
    auto sig = Sign(req, g.creds, g.opts, g.when);
    ASSERT_TRUE(sig) << sig.error().message;
    std::map<std::string, std::string> mine;
    for (const auto& [k, v] : g.req.headers) {
      if (k == "x-amz-content-sha256") mine[k] = v;
    }
    for (const auto& [k, v] : sig->headers) mine[k] = v;
    std::map<std::string, std::string> theirs;
    for (auto& [k, v] : ref.items()) theirs[k] = v;
    std::string their_canonical = theirs["canonical_request"];
    theirs.erase("canonical_request");
    ++compared;
    with_token += g.creds.session_token.empty() ? 0 : 1;
    s3 += g.opts.service == "s3" ? 1 : 0;
    for (size_t i = 1; i < g.req.query.size(); ++i) {
      if (g.req.query[i].first == g.req.query[i - 1].first) {
        ++repeated;
        break;
      }
    }
    if (mine != theirs) {
      if (++disagreements <= 3) {
        sample += "path " + g.req.path + "\nmine:   " + mine["authorization"] +
                  "\ntheirs: " + theirs["authorization"] + "\nmy canonical request:\n" +
                  sig->canonical_request + "\ntheirs:\n" + their_canonical + "\n\n";
      }
    }
  }
  EXPECT_EQ(compared, kRequests);
  EXPECT_EQ(disagreements, 0u) << sample;
  // The generator must actually exercise the interesting cases.
  EXPECT_GT(with_token, kRequests / 5);
  EXPECT_GT(s3, kRequests / 6);
  EXPECT_GT(repeated, kRequests / 20);
  std::printf(
      "sigv4: %zu requests (%zu s3, %zu with session token, %zu repeated query names), "
      "%zu disagreements\n",
      compared, s3, with_token, repeated, disagreements);
}

}  // namespace
}  // namespace vs::aws
