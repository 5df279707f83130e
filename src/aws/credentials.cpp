#include "aws/credentials.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "aws/call.h"

namespace vs::aws {
namespace {

using Json = nlohmann::json;
using Section = std::map<std::string, std::string>;
using IniFile = std::map<std::string, Section>;

constexpr std::string_view kImdsDefault = "http://169.254.169.254";
constexpr std::string_view kContainerHost = "http://169.254.170.2";

EnvLookup EnvOf(const ChainOptions& opts) { return opts.env ? opts.env : ProcessEnv(); }

std::string EnvOr(const EnvLookup& env, std::string_view name, std::string fallback = "") {
  std::optional<std::string> v = env(name);
  return v && !v->empty() ? *v : fallback;
}

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// Parses the AWS shared-file INI dialect: [section], key = value, '#'/';' comment lines.
// Indented lines are sub-properties (e.g. of "s3 =") and are skipped.
IniFile ParseIni(std::string_view text) {
  IniFile ini;
  Section* current = nullptr;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) continue;
    std::string t = Trim(line);
    if (t.empty() || t[0] == '#' || t[0] == ';') continue;
    if (t.front() == '[') {
      size_t close = t.find(']');
      if (close == std::string::npos) {
        current = nullptr;
        continue;
      }
      current = &ini[Trim(std::string_view(t).substr(1, close - 1))];
      continue;
    }
    size_t eq = t.find('=');
    if (current == nullptr || eq == std::string::npos) continue;
    std::string key = Trim(std::string_view(t).substr(0, eq));
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    (*current)[key] = Trim(std::string_view(t).substr(eq + 1));
  }
  return ini;
}

std::optional<IniFile> ReadIni(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return std::nullopt;
  std::ostringstream ss;
  ss << f.rdbuf();
  return ParseIni(ss.str());
}

std::string HomeFile(const EnvLookup& env, std::string_view name) {
  std::string home = EnvOr(env, "HOME");
  return home.empty() ? "" : home + "/.aws/" + std::string(name);
}

// Merged view of one profile: config file first, the credentials file overriding it.
struct Profile {
  Section values;
  bool found = false;
  std::string files;  // For messages.
};

Profile LoadProfile(std::string_view name, const ChainOptions& opts) {
  EnvLookup env = EnvOf(opts);
  std::string cred_path = !opts.credentials_file.empty() ? opts.credentials_file
                                                         : EnvOr(env, "AWS_SHARED_CREDENTIALS_FILE",
                                                                 HomeFile(env, "credentials"));
  std::string config_path = !opts.config_file.empty()
                                ? opts.config_file
                                : EnvOr(env, "AWS_CONFIG_FILE", HomeFile(env, "config"));
  Profile p;
  p.files = cred_path + ", " + config_path;
  if (auto config = ReadIni(config_path)) {
    std::string section = name == "default" ? "default" : "profile " + std::string(name);
    auto it = config->find(section);
    // Some tools write [default] as [profile default]; accept both.
    if (it == config->end() && name == "default") it = config->find("profile default");
    if (it != config->end()) {
      p.values = it->second;
      p.found = true;
    }
  }
  if (auto creds = ReadIni(cred_path)) {
    if (auto it = creds->find(std::string(name)); it != creds->end()) {
      for (const auto& [k, v] : it->second) p.values[k] = v;
      p.found = true;
    }
  }
  return p;
}

std::string Get(const Section& s, const char* key) {
  auto it = s.find(key);
  return it == s.end() ? "" : it->second;
}

std::string JsonString(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

// The JSON both metadata services return: AccessKeyId, SecretAccessKey, Token, Expiration.
Result<Credentials> ParseMetadataCredentials(std::string_view body, std::string source) {
  Json j = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Fail(ErrorCode::kInvalidInput, source + ": credentials response is not a JSON object");
  }
  std::string code = JsonString(j, "Code");
  if (!code.empty() && code != "Success") {
    return Fail(ErrorCode::kAuth,
                source + ": credentials Code is " + code + ": " + JsonString(j, "Message"));
  }
  Credentials c;
  c.access_key_id = JsonString(j, "AccessKeyId");
  c.secret_access_key = JsonString(j, "SecretAccessKey");
  c.session_token = JsonString(j, "Token");
  c.source = std::move(source);
  if (c.access_key_id.empty() || c.secret_access_key.empty()) {
    return Fail(ErrorCode::kAuth, c.source + ": response has no AccessKeyId/SecretAccessKey");
  }
  if (std::string exp = JsonString(j, "Expiration"); !exp.empty()) {
    auto t = ParseIso8601(exp);
    if (!t) return Fail(t.error().WithContext(c.source + ": Expiration"));
    c.expiration = *t;
  }
  return c;
}

