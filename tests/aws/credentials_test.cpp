// Credentials chain: environment, shared files with profiles, container and EC2 metadata
// (IMDSv2) against in-process fakes on 127.0.0.1, and STS AssumeRole against a fake.
#include "aws/credentials.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>

#include <gtest/gtest.h>
#include <unistd.h>

#include "tests/fakes/local_http_server.h"

namespace vs::aws {
namespace {

namespace fs = std::filesystem;

EnvLookup MapEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/vs-aws-creds-XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string Write(const std::string& name, const std::string& text) const {
    std::string p = path_ + "/" + name;
    std::ofstream(p) << text;
    return p;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Options that can only see what the test gives them (no HOME, no real IMDS).
ChainOptions Isolated(std::map<std::string, std::string> env) {
  env.emplace("AWS_EC2_METADATA_DISABLED", "true");
  ChainOptions o;
  o.env = MapEnv(std::move(env));
  o.credentials_file = "/nonexistent/credentials";
  o.config_file = "/nonexistent/config";
  return o;
}

TEST(CredentialsEnv, PairAndSessionToken) {
  auto c = CredentialsFromEnv(MapEnv({{"AWS_ACCESS_KEY_ID", "AKID"},
                                      {"AWS_SECRET_ACCESS_KEY", "SECRET"},
                                      {"AWS_SESSION_TOKEN", "TOKEN"}}));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->access_key_id, "AKID");
  EXPECT_EQ(c->session_token, "TOKEN");
  EXPECT_EQ(CredentialsFromEnv(MapEnv({})).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(CredentialsFromEnv(MapEnv({{"AWS_ACCESS_KEY_ID", "AKID"}})).error().code,
            ErrorCode::kAuth);
}

TEST(CredentialsChain, EnvironmentComesFirst) {
  TempDir dir;
  ChainOptions o = Isolated({{"AWS_ACCESS_KEY_ID", "ENVKEY"}, {"AWS_SECRET_ACCESS_KEY", "S"}});
  o.credentials_file = dir.Write("credentials",
                                 "[default]\naws_access_key_id = FILEKEY\n"
                                 "aws_secret_access_key = S\n");
  auto c = ResolveCredentials(o);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->access_key_id, "ENVKEY");
  EXPECT_EQ(c->source, "env");
}

TEST(CredentialsProfile, CredentialsFileOverridesConfigAndProfilesAreSelected) {
  TempDir dir;
  ChainOptions o = Isolated({{"AWS_PROFILE", "dev"}});
  o.credentials_file = dir.Write("credentials",
                                 "# comment\n[default]\naws_access_key_id=DEFAULTKEY\n"
                                 "aws_secret_access_key=DS\n\n[dev]\n"
                                 "aws_access_key_id = DEVKEY\naws_secret_access_key = DEVSECRET  \n"
                                 "aws_session_token=DEVTOKEN\n");
  o.config_file =
      dir.Write("config",
                "[default]\nregion = eu-west-1\n[profile dev]\nregion = ap-northeast-1\n"
                "aws_access_key_id = CONFIGKEY\n"
                "s3 =\n  max_concurrent_requests = 20\n"
                "[profile cfgonly]\naws_access_key_id = CFGKEY\n"
                "aws_secret_access_key = CFGSECRET\n");
  auto dev = ResolveCredentials(o);
  ASSERT_TRUE(dev) << dev.error().message;
  EXPECT_EQ(dev->access_key_id, "DEVKEY");  // credentials file wins over config
  EXPECT_EQ(dev->secret_access_key, "DEVSECRET");
  EXPECT_EQ(dev->session_token, "DEVTOKEN");
  EXPECT_EQ(dev->source, "profile dev");
  EXPECT_EQ(ResolveRegion(o), "ap-northeast-1");
  auto cfg = CredentialsFromProfile("cfgonly", o);
  ASSERT_TRUE(cfg);
  EXPECT_EQ(cfg->access_key_id, "CFGKEY");
  o.env = MapEnv({{"AWS_EC2_METADATA_DISABLED", "true"}});
  EXPECT_EQ(ResolveCredentials(o)->access_key_id, "DEFAULTKEY");
  EXPECT_EQ(ResolveRegion(o), "eu-west-1");
}

TEST(ResolveEndpoint, ServiceVariableThenGlobalThenProfile) {
  TempDir dir;
  ChainOptions o = Isolated({});
  o.config_file = dir.Write("config",
                            "[default]\nendpoint_url = http://127.0.0.1:4566\n"
                            "[profile plain]\nregion = eu-west-1\n");
  EXPECT_EQ(ResolveEndpoint("S3", o), "http://127.0.0.1:4566");
  o.profile = "plain";
  EXPECT_EQ(ResolveEndpoint("S3", o), "");
  o.env = MapEnv({{"AWS_ENDPOINT_URL", "http://127.0.0.1:9000"}});
  EXPECT_EQ(ResolveEndpoint("ATHENA", o), "http://127.0.0.1:9000");
  o.env = MapEnv({{"AWS_ENDPOINT_URL", "http://127.0.0.1:9000"},
                  {"AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9001"}});
  EXPECT_EQ(ResolveEndpoint("S3", o), "http://127.0.0.1:9001");
  EXPECT_EQ(ResolveEndpoint("ATHENA", o), "http://127.0.0.1:9000");
}

TEST(CredentialsProfile, FilesFromEnvironmentVariables) {
  TempDir dir;
  std::string creds = dir.Write("c", "[default]\naws_access_key_id=K\naws_secret_access_key=S\n");
  ChainOptions o;
  o.env = MapEnv({{"AWS_SHARED_CREDENTIALS_FILE", creds}, {"AWS_EC2_METADATA_DISABLED", "true"}});
  auto c = ResolveCredentials(o);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->access_key_id, "K");
}

TEST(CredentialsProfile, NamedProfileThatIsMissingIsAnErrorNotAFallThrough) {
  TempDir dir;
  ChainOptions o = Isolated({{"AWS_PROFILE", "nope"}});
  o.credentials_file = dir.Write("credentials",
                                 "[default]\naws_access_key_id=K\n"
                                 "aws_secret_access_key=S\n");
  auto c = ResolveCredentials(o);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kNotFound);
  EXPECT_NE(c.error().message.find("profile nope not found"), std::string::npos);
  // An incomplete profile is a clear error too.
  o = Isolated({});
  o.credentials_file = dir.Write("c2", "[default]\naws_access_key_id=K\n");
  EXPECT_EQ(ResolveCredentials(o).error().code, ErrorCode::kAuth);
}

