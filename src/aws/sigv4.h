// AWS Signature Version 4 (Authorization header form) on OpenSSL: a pure function from a
// request, credentials, scope and clock to the headers to add. Own code because libcurl's
// built-in signer does not sort query parameters (stack.md §7.6). Rules: formats.md §2; the
// behaviour matches @smithy/signature-v4 (differential test in tests/aws/sigv4_test.cpp).
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace vs::aws {

using Clock = std::chrono::system_clock;

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;       // Empty for long-term keys; sent as x-amz-security-token.
  Clock::time_point expiration{};  // Epoch (the default) when the keys do not expire.
  std::string source;              // Where they came from, for messages: "env", "imds", ...
};

// Ordered name/value pairs; names may repeat.
using Params = std::vector<std::pair<std::string, std::string>>;

struct SignableRequest {
  std::string method = "GET";
  std::string host;        // Host header value, with ":port" when not the scheme's default.
  std::string path = "/";  // As sent on the wire, already percent-encoded (see UriEncode).
  Params query;            // Decoded names and values; repeated names and empty values allowed.
  Params headers;          // Further headers sent and signed, e.g. content-type, x-amz-target.
  std::string_view body;
};

enum class Payload {
  kHash,      // x-amz-content-sha256 / canonical payload = hex SHA-256 of the body.
  kUnsigned,  // "UNSIGNED-PAYLOAD" (S3 only).
};

struct SigningOptions {
  std::string region;
  std::string service;  // "s3", "athena", "sts", ...
  // Non-S3 services normalise the path (".", "..", "//") and encode it a second time; S3 signs
  // the path exactly as sent (@smithy/signature-v4 option uriEscapePath).
  bool escape_path = true;
  Payload payload = Payload::kHash;
  bool add_content_sha256 = true;  // Send and sign x-amz-content-sha256 (S3 requires it).
};

struct Signature {
  Params headers;  // Lower-case names to add to the request: x-amz-date, x-amz-security-token
                   // (session credentials), x-amz-content-sha256, authorization.
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;  // 64 hex digits.
};

// Signs `req` for `now`. A request header named x-amz-content-sha256 is taken as the payload
// hash (as the official signer does); authorization, x-amz-date and date are replaced; headers
// that proxies rewrite (user-agent, connection, ...) are sent but not signed. Errors:
// kAuth (no access key or secret), kInvalidInput (no host/region/service, a header name that
// is not a token, or CR/LF in a header value).
Result<Signature> Sign(const SignableRequest& req, const Credentials& creds,
                       const SigningOptions& opts, Clock::time_point now);

// RFC 3986 percent-encoding as SigV4 wants it: keeps A-Z a-z 0-9 - _ . ~ (and '/' when
// `keep_slash`), everything else becomes %XX (upper-case hex) per UTF-8 byte. For an S3 key:
// UriEncode(key, true) gives the wire path.
std::string UriEncode(std::string_view s, bool keep_slash);

// Decodes %XX escapes (and nothing else: '+' stays '+'). Invalid escapes are kept verbatim.
std::string UriDecode(std::string_view s);

// The canonical query string: names and values encoded, sorted by name then value, "name=" for
// empty values, joined with '&'. Also the query string to send, so that what is signed is
// exactly what goes on the wire.
std::string CanonicalQuery(const Params& query);

// Hex SHA-256 of `data` (lower case), e.g. of "" → "e3b0c442…b855".
std::string HexSha256(std::string_view data);

// "YYYYMMDDTHHMMSSZ" (UTC) as sent in x-amz-date.
std::string AmzDate(Clock::time_point t);

}  // namespace vs::aws
