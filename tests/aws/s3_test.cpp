// S3 client: response parsing on the fixtures, the real s3rver (npm, started on 127.0.0.1 and
// stopped by pid) for listing, pagination, odd keys and gzip, and an in-process fake for the
// errors s3rver cannot produce (403, 500, SlowDown, timeouts).
#include "aws/s3.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include "net/http.h"
#include "tests/fakes/local_http_server.h"
#include "tests/support/s3rver.h"

namespace vs::aws {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string Gzip(std::string_view data) {
  z_stream zs{};
  deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(compressBound(data.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = data.size();
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = out.size();
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

// ---- Parsing ---------------------------------------------------------------------------------

TEST(S3Parse, ListObjectsV2FixturePages) {
  auto p1 = ParseListObjectsV2(ReadFile(VS_TESTDATA_DIR "/s3/list-objects-v2.page1.response.xml"));
  ASSERT_TRUE(p1) << p1.error().message;
  EXPECT_TRUE(p1->truncated);
  EXPECT_EQ(p1->next_continuation_token, "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");
  ASSERT_EQ(p1->objects.size(), 2u);
  EXPECT_EQ(p1->objects[0].key,
            "AWS:Application/accountid=123456789012/region=ap-northeast-1/"
            "resourcetype=ManagedInstanceInventory/i-0abc1234def567890.json");
  EXPECT_EQ(p1->objects[0].size, 3051u);
  EXPECT_EQ(p1->objects[0].etag, "9b2cf535f27731c974343645a3985328");  // &quot; stripped
  EXPECT_EQ(p1->objects[0].last_modified, "2024-05-01T03:00:14.000Z");
  auto p2 = ParseListObjectsV2(ReadFile(VS_TESTDATA_DIR "/s3/list-objects-v2.page2.response.xml"));
  ASSERT_TRUE(p2);
  EXPECT_FALSE(p2->truncated);
  ASSERT_EQ(p2->objects.size(), 1u);
}

TEST(S3Parse, UrlEncodedKeysAreDecoded) {
  auto p = ParseListObjectsV2(
      ReadFile(VS_TESTDATA_DIR "/s3/list-objects-v2.encoding-type-url.response.xml"));
  ASSERT_TRUE(p);
  ASSERT_EQ(p->objects.size(), 1u);
  EXPECT_EQ(p->objects[0].key,
            "AWS:Application/accountid=123456789012/region=ap-northeast-1/"
            "resourcetype=ManagedInstanceInventory/i-0def5678abc901234.json");
}

TEST(S3Parse, MalformedListingsAreErrors) {
  EXPECT_EQ(ParseListObjectsV2("").error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(ParseListObjectsV2("<ListBucketResult><Contents>").error().code,
            ErrorCode::kInvalidInput);
  EXPECT_EQ(ParseListObjectsV2("<Error><Code>x</Code></Error>").error().code,
            ErrorCode::kInvalidInput);
  // Truncated without a token would loop forever.
  EXPECT_EQ(ParseListObjectsV2("<ListBucketResult><IsTruncated>true</IsTruncated>"
                               "</ListBucketResult>")
                .error()
                .code,
            ErrorCode::kInvalidInput);
}

TEST(S3Parse, S3Uris) {
  auto loc = ParseS3Uri("s3://vs-inventory/sync/AWS:Application/");
  ASSERT_TRUE(loc);
  EXPECT_EQ(loc->bucket, "vs-inventory");
  EXPECT_EQ(loc->prefix, "sync/AWS:Application/");
  EXPECT_EQ(ParseS3Uri("s3://b")->prefix, "");
  EXPECT_FALSE(ParseS3Uri("https://b/x"));
  EXPECT_FALSE(ParseS3Uri("s3:///x"));
}

// ---- Real s3rver -----------------------------------------------------------------------------

class S3rver : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new vs::testing::S3rverServer();
    std::string error;
    ASSERT_TRUE(server_->Start("vs-inventory", &error)) << error;
  }

  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static S3Client Client() {
    S3Config c;
    c.endpoint = server_->endpoint();
    c.credentials = {.access_key_id = "S3RVER", .secret_access_key = "S3RVER"};
    c.initial_backoff_ms = 10;
    return S3Client(c);
  }

  static inline vs::testing::S3rverServer* server_ = nullptr;
};

TEST_F(S3rver, OddKeysRoundTripAndListByPartitionPrefix) {
  S3Client s3 = Client();
  const std::vector<std::string> keys = {
      "sync/AWS:Application/accountid=123456789012/region=us-east-1/"
      "resourcetype=ManagedInstanceInventory/i-0abc1234def567890.json",
      "sync/AWS:Application/accountid=123456789012/region=ap-northeast-1/"
      "resourcetype=ManagedInstanceInventory/mi-0123.json",
      "sync/AWS:Application/accountid=210987654321/region=us-east-1/"
      "resourcetype=ManagedInstanceInventory/i-1.json",
      "sync/AWS:Tag/accountid=123456789012/region=us-east-1/odd key +plus & \xc3\xa9t\xc3\xa9.json",
  };
  for (size_t i = 0; i < keys.size(); ++i) {
    ASSERT_TRUE(s3.PutObject("vs-inventory", keys[i], "{\"n\":" + std::to_string(i) + "}\n"))
        << keys[i];
  }
  auto listed = s3.ListObjectsV2("vs-inventory", "sync/AWS:Application/accountid=123456789012/");
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(listed->objects.size(), 2u);
  EXPECT_EQ(listed->objects[0].key, keys[1]);  // Sorted by key: "ap-…" < "us-…".
  EXPECT_EQ(listed->objects[1].key, keys[0]);
  for (size_t i = 0; i < keys.size(); ++i) {
    auto body = s3.GetObject("vs-inventory", keys[i]);
    ASSERT_TRUE(body) << body.error().message;
    EXPECT_EQ(*body, "{\"n\":" + std::to_string(i) + "}\n");
  }
  // The delimiter gives one level of partitions. s3rver only reports a common prefix whose
  // directory holds an object directly (its walk skips deeper ones), hence these flat keys.
  ASSERT_TRUE(s3.PutObject("vs-inventory", "sync/AWS:Application/accountid=123456789012/a", ""));
  ASSERT_TRUE(s3.PutObject("vs-inventory", "sync/AWS:Application/accountid=210987654321/b", ""));
  auto accounts = s3.ListObjectsV2("vs-inventory", "sync/AWS:Application/", "/");
  ASSERT_TRUE(accounts);
  EXPECT_TRUE(accounts->objects.empty());
  EXPECT_EQ(accounts->common_prefixes,
            (std::vector<std::string>{"sync/AWS:Application/accountid=123456789012/",
                                      "sync/AWS:Application/accountid=210987654321/"}));
}

TEST_F(S3rver, ObjectWrittenByCurlSigV4IsReadBack) {
  // An independent writer: curl's own SigV4 (stack.md §5d), with the key encoded by hand.
  char tmpl[] = "/tmp/vs-s3-curl-XXXXXX";
  int fd = mkstemp(tmpl);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, "written by curl\n", 16), 16);
  close(fd);
  std::string url = server_->endpoint() +
                    "/vs-inventory/curl/AWS%3AApplication/accountid%3D000000000042/x%20y.json";
  std::string cmd =
      "curl -sf --noproxy '*' --aws-sigv4 'aws:amz:us-east-1:s3' --user S3RVER:S3RVER "
      "-H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' -T '" +
      std::string(tmpl) + "' '" + url + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::remove(tmpl);
  auto body =
      Client().GetObject("vs-inventory", "curl/AWS:Application/accountid=000000000042/x y.json");
  ASSERT_TRUE(body) << body.error().message;
  EXPECT_EQ(*body, "written by curl\n");
}

TEST_F(S3rver, ListingOverAThousandKeysFollowsContinuationTokens) {
  S3Client s3 = Client();
  constexpr int kObjects = 1050;
  for (int i = 0; i < kObjects; ++i) {
    char key[96];
    std::snprintf(key, sizeof key, "many/accountid=%012d/region=us-east-1/i-%05d.json", i % 7, i);
    ASSERT_TRUE(s3.PutObject("vs-inventory", key, "x"));
  }
  auto listed = s3.ListObjectsV2("vs-inventory", "many/");
  ASSERT_TRUE(listed) << listed.error().message;
  EXPECT_EQ(listed->objects.size(), static_cast<size_t>(kObjects));
  EXPECT_EQ(listed->pages, 2);
  for (size_t i = 1; i < listed->objects.size(); ++i) {
    EXPECT_LT(listed->objects[i - 1].key, listed->objects[i].key);  // No duplicates, in order.
  }
}

TEST_F(S3rver, GzipObjectsAreInflated) {
  S3Client s3 = Client();
  std::string plain;
  for (int i = 0; i < 2000; ++i) plain += "{\"Name\":\"pkg" + std::to_string(i) + "\"}\n";
  ASSERT_TRUE(s3.PutObject("vs-inventory", "gz/i-1.json.gz", Gzip(plain)));
  auto body = s3.GetObject("vs-inventory", "gz/i-1.json.gz");
  ASSERT_TRUE(body) << body.error().message;
  EXPECT_EQ(*body, plain);
  // A .gz that is not gzip inside is handed over as is; a corrupt one is an error.
  ASSERT_TRUE(s3.PutObject("vs-inventory", "gz/plain.json.gz", "not gzip"));
  EXPECT_EQ(*s3.GetObject("vs-inventory", "gz/plain.json.gz"), "not gzip");
  std::string broken = Gzip(plain).substr(0, 100);
  ASSERT_TRUE(s3.PutObject("vs-inventory", "gz/broken.json.gz", broken));
  auto bad = s3.GetObject("vs-inventory", "gz/broken.json.gz");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(bad.error().message.find("gzip"), std::string::npos) << bad.error().message;
}

TEST_F(S3rver, MissingKeyAndBucketAreNotFound) {
  S3Client s3 = Client();
  auto key = s3.GetObject("vs-inventory", "no/such/key.json");
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().code, ErrorCode::kNotFound);
  EXPECT_NE(key.error().message.find("NoSuchKey"), std::string::npos) << key.error().message;
  auto bucket = s3.ListObjectsV2("no-such-bucket", "");
  ASSERT_FALSE(bucket);
  EXPECT_EQ(bucket.error().code, ErrorCode::kNotFound);
  EXPECT_NE(bucket.error().message.find("NoSuchBucket"), std::string::npos);
}