TEST(CredentialsChain, NothingAnywhereListsWhatWasTried) {
  auto c = ResolveCredentials(Isolated({}));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kAuth);
  EXPECT_NE(c.error().message.find("env: AWS_ACCESS_KEY_ID is not set"), std::string::npos);
  EXPECT_NE(c.error().message.find("imds: disabled"), std::string::npos) << c.error().message;
}

// IMDSv2: a token from PUT, then role name and credentials with that token.
class ImdsFake {
 public:
  explicit ImdsFake(std::string role = "vulnscope-reader") : role_(std::move(role)) {
    auto& s = srv_.server();
    s.Put("/latest/api/token", [this](const httplib::Request& req, httplib::Response& res) {
      ++puts;
      if (req.get_header_value("X-aws-ec2-metadata-token-ttl-seconds") != "21600") {
        res.status = 400;
        return;
      }
      res.set_content("IMDS-SESSION-TOKEN", "text/plain");
    });
    s.Get(R"(/latest/meta-data/iam/security-credentials/(.*))",
          [this](const httplib::Request& req, httplib::Response& res) {
            if (req.get_header_value("X-aws-ec2-metadata-token") != "IMDS-SESSION-TOKEN") {
              res.status = 401;  // IMDSv1-style calls are refused.
              return;
            }
            std::string name = req.matches[1];
            if (name.empty()) {
              if (role_.empty()) {
                res.status = 404;
                return;
              }
              res.set_content(role_ + "\n", "text/plain");
            } else if (name == role_) {
              res.set_content(R"({"Code":"Success","LastUpdated":"2024-05-01T11:00:00Z",
                "Type":"AWS-HMAC","AccessKeyId":"ASIAIMDS","SecretAccessKey":"imds-secret",
                "Token":"imds-token","Expiration":"2024-05-01T18:00:00Z"})",
                              "application/json");
            } else {
              res.status = 404;
            }
          });
  }
  bool Start() { return srv_.Start(); }
  std::string url() const { return srv_.url(); }
  std::atomic<int> puts{0};

 private:
  std::string role_;
  fakes::LocalHttpServer srv_;
};