CallSettings MetadataSettings(const ChainOptions& opts) {
  return CallSettings{.connect_timeout_s = opts.metadata_timeout_s,
                      .timeout_s = opts.metadata_timeout_s * 2,
                      .max_bytes = 1 << 20,
                      .max_attempts = opts.metadata_attempts,
                      .initial_backoff_ms = 100,
                      .max_backoff_ms = 1000,
                      .clock = opts.clock};
}

bool Transient(const net::HttpResponse& r) { return net::IsTransientStatus(r.status); }

bool IsLoopbackHost(std::string_view host) {
  size_t colon = host.rfind(':');
  if (colon != std::string_view::npos && host.find(']') == std::string_view::npos) {
    host = host.substr(0, colon);
  }
  return host == "localhost" || host.starts_with("127.") || host == "[::1]";
}

Result<Credentials> FromProfile(std::string_view name, const ChainOptions& opts, int depth);

// Base credentials for a role_arn profile: source_profile, or credential_source.
Result<Credentials> RoleBase(const Section& values, const ChainOptions& opts, int depth) {
  std::string source_profile = Get(values, "source_profile");
  if (!source_profile.empty()) return FromProfile(source_profile, opts, depth + 1);
  std::string source = Get(values, "credential_source");
  if (source == "Environment") return CredentialsFromEnv(EnvOf(opts));
  if (source == "Ec2InstanceMetadata") return CredentialsFromImds(opts);
  if (source == "EcsContainer") return CredentialsFromContainer(opts);
  return Fail(ErrorCode::kInvalidInput,
              "role_arn needs source_profile or credential_source (Environment, "
              "Ec2InstanceMetadata, EcsContainer)");
}

Result<Credentials> StaticKeys(const Profile& p, const std::string& where) {
  Credentials c;
  c.access_key_id = Get(p.values, "aws_access_key_id");
  c.secret_access_key = Get(p.values, "aws_secret_access_key");
  c.session_token = Get(p.values, "aws_session_token");
  c.source = where;
  if (c.access_key_id.empty() && c.secret_access_key.empty()) {
    return Fail(ErrorCode::kNotFound, where + " has no aws_access_key_id");
  }
  if (c.access_key_id.empty() || c.secret_access_key.empty()) {
    return Fail(ErrorCode::kAuth,
                where + ": aws_access_key_id and aws_secret_access_key must both be set");
  }
  return c;
}

Result<Credentials> FromProfile(std::string_view name, const ChainOptions& opts, int depth) {
  const std::string where = "profile " + std::string(name);
  if (depth > 4) return Fail(ErrorCode::kInvalidInput, where + ": source_profile chain too long");
  Profile p = LoadProfile(name, opts);
  if (!p.found) return Fail(ErrorCode::kNotFound, where + " not found in " + p.files);
  std::string role_arn = Get(p.values, "role_arn");
  if (role_arn.empty()) return StaticKeys(p, where);
  // source_profile naming the profile itself means "my own keys assume my role".
  Result<Credentials> base = Get(p.values, "source_profile") == name
                                 ? StaticKeys(p, where)
                                 : RoleBase(p.values, opts, depth);
  if (!base) return Fail(base.error().WithContext(where));
  AssumeRoleRequest req;
  req.role_arn = role_arn;
  if (std::string s = Get(p.values, "role_session_name"); !s.empty()) req.session_name = s;
  req.external_id = Get(p.values, "external_id");
  if (std::string d = Get(p.values, "duration_seconds"); !d.empty()) {
    req.duration_s = std::atoi(d.c_str());
  }
  std::string region = Get(p.values, "region");
  req.region = region.empty() ? "us-east-1" : region;
  req.endpoint = opts.sts_endpoint;
  req.clock = opts.clock;
  auto assumed = AssumeRole(*base, req);
  if (!assumed) return Fail(assumed.error().WithContext(where));
  return assumed;
}

}  // namespace