// ---- Fake for errors s3rver cannot produce ---------------------------------------------------

S3Config FakeConfig(const fakes::LocalHttpServer& srv) {
  S3Config c;
  c.endpoint = srv.url();
  c.region = "ap-northeast-1";
  c.credentials = {.access_key_id = "AKIDEXAMPLE", .secret_access_key = "secret"};
  c.initial_backoff_ms = 5;
  c.max_backoff_ms = 20;
  c.max_attempts = 4;
  return c;
}

TEST(S3Fake, AccessDeniedIsAnAuthErrorWithCodeAndMessageAndIsNotRetried) {
  fakes::LocalHttpServer srv;
  std::atomic<int> calls{0};
  srv.server().Get(".*", [&](const httplib::Request& req, httplib::Response& res) {
    ++calls;
    res.status = 403;
    res.set_content(
        "<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code><Message>Access "
        "Denied</Message></Error>",
        "application/xml");
  });
  ASSERT_TRUE(srv.Start());
  auto r = S3Client(FakeConfig(srv)).GetObject("b", "k.json");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAuth);
  EXPECT_NE(r.error().message.find("403 AccessDenied: Access Denied"), std::string::npos)
      << r.error().message;
  EXPECT_EQ(calls, 1);
}

TEST(S3Fake, ServerErrorsAreRetriedAndEachAttemptIsSigned) {
  fakes::LocalHttpServer srv;
  std::atomic<int> calls{0};
  std::atomic<int> signed_calls{0};
  srv.server().Get(".*", [&](const httplib::Request& req, httplib::Response& res) {
    ++calls;
    EXPECT_EQ(req.path, "/b/AWS:Application/k.json");  // httplib decodes it.
    if (req.get_header_value("Authorization")
            .starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/") &&
        req.get_header_value("x-amz-content-sha256") ==
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" &&
        req.has_header("x-amz-date")) {
      ++signed_calls;
    }
    if (calls <= 2) {
      res.status = 500;
      res.set_content("<Error><Code>InternalError</Code></Error>", "application/xml");
      return;
    }
    res.set_content("payload", "application/octet-stream");
  });
  ASSERT_TRUE(srv.Start());
  auto r = S3Client(FakeConfig(srv)).GetObject("b", "AWS:Application/k.json");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, "payload");
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(signed_calls, 3);
}