TEST(CredentialsImds, ChainFallsBackToImdsV2) {
  ImdsFake imds;
  ASSERT_TRUE(imds.Start());
  ChainOptions o;
  o.env = MapEnv({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()}});
  o.credentials_file = "/nonexistent/credentials";
  o.config_file = "/nonexistent/config";
  auto c = ResolveCredentials(o);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->access_key_id, "ASIAIMDS");
  EXPECT_EQ(c->secret_access_key, "imds-secret");
  EXPECT_EQ(c->session_token, "imds-token");
  EXPECT_EQ(c->source, "imds role vulnscope-reader");
  EXPECT_EQ(Clock::to_time_t(c->expiration), 1714586400);  // 2024-05-01T18:00:00Z
  EXPECT_EQ(imds.puts, 1);
}

TEST(CredentialsImds, InstanceWithoutRoleIsAnAuthError) {
  ImdsFake imds("");
  ASSERT_TRUE(imds.Start());
  ChainOptions o;
  o.imds_endpoint = imds.url();
  o.env = MapEnv({});
  auto c = CredentialsFromImds(o);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kAuth);
  EXPECT_NE(c.error().message.find("404"), std::string::npos);
}

TEST(CredentialsImds, UnreachableEndpointIsANetworkError) {
  fakes::LocalHttpServer srv;  // Bound then stopped: nothing listens on its port.
  ASSERT_TRUE(srv.Start());
  std::string url = srv.url();
  srv.Stop();
  ChainOptions o;
  o.imds_endpoint = url;
  o.env = MapEnv({});
  o.metadata_attempts = 1;
  auto c = CredentialsFromImds(o);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kNetwork);
}

