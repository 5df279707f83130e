#include "aws/s3.h"

#include <charconv>
#include <cstring>

#include <pugixml.hpp>
#include <zlib.h>

#include "aws/call.h"

namespace vs::aws {
namespace {

// S3 error document: <Error><Code>NoSuchKey</Code><Message>…</Message>…</Error>.
struct S3Error {
  std::string code;
  std::string message;
  std::string region;  // AuthorizationHeaderMalformed / PermanentRedirect name the right one.
};

S3Error ParseError(std::string_view body) {
  S3Error e;
  pugi::xml_document doc;
  if (!doc.load_buffer(body.data(), body.size())) return e;
  pugi::xml_node err = doc.child("Error");
  e.code = err.child_value("Code");
  e.message = err.child_value("Message");
  e.region = err.child_value("Region");
  return e;
}

// Throttling and transient server errors (besides 5xx/429 statuses) by S3 error code.
bool IsRetryableCode(std::string_view code) {
  return code == "SlowDown" || code == "Throttling" || code == "ThrottlingException" ||
         code == "RequestLimitExceeded" || code == "RequestThrottled" ||
         code == "TooManyRequestsException" || code == "InternalError" ||
         code == "RequestTimeout" || code == "ServiceUnavailable";
}

bool ShouldRetry(const net::HttpResponse& r) {
  if (r.status >= 500 || r.status == 429) return true;
  if (r.status < 400) return false;
  return IsRetryableCode(ParseError(r.body).code);
}

// Percent-decoding as S3 applies it with encoding-type=url ('+' is a space, as in botocore's
// unquote_plus).
std::string FormDecode(std::string_view s) {
  std::string plus_as_space(s);
  for (char& c : plus_as_space) {
    if (c == '+') c = ' ';
  }
  return UriDecode(plus_as_space);
}

bool HasGzipMagic(std::string_view data) {
  return data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1f &&
         static_cast<unsigned char>(data[1]) == 0x8b;
}

// Inflates every gzip member of `data` (concatenated members are legal gzip).
Result<std::string> Gunzip(std::string_view data, uint64_t max_bytes) {
  std::string out;
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
    return Fail(ErrorCode::kInternal, "gzip: inflateInit2 failed");
  }
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  char buf[64 * 1024];
  int rc = Z_OK;
  while (true) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    out.append(buf, sizeof buf - zs.avail_out);
    if (out.size() > max_bytes) {
      inflateEnd(&zs);
      return Fail(ErrorCode::kInvalidInput, "gzip: inflated size exceeds the limit of " +
                                                std::to_string(max_bytes) + " bytes");
    }
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0) break;
      if (inflateReset(&zs) != Z_OK) break;  // Next member.
      continue;
    }
    if (zs.avail_in == 0 && zs.avail_out != 0) {
      rc = Z_BUF_ERROR;  // Input ended inside a member.
      break;
    }
  }
  std::string msg = zs.msg != nullptr ? zs.msg : "truncated or corrupt data";
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) return Fail(ErrorCode::kInvalidInput, "gzip: " + msg);
  return out;
}

struct Target {
  Endpoint endpoint;
  std::string path;  // Wire path of the bucket or object.
};

Result<Target> Resolve(const S3Config& config, std::string_view bucket, std::string_view key) {
  if (bucket.empty()) return Fail(ErrorCode::kInvalidInput, "s3: empty bucket name");
  Target t;
  std::string encoded_key = UriEncode(key, /*keep_slash=*/true);
  if (!config.endpoint.empty() || bucket.find('.') != std::string_view::npos) {
    // Path style: bucket names with dots break the wildcard TLS certificate.
    std::string url = config.endpoint.empty() ? "https://s3." + config.region + ".amazonaws.com"
                                              : config.endpoint;
    auto ep = ParseEndpoint(url);
    if (!ep) return Fail(ep.error().WithContext("s3"));
    t.endpoint = *ep;
    t.path = "/" + UriEncode(bucket, false);
    if (!key.empty()) t.path += "/" + encoded_key;
  } else {
    t.endpoint =
        Endpoint{"https", std::string(bucket) + ".s3." + config.region + ".amazonaws.com", ""};
    t.path = "/" + encoded_key;
  }
  return t;
}