EnvLookup ProcessEnv() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* v = std::getenv(std::string(name).c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

Result<Credentials> CredentialsFromEnv(const EnvLookup& env) {
  Credentials c;
  c.access_key_id = EnvOr(env, "AWS_ACCESS_KEY_ID");
  c.secret_access_key = EnvOr(env, "AWS_SECRET_ACCESS_KEY");
  c.session_token = EnvOr(env, "AWS_SESSION_TOKEN");
  c.source = "env";
  if (c.access_key_id.empty() && c.secret_access_key.empty()) {
    return Fail(ErrorCode::kNotFound, "env: AWS_ACCESS_KEY_ID is not set");
  }
  if (c.access_key_id.empty() || c.secret_access_key.empty()) {
    return Fail(ErrorCode::kAuth,
                "env: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must both be set");
  }
  return c;
}

Result<Credentials> CredentialsFromProfile(std::string_view profile, const ChainOptions& opts) {
  return FromProfile(profile, opts, 0);
}

Result<Credentials> CredentialsFromContainer(const ChainOptions& opts) {
  EnvLookup env = EnvOf(opts);
  std::string relative = EnvOr(env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  std::string full = EnvOr(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI");
  std::string url;
  if (!relative.empty()) {
    url = std::string(kContainerHost) + relative;
  } else if (!full.empty()) {
    url = full;
  } else {
    return Fail(ErrorCode::kNotFound, "container: AWS_CONTAINER_CREDENTIALS_*_URI is not set");
  }
  // Split "scheme://host/path?query" into an endpoint and the rest.
  size_t host_start = url.find("://");
  size_t path_start =
      host_start == std::string::npos ? std::string::npos : url.find('/', host_start + 3);
  std::string base = url.substr(0, path_start);
  std::string rest = path_start == std::string::npos ? "/" : url.substr(path_start);
  auto ep = ParseEndpoint(base);
  if (!ep) return Fail(ep.error().WithContext("container"));
  // The authorization token must never travel in clear text to a remote host.
  if (relative.empty() && ep->scheme == "http" && !IsLoopbackHost(ep->host)) {
    return Fail(ErrorCode::kInvalidInput,
                "container: AWS_CONTAINER_CREDENTIALS_FULL_URI must be https or loopback");
  }
  Call call;
  size_t q = rest.find('?');
  call.path = rest.substr(0, q);
  if (q != std::string::npos) {
    // Keep the query verbatim by splitting it into decoded pairs.
    std::string_view qs = std::string_view(rest).substr(q + 1);
    while (!qs.empty()) {
      size_t amp = qs.find('&');
      std::string_view kv = qs.substr(0, amp);
      size_t eq = kv.find('=');
      call.query.emplace_back(UriDecode(kv.substr(0, eq)),
                              eq == std::string_view::npos ? "" : UriDecode(kv.substr(eq + 1)));
      if (amp == std::string_view::npos) break;
      qs.remove_prefix(amp + 1);
    }
  }
  if (std::string token = EnvOr(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN"); !token.empty()) {
    call.headers.emplace_back("Authorization", token);
  }
  auto resp = Perform(*ep, call, nullptr, {}, MetadataSettings(opts), Transient);
  if (!resp) return Fail(resp.error().WithContext("container"));
  if (resp->status != 200) {
    return Fail(resp->status == 401 || resp->status == 403 ? ErrorCode::kAuth : ErrorCode::kNetwork,
                "container: " + url + ": HTTP " + std::to_string(resp->status));
  }
  return ParseMetadataCredentials(resp->body, "container");
}

Result<Credentials> CredentialsFromImds(const ChainOptions& opts) {
  EnvLookup env = EnvOf(opts);
  if (EnvOr(env, "AWS_EC2_METADATA_DISABLED") == "true") {
    return Fail(ErrorCode::kNotFound, "imds: disabled by AWS_EC2_METADATA_DISABLED");
  }
  std::string url = !opts.imds_endpoint.empty() ? opts.imds_endpoint
                                                : EnvOr(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT",
                                                        std::string(kImdsDefault));
  auto ep = ParseEndpoint(url);
  if (!ep) return Fail(ep.error().WithContext("imds"));
  CallSettings settings = MetadataSettings(opts);

  Call put;
  put.method = "PUT";
  put.path = "/latest/api/token";
  put.headers = {{"X-aws-ec2-metadata-token-ttl-seconds", "21600"}};
  auto token = Perform(*ep, put, nullptr, {}, settings, Transient);
  if (!token) return Fail(token.error().WithContext("imds: token"));
  if (token->status != 200 || token->body.empty()) {
    return Fail(ErrorCode::kAuth, "imds: token request got HTTP " + std::to_string(token->status) +
                                      " (IMDSv2 required; IMDSv1 is not used)");
  }
  const std::string session = Trim(token->body);

  auto get = [&](const std::string& path) -> Result<std::string> {
    Call call;
    call.path = path;
    call.headers = {{"X-aws-ec2-metadata-token", session}};
    auto resp = Perform(*ep, call, nullptr, {}, settings, Transient);
    if (!resp) return Fail(resp.error().WithContext("imds: " + path));
    if (resp->status == 404) {
      return Fail(ErrorCode::kAuth, "imds: " + path + ": HTTP 404 (no instance profile role?)");
    }
    if (resp->status != 200) {
      return Fail(ErrorCode::kAuth, "imds: " + path + ": HTTP " + std::to_string(resp->status));
    }
    return std::move(resp->body);
  };
  const std::string base = "/latest/meta-data/iam/security-credentials/";
  auto roles = get(base);
  if (!roles) return Fail(roles.error());
  std::string role = Trim(std::string_view(*roles).substr(0, roles->find('\n')));
  if (role.empty()) return Fail(ErrorCode::kAuth, "imds: the instance has no IAM role");
  auto body = get(base + UriEncode(role, false));
  if (!body) return Fail(body.error());
  return ParseMetadataCredentials(*body, "imds role " + role);
}

Result<Credentials> ResolveCredentials(const ChainOptions& opts) {
  EnvLookup env = EnvOf(opts);
  std::string tried;
  auto note = [&](const Error& e) {
    if (!tried.empty()) tried += "; ";
    tried += e.message;
  };
  auto from_env = CredentialsFromEnv(env);
  if (from_env || from_env.error().code != ErrorCode::kNotFound) return from_env;
  note(from_env.error());

  std::string explicit_profile = !opts.profile.empty() ? opts.profile : EnvOr(env, "AWS_PROFILE");
  auto from_profile =
      CredentialsFromProfile(explicit_profile.empty() ? "default" : explicit_profile, opts);
  if (from_profile) return from_profile;
  if (from_profile.error().code != ErrorCode::kNotFound || !explicit_profile.empty()) {
    return from_profile;
  }
  note(from_profile.error());

  auto from_container = CredentialsFromContainer(opts);
  if (from_container || from_container.error().code != ErrorCode::kNotFound) {
    return from_container;
  }
  note(from_container.error());

  auto from_imds = CredentialsFromImds(opts);
  if (from_imds) return from_imds;
  note(from_imds.error());
  return Fail(ErrorCode::kAuth, "no AWS credentials found: " + tried);
}

std::string ResolveRegion(const ChainOptions& opts) {
  EnvLookup env = EnvOf(opts);
  if (std::string r = EnvOr(env, "AWS_REGION"); !r.empty()) return r;
  if (std::string r = EnvOr(env, "AWS_DEFAULT_REGION"); !r.empty()) return r;
  std::string name = !opts.profile.empty() ? opts.profile : EnvOr(env, "AWS_PROFILE", "default");
  Profile p = LoadProfile(name, opts);
  if (std::string r = Get(p.values, "region"); !r.empty()) return r;
  return "us-east-1";
}

std::string ResolveEndpoint(std::string_view service, const ChainOptions& opts) {
  EnvLookup env = EnvOf(opts);
  if (std::string e = EnvOr(env, "AWS_ENDPOINT_URL_" + std::string(service)); !e.empty()) return e;
  if (std::string e = EnvOr(env, "AWS_ENDPOINT_URL"); !e.empty()) return e;
  std::string name = !opts.profile.empty() ? opts.profile : EnvOr(env, "AWS_PROFILE", "default");
  return Get(LoadProfile(name, opts).values, "endpoint_url");
}

Result<Credentials> AssumeRole(const Credentials& base, const AssumeRoleRequest& req) {
  if (req.role_arn.empty()) return Fail(ErrorCode::kInvalidInput, "sts: empty role_arn");
  std::string url =
      req.endpoint.empty() ? "https://sts." + req.region + ".amazonaws.com" : req.endpoint;
  auto ep = ParseEndpoint(url);
  if (!ep) return Fail(ep.error().WithContext("sts"));
  Params form = {{"Action", "AssumeRole"},
                 {"Version", "2011-06-15"},
                 {"RoleArn", req.role_arn},
                 {"RoleSessionName", req.session_name},
                 {"DurationSeconds", std::to_string(req.duration_s)}};
  if (!req.external_id.empty()) form.emplace_back("ExternalId", req.external_id);
  Call call;
  call.method = "POST";
  call.headers = {{"content-type", "application/x-www-form-urlencoded; charset=utf-8"}};
  call.body = CanonicalQuery(form);  // The same encoding is valid form encoding.
  CallSettings settings{.connect_timeout_s = 10,
                        .timeout_s = req.timeout_s,
                        .max_bytes = 1 << 20,
                        .max_attempts = req.max_attempts,
                        .initial_backoff_ms = req.initial_backoff_ms,
                        .max_backoff_ms = 5000,
                        .clock = req.clock};
  SigningOptions signing{.region = req.region, .service = "sts"};
  auto retry = [](const net::HttpResponse& r) {
    return r.status >= 500 || r.status == 429 ||
           (r.status == 400 && r.body.find("<Code>Throttling</Code>") != std::string::npos);
  };
  const std::string what = "sts: AssumeRole " + req.role_arn;
  auto resp = Perform(*ep, call, &base, signing, settings, retry);
  if (!resp) return Fail(resp.error().WithContext(what));
  pugi::xml_document doc;
  bool xml_ok = static_cast<bool>(doc.load_buffer(resp->body.data(), resp->body.size()));
  if (resp->status != 200) {
    pugi::xml_node err = doc.child("ErrorResponse").child("Error");
    std::string code = err.child_value("Code");
    std::string msg = what + ": HTTP " + std::to_string(resp->status);
    if (!code.empty()) msg += " " + code + ": " + err.child_value("Message");
    ErrorCode ec = ErrorCode::kInvalidInput;
    if (resp->status == 403 || code == "AccessDenied" || code == "ExpiredToken" ||
        code == "InvalidClientTokenId" || code == "SignatureDoesNotMatch") {
      ec = ErrorCode::kAuth;
    } else if (resp->status >= 500 || resp->status == 429) {
      ec = ErrorCode::kNetwork;
    }
    return Fail(ec, msg);
  }
  pugi::xml_node creds =
      doc.child("AssumeRoleResponse").child("AssumeRoleResult").child("Credentials");
  if (!xml_ok || !creds) {
    return Fail(ErrorCode::kInvalidInput, what + ": response has no Credentials element");
  }
  Credentials c;
  c.access_key_id = creds.child_value("AccessKeyId");
  c.secret_access_key = creds.child_value("SecretAccessKey");
  c.session_token = creds.child_value("SessionToken");
  c.source = "sts " + req.role_arn;
  if (c.access_key_id.empty() || c.secret_access_key.empty() || c.session_token.empty()) {
    return Fail(ErrorCode::kInvalidInput, what + ": response has incomplete Credentials");
  }
  if (std::string exp = creds.child_value("Expiration"); !exp.empty()) {
    auto t = ParseIso8601(exp);
    if (!t) return Fail(t.error().WithContext(what + ": Expiration"));
    c.expiration = *t;
  }
  return c;
}

}  // namespace vs::aws