TEST(CredentialsContainer, FullUriWithAuthorizationToken) {
  fakes::LocalHttpServer srv;
  srv.server().Get("/creds", [](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("Authorization") != "container-auth") {
      res.status = 403;
      return;
    }
    res.set_content(R"({"AccessKeyId":"ASIACONT","SecretAccessKey":"cs","Token":"ct",
                        "Expiration":"2024-05-01T18:00:00Z"})",
                    "application/json");
  });
  ASSERT_TRUE(srv.Start());
  ChainOptions o = Isolated({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", srv.url() + "/creds"},
                             {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "container-auth"}});
  auto c = ResolveCredentials(o);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->access_key_id, "ASIACONT");
  EXPECT_EQ(c->source, "container");
  o = Isolated({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", srv.url() + "/creds"}});
  EXPECT_EQ(ResolveCredentials(o).error().code, ErrorCode::kAuth);  // No token: 403.
  // The token is never sent in clear text to a remote host.
  o = Isolated({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://192.0.2.1/creds"}});
  EXPECT_EQ(ResolveCredentials(o).error().code, ErrorCode::kInvalidInput);
}

// STS fake: checks the Query API form and the signature scope, answers AssumeRole.
class StsFake {
 public:
  StsFake() {
    srv_.server().Post("/", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu);
      bodies.push_back(req.body);
      auths.push_back(req.get_header_value("Authorization"));
      if (req.body.find("RoleArn=arn%3Aaws%3Aiam%3A%3A210987654321%3Arole%2Fdenied") !=
          std::string::npos) {
        res.status = 403;
        res.set_content(
            "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
            "<Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to "
            "perform: sts:AssumeRole</Message></Error></ErrorResponse>",
            "text/xml");
        return;
      }
      res.set_content(
          "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
          "<AssumeRoleResult><Credentials><AccessKeyId>ASIAROLE</AccessKeyId>"
          "<SecretAccessKey>role-secret</SecretAccessKey><SessionToken>role-token</SessionToken>"
          "<Expiration>2024-05-01T13:00:00Z</Expiration></Credentials>"
          "<AssumedRoleUser><Arn>arn:aws:sts::210987654321:assumed-role/r/vulnscope</Arn>"
          "</AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>",
          "text/xml");
    });
  }
  bool Start() { return srv_.Start(); }
  std::string url() const { return srv_.url(); }
  std::mutex mu;
  std::vector<std::string> bodies;
  std::vector<std::string> auths;

 private:
  fakes::LocalHttpServer srv_;
};

TEST(AssumeRole, SignedQueryApiCallReturnsSessionCredentials) {
  StsFake sts;
  ASSERT_TRUE(sts.Start());
  Credentials base{.access_key_id = "AKIDBASE", .secret_access_key = "base-secret"};
  AssumeRoleRequest req{.role_arn = "arn:aws:iam::210987654321:role/vulnscope-reader",
                        .external_id = "ext id",
                        .region = "ap-northeast-1",
                        .endpoint = sts.url()};
  auto c = AssumeRole(base, req);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->access_key_id, "ASIAROLE");
  EXPECT_EQ(c->session_token, "role-token");
  EXPECT_EQ(Clock::to_time_t(c->expiration), 1714568400);
  std::lock_guard<std::mutex> lock(sts.mu);
  ASSERT_EQ(sts.bodies.size(), 1u);
  EXPECT_EQ(
      sts.bodies[0],
      "Action=AssumeRole&DurationSeconds=3600&ExternalId=ext%20id&RoleArn=arn%3Aaws%3Aiam%3A%"
      "3A210987654321%3Arole%2Fvulnscope-reader&RoleSessionName=vulnscope&Version=2011-06-15");
  EXPECT_TRUE(sts.auths[0].starts_with(
      "AWS4-HMAC-SHA256 Credential=AKIDBASE/" + AmzDate(Clock::now()).substr(0, 8) +
      "/ap-northeast-1/sts/aws4_request, SignedHeaders=content-type;host;"))
      << sts.auths[0];
}

TEST(AssumeRole, AccessDeniedIsAnAuthErrorWithTheStsMessage) {
  StsFake sts;
  ASSERT_TRUE(sts.Start());
  auto c = AssumeRole({.access_key_id = "A", .secret_access_key = "S"},
                      {.role_arn = "arn:aws:iam::210987654321:role/denied", .endpoint = sts.url()});
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kAuth);
  EXPECT_NE(c.error().message.find("AccessDenied: User is not authorized"), std::string::npos)
      << c.error().message;
}

TEST(AssumeRole, ProfileWithRoleArnUsesItsSourceProfile) {
  StsFake sts;
  ASSERT_TRUE(sts.Start());
  TempDir dir;
  ChainOptions o = Isolated({{"AWS_PROFILE", "other-account"}});
  o.sts_endpoint = sts.url();
  o.credentials_file = dir.Write("credentials",
                                 "[base]\naws_access_key_id=AKIDBASE\n"
                                 "aws_secret_access_key=base-secret\n");
  o.config_file = dir.Write("config",
                            "[profile other-account]\n"
                            "role_arn = arn:aws:iam::210987654321:role/vulnscope-reader\n"
                            "source_profile = base\nrole_session_name = audit\n"
                            "region = eu-central-1\n");
  auto c = ResolveCredentials(o);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->access_key_id, "ASIAROLE");
  std::lock_guard<std::mutex> lock(sts.mu);
  ASSERT_EQ(sts.auths.size(), 1u);
  EXPECT_NE(sts.auths[0].find("Credential=AKIDBASE/"), std::string::npos);
  EXPECT_NE(sts.auths[0].find("/eu-central-1/sts/"), std::string::npos);
  EXPECT_NE(sts.bodies[0].find("RoleSessionName=audit"), std::string::npos);
}

}  // namespace
}  // namespace vs::aws