CallSettings Settings(const S3Config& c) {
  return CallSettings{.connect_timeout_s = c.connect_timeout_s,
                      .timeout_s = c.timeout_s,
                      .max_bytes = c.max_object_bytes,
                      .max_attempts = c.max_attempts,
                      .initial_backoff_ms = c.initial_backoff_ms,
                      .max_backoff_ms = c.max_backoff_ms,
                      .clock = c.clock};
}

SigningOptions Signing(const S3Config& c) {
  return SigningOptions{.region = c.region,
                        .service = "s3",
                        .escape_path = false,
                        .payload = Payload::kHash,
                        .add_content_sha256 = true};
}

// Turns a non-2xx response into an error naming the operation, the S3 code and message.
Error ResponseError(std::string_view what, const net::HttpResponse& r) {
  S3Error e = ParseError(r.body);
  std::string msg = "s3: " + std::string(what) + ": HTTP " + std::to_string(r.status);
  if (!e.code.empty()) msg += " " + e.code;
  if (!e.message.empty()) msg += ": " + e.message;
  std::string region = e.region;
  if (auto it = r.headers.find("x-amz-bucket-region"); region.empty() && it != r.headers.end()) {
    region = it->second;
  }
  if (!region.empty()) msg += " (bucket region is " + region + ")";
  ErrorCode code = ErrorCode::kInvalidInput;
  if (r.status == 404 || e.code == "NoSuchKey" || e.code == "NoSuchBucket") {
    code = ErrorCode::kNotFound;
  } else if (r.status == 401 || r.status == 403) {
    code = ErrorCode::kAuth;
  } else if (r.status >= 500 || r.status == 429 || IsRetryableCode(e.code)) {
    code = ErrorCode::kNetwork;
  }
  return Error{code, std::move(msg)};
}

uint64_t ToU64(std::string_view s) {
  uint64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

}  // namespace

Result<S3Location> ParseS3Uri(std::string_view uri) {
  if (!uri.starts_with("s3://")) {
    return Fail(ErrorCode::kInvalidInput, "\"" + std::string(uri) + "\" is not an s3:// URI");
  }
  std::string_view rest = uri.substr(5);
  size_t slash = rest.find('/');
  S3Location loc;
  loc.bucket = std::string(rest.substr(0, slash));
  if (slash != std::string_view::npos) loc.prefix = std::string(rest.substr(slash + 1));
  if (loc.bucket.empty()) {
    return Fail(ErrorCode::kInvalidInput, "\"" + std::string(uri) + "\" has no bucket");
  }
  return loc;
}

Result<ListObjectsPage> ParseListObjectsV2(std::string_view xml) {
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size());
  if (!parsed) {
    return Fail(ErrorCode::kInvalidInput,
                std::string("s3: ListObjectsV2 response is not XML: ") + parsed.description());
  }
  pugi::xml_node root = doc.child("ListBucketResult");
  if (!root) {
    return Fail(ErrorCode::kInvalidInput, "s3: ListObjectsV2 response has no ListBucketResult");
  }
  const bool url_encoded = std::strcmp(root.child_value("EncodingType"), "url") == 0;
  auto text = [&](const char* value) {
    return url_encoded ? FormDecode(value) : std::string(value);
  };
  ListObjectsPage page;
  page.truncated = std::strcmp(root.child_value("IsTruncated"), "true") == 0;
  page.next_continuation_token = root.child_value("NextContinuationToken");
  for (pugi::xml_node c : root.children("Contents")) {
    S3Object obj;
    obj.key = text(c.child_value("Key"));
    obj.size = ToU64(c.child_value("Size"));
    obj.etag = c.child_value("ETag");
    if (obj.etag.size() >= 2 && obj.etag.front() == '"' && obj.etag.back() == '"') {
      obj.etag = obj.etag.substr(1, obj.etag.size() - 2);
    }
    obj.last_modified = c.child_value("LastModified");
    page.objects.push_back(std::move(obj));
  }
  for (pugi::xml_node p : root.children("CommonPrefixes")) {
    page.common_prefixes.push_back(text(p.child_value("Prefix")));
  }
  if (page.truncated && page.next_continuation_token.empty()) {
    return Fail(ErrorCode::kInvalidInput,
                "s3: ListObjectsV2 response is truncated but has no NextContinuationToken");
  }
  return page;
}

S3Client::S3Client(S3Config config) : config_(std::move(config)) {}