TEST(S3Fake, SlowDownIsRetriedUntilTheLastAttempt) {
  fakes::LocalHttpServer srv;
  std::atomic<int> calls{0};
  srv.server().Get(".*", [&](const httplib::Request&, httplib::Response& res) {
    ++calls;
    res.status = 503;
    res.set_content(
        "<Error><Code>SlowDown</Code><Message>Please reduce your request rate."
        "</Message></Error>",
        "application/xml");
  });
  ASSERT_TRUE(srv.Start());
  auto r = S3Client(FakeConfig(srv)).ListObjectsV2("b", "p/");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNetwork);
  EXPECT_NE(r.error().message.find("SlowDown: Please reduce"), std::string::npos);
  EXPECT_EQ(calls, 4);
}

TEST(S3Fake, ThrottlingWith400IsRetried) {
  fakes::LocalHttpServer srv;
  std::atomic<int> calls{0};
  srv.server().Get(".*", [&](const httplib::Request&, httplib::Response& res) {
    if (++calls == 1) {
      res.status = 400;
      res.set_content("<Error><Code>Throttling</Code></Error>", "application/xml");
      return;
    }
    res.set_content(ReadFile(VS_TESTDATA_DIR "/s3/list-objects-v2.page2.response.xml"),
                    "application/xml");
  });
  ASSERT_TRUE(srv.Start());
  auto r = S3Client(FakeConfig(srv)).ListObjectsV2("b", "");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->objects.size(), 1u);
  EXPECT_EQ(calls, 2);
}

