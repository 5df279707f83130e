// AWS credentials in the SDKs' order: environment, shared credentials/config files (profiles,
// role_arn + source_profile), container metadata (ECS), EC2 instance metadata (IMDSv2), and
// STS AssumeRole for reading another account's bucket. Every location is overridable, so the
// chain can be tested against local fakes.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "aws/sigv4.h"
#include "core/result.h"

namespace vs::aws {

// Looks up an environment variable; tests pass a map instead of the process environment.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

// The process environment (getenv).
EnvLookup ProcessEnv();

struct ChainOptions {
  EnvLookup env;        // Empty: ProcessEnv().
  std::string profile;  // Empty: $AWS_PROFILE, else "default".
  // Files; empty: $AWS_SHARED_CREDENTIALS_FILE / $AWS_CONFIG_FILE, else ~/.aws/credentials and
  // ~/.aws/config.
  std::string credentials_file;
  std::string config_file;
  // Empty: $AWS_EC2_METADATA_SERVICE_ENDPOINT, else http://169.254.169.254.
  std::string imds_endpoint;
  // For role_arn profiles; empty: https://sts.<region>.amazonaws.com.
  std::string sts_endpoint;
  long metadata_timeout_s = 2;  // IMDS and container endpoints answer fast or not at all.
  int metadata_attempts = 2;
  std::function<Clock::time_point()> clock;  // System clock when empty.
};

// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY [/ AWS_SESSION_TOKEN]. Errors: kNotFound when
// unset, kAuth when only one of the pair is set.
Result<Credentials> CredentialsFromEnv(const EnvLookup& env);

// The profile's keys from the credentials file, else the config file ("[profile NAME]"); a
// profile with role_arn assumes that role with its source_profile's (or credential_source's)
// credentials. Errors: kNotFound (no such profile or no files), kAuth (incomplete keys),
// plus AssumeRole's errors.
Result<Credentials> CredentialsFromProfile(std::string_view profile, const ChainOptions& opts);

// ECS/EKS container credentials: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (on 169.254.170.2) or
// AWS_CONTAINER_CREDENTIALS_FULL_URI (https, or http on a loopback host), with
// AWS_CONTAINER_AUTHORIZATION_TOKEN. Errors: kNotFound when neither is set, kNetwork, kAuth.
Result<Credentials> CredentialsFromContainer(const ChainOptions& opts);

// IMDSv2: PUT /latest/api/token, GET .../iam/security-credentials/ (role name), then GET the
// role's credentials JSON, each with the session token. Errors: kNotFound when disabled
// (AWS_EC2_METADATA_DISABLED=true), kNetwork (unreachable), kAuth (no role, Code != Success).
Result<Credentials> CredentialsFromImds(const ChainOptions& opts);

// The first source that has credentials, in the order above. An explicitly named profile
// (option or AWS_PROFILE) that does not exist is an error, not a fall-through.
// Errors: kAuth listing what each source said, or the first hard error of a source.
Result<Credentials> ResolveCredentials(const ChainOptions& opts = {});

// AWS_REGION, AWS_DEFAULT_REGION, the profile's region, else "us-east-1".
std::string ResolveRegion(const ChainOptions& opts = {});

// A service's endpoint override, as the AWS SDKs read it: AWS_ENDPOINT_URL_<SERVICE> (e.g.
// "S3", "ATHENA"), AWS_ENDPOINT_URL, the profile's endpoint_url; "" for the public endpoint.
std::string ResolveEndpoint(std::string_view service, const ChainOptions& opts = {});

struct AssumeRoleRequest {
  std::string role_arn;  // arn:aws:iam::123456789012:role/vulnscope-reader
  std::string session_name = "vulnscope";
  std::string external_id;  // Sent when not empty.
  int duration_s = 3600;
  std::string region = "us-east-1";
  std::string endpoint;  // Empty: https://sts.<region>.amazonaws.com.
  long timeout_s = 30;
  int max_attempts = 3;
  long initial_backoff_ms = 200;
  std::function<Clock::time_point()> clock;  // System clock when empty.
};

// STS AssumeRole (Query API, signed with `base`). Returns the role's session credentials.
// Errors: kAuth (403 / AccessDenied / expired token; the STS Code and Message are included),
// kNetwork, kInvalidInput (bad request or unparseable response).
Result<Credentials> AssumeRole(const Credentials& base, const AssumeRoleRequest& req);

}  // namespace vs::aws