Result<ListObjectsPage> S3Client::ListObjectsV2Page(const ListObjectsRequest& req) const {
  auto target = Resolve(config_, req.bucket, "");
  if (!target) return Fail(target.error());
  Call call;
  call.path = target->path;
  call.query = {{"list-type", "2"},
                {"encoding-type", "url"},
                {"max-keys", std::to_string(req.max_keys > 0 ? req.max_keys : 1000)}};
  if (!req.prefix.empty()) call.query.emplace_back("prefix", req.prefix);
  if (!req.delimiter.empty()) call.query.emplace_back("delimiter", req.delimiter);
  if (!req.continuation_token.empty()) {
    call.query.emplace_back("continuation-token", req.continuation_token);
  }
  const std::string what = "list s3://" + req.bucket + "/" + req.prefix;
  auto resp = Perform(target->endpoint, call, &config_.credentials, Signing(config_),
                      Settings(config_), ShouldRetry);
  if (!resp) return Fail(resp.error().WithContext("s3: " + what));
  if (resp->status != 200) return Fail(ResponseError(what, *resp));
  auto page = ParseListObjectsV2(resp->body);
  if (!page) return Fail(page.error().WithContext(what));
  return page;
}

Result<ListObjectsResult> S3Client::ListObjectsV2(std::string_view bucket, std::string_view prefix,
                                                  std::string_view delimiter) const {
  ListObjectsResult out;
  ListObjectsRequest req{.bucket = std::string(bucket),
                         .prefix = std::string(prefix),
                         .delimiter = std::string(delimiter)};
  while (true) {
    auto page = ListObjectsV2Page(req);
    if (!page) return Fail(page.error());
    ++out.pages;
    for (auto& o : page->objects) out.objects.push_back(std::move(o));
    for (auto& p : page->common_prefixes) out.common_prefixes.push_back(std::move(p));
    if (!page->truncated) break;
    if (page->next_continuation_token == req.continuation_token) {
      return Fail(ErrorCode::kInvalidInput, "s3: list s3://" + req.bucket + "/" + req.prefix +
                                                ": the server repeated a continuation token");
    }
    req.continuation_token = page->next_continuation_token;
  }
  return out;
}

Result<std::string> S3Client::GetObject(std::string_view bucket, std::string_view key) const {
  auto target = Resolve(config_, bucket, key);
  if (!target) return Fail(target.error());
  Call call;
  call.path = target->path;
  const std::string what = "get s3://" + std::string(bucket) + "/" + std::string(key);
  auto resp = Perform(target->endpoint, call, &config_.credentials, Signing(config_),
                      Settings(config_), ShouldRetry);
  if (!resp) return Fail(resp.error().WithContext("s3: " + what));
  if (resp->status != 200) return Fail(ResponseError(what, *resp));
  // libcurl already decodes a Content-Encoding: gzip it negotiated; a .gz object (or one whose
  // encoding curl left alone) still starts with the gzip magic.
  auto enc = resp->headers.find("content-encoding");
  bool gzip_declared = key.ends_with(".gz") || (enc != resp->headers.end() &&
                                                enc->second.find("gzip") != std::string::npos);
  if (gzip_declared && HasGzipMagic(resp->body)) {
    auto plain = Gunzip(resp->body, config_.max_object_bytes);
    if (!plain) return Fail(plain.error().WithContext("s3: " + what));
    return plain;
  }
  return std::move(resp->body);
}

Status S3Client::PutObject(std::string_view bucket, std::string_view key, std::string_view body,
                           std::string_view content_type) const {
  if (key.empty()) return Fail(ErrorCode::kInvalidInput, "s3: put: empty key");
  auto target = Resolve(config_, bucket, key);
  if (!target) return Fail(target.error());
  Call call;
  call.method = "PUT";
  call.path = target->path;
  call.headers = {{"content-type", std::string(content_type)}};
  call.body = std::string(body);
  const std::string what = "put s3://" + std::string(bucket) + "/" + std::string(key);
  auto resp = Perform(target->endpoint, call, &config_.credentials, Signing(config_),
                      Settings(config_), ShouldRetry);
  if (!resp) return Fail(resp.error().WithContext("s3: " + what));
  if (resp->status != 200) return Fail(ResponseError(what, *resp));
  return Ok();
}

}  // namespace vs::aws