TEST(S3Fake, WrongRegionNamesTheBucketRegion) {
  fakes::LocalHttpServer srv;
  srv.server().Get(".*", [&](const httplib::Request&, httplib::Response& res) {
    res.status = 400;
    res.set_content(ReadFile(VS_TESTDATA_DIR "/s3/error-authorization-header-malformed-region.xml"),
                    "application/xml");
  });
  ASSERT_TRUE(srv.Start());
  auto r = S3Client(FakeConfig(srv)).GetObject("b", "k");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(r.error().message.find("AuthorizationHeaderMalformed"), std::string::npos);
  EXPECT_NE(r.error().message.find("bucket region is ap-northeast-1"), std::string::npos)
      << r.error().message;
}

TEST(S3Fake, ContinuationTokenIsSentVerbatimAndPagesJoin) {
  fakes::LocalHttpServer srv;
  std::vector<std::string> tokens;
  std::mutex mu;
  srv.server().Get("/b", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu);
    EXPECT_EQ(req.get_param_value("list-type"), "2");
    EXPECT_EQ(req.get_param_value("prefix"), "AWS:Application/accountid=123456789012/");
    std::string token = req.get_param_value("continuation-token");
    tokens.push_back(token);
    res.set_content(
        ReadFile(token.empty() ? VS_TESTDATA_DIR "/s3/list-objects-v2.page1.response.xml"
                               : VS_TESTDATA_DIR "/s3/list-objects-v2.page2.response.xml"),
        "application/xml");
  });
  ASSERT_TRUE(srv.Start());
  auto r = S3Client(FakeConfig(srv)).ListObjectsV2("b", "AWS:Application/accountid=123456789012/");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->objects.size(), 3u);
  EXPECT_EQ(r->pages, 2);
  EXPECT_EQ(tokens,
            (std::vector<std::string>{"", "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM="}));
}

TEST(S3Fake, ContentEncodingGzipIsDecoded) {
  fakes::LocalHttpServer srv;
  srv.server().Get(".*", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Encoding", "gzip");
    res.set_content(Gzip("line 1\nline 2\n"), "application/json");
  });
  ASSERT_TRUE(srv.Start());
  auto r = S3Client(FakeConfig(srv)).GetObject("b", "i-1.json");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, "line 1\nline 2\n");
}

TEST(S3Fake, SlowServerTimesOut) {
  fakes::LocalHttpServer srv;
  srv.server().Get(".*", [&](const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    res.set_content("late", "text/plain");
  });
  ASSERT_TRUE(srv.Start());
  S3Config c = FakeConfig(srv);
  c.timeout_s = 1;
  c.max_attempts = 1;
  auto start = std::chrono::steady_clock::now();
  auto r = S3Client(c).GetObject("b", "k");
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNetwork);
  EXPECT_LT(elapsed, std::chrono::milliseconds(2200));
}

}  // namespace
}  // namespace vs::aws
