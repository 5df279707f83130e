#include "aws/sigv4.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <map>

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace vs::aws {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";

using Digest = std::array<unsigned char, 32>;

Digest Sha256(std::string_view data) {
  Digest out{};
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr);
  return out;
}

Digest Hmac(std::string_view key, std::string_view data) {
  Digest out{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &len);
  return out;
}

std::string_view View(const Digest& d) {
  return {reinterpret_cast<const char*>(d.data()), d.size()};
}

std::string Hex(const Digest& d) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(d.size() * 2);
  for (unsigned char c : d) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Headers that proxies and HTTP stacks add or rewrite; the official signer never signs them
// (@smithy/signature-v4 ALWAYS_UNSIGNABLE_HEADERS plus the proxy-* and sec-* patterns).
bool IsUnsignable(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "authorization", "cache-control",     "connection", "expect",     "from",
      "keep-alive",    "max-forwards",      "pragma",     "referer",    "te",
      "trailer",       "transfer-encoding", "upgrade",    "user-agent", "x-amzn-trace-id"};
  if (std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames)) return true;
  return name.starts_with("proxy-") || name.starts_with("sec-");
}

// RFC 7230 token characters.
bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Trims and collapses runs of spaces/tabs to one space (SigV4 canonical header value).
std::string CanonicalValue(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  bool in_space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t') {
      in_space = true;
      continue;
    }
    if (in_space && !out.empty()) out.push_back(' ');
    in_space = false;
    out.push_back(c);
  }
  return out;
}

// Removes "." and empty segments and resolves ".." (non-S3 services only).
std::string NormalizePath(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view seg = path.substr(start, slash - start);
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(seg);
    }
    start = slash + 1;
  }
  std::string out = path.starts_with('/') ? "/" : "";
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) out.push_back('/');
    out.append(segments[i]);
  }
  if (!segments.empty() && path.ends_with('/')) out.push_back('/');
  return out;
}

std::string CanonicalPath(std::string_view path, bool escape) {
  if (path.empty()) return "/";
  if (!escape) return std::string(path);
  std::string normalized = NormalizePath(path);
  if (normalized.empty()) return "/";
  // The wire path is already encoded once; encoding it again is what AWS expects.
  return UriEncode(normalized, /*keep_slash=*/true);
}

}  // namespace

std::string UriEncode(std::string_view s, bool keep_slash) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3 / 2);
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kDigits[c >> 4]);
      out.push_back(kDigits[c & 15]);
    }
  }
  return out;
}

std::string UriDecode(std::string_view s) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = hex(s[i + 1]);
      int lo = hex(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

std::string CanonicalQuery(const Params& query) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(query.size());
  for (const auto& [name, value] : query) {
    encoded.emplace_back(UriEncode(name, false), UriEncode(value, false));
  }
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) out.push_back('&');
    out.append(name).push_back('=');
    out.append(value);
  }
  return out;
}

std::string HexSha256(std::string_view data) { return Hex(Sha256(data)); }

std::string AmzDate(Clock::time_point t) {
  std::time_t secs = Clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  size_t n = std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return std::string(buf, n);
}

Result<Signature> Sign(const SignableRequest& req, const Credentials& creds,
                       const SigningOptions& opts, Clock::time_point now) {
  if (creds.access_key_id.empty() || creds.secret_access_key.empty()) {
    return Fail(ErrorCode::kAuth, "sigv4: no access key id or secret access key");
  }
  if (req.host.empty()) return Fail(ErrorCode::kInvalidInput, "sigv4: request has no host");
  if (opts.region.empty() || opts.service.empty()) {
    return Fail(ErrorCode::kInvalidInput, "sigv4: region and service are required");
  }

  // Canonical headers by lower-case name; repeated names join their values with ','.
  std::map<std::string, std::string> canonical;
  std::string payload_hash;
  bool has_host = false;
  for (const auto& [raw_name, value] : req.headers) {
    if (raw_name.empty() || !std::all_of(raw_name.begin(), raw_name.end(), IsTokenChar)) {
      return Fail(ErrorCode::kInvalidInput, "sigv4: bad header name \"" + raw_name + "\"");
    }
    if (value.find_first_of("\r\n") != std::string::npos) {
      return Fail(ErrorCode::kInvalidInput, "sigv4: header " + raw_name + " contains CR/LF");
    }
    std::string name = Lower(raw_name);
    if (name == "authorization" || name == "x-amz-date" || name == "date") continue;
    if (name == "x-amz-security-token" && !creds.session_token.empty()) continue;
    if (name == "x-amz-content-sha256") payload_hash = value;
    if (name == "host") has_host = true;
    if (IsUnsignable(name)) continue;
    std::string v = CanonicalValue(value);
    auto [it, inserted] = canonical.try_emplace(name, v);
    if (!inserted) it->second.append(",").append(v);
  }

  Signature out;
  const std::string amz_date = AmzDate(now);
  const std::string short_date = amz_date.substr(0, 8);
  if (!has_host) canonical["host"] = CanonicalValue(req.host);
  canonical["x-amz-date"] = amz_date;
  out.headers.emplace_back("x-amz-date", amz_date);
  if (!creds.session_token.empty()) {
    canonical["x-amz-security-token"] = CanonicalValue(creds.session_token);
    out.headers.emplace_back("x-amz-security-token", creds.session_token);
  }
  if (payload_hash.empty()) {
    payload_hash =
        opts.payload == Payload::kUnsigned ? std::string(kUnsignedPayload) : HexSha256(req.body);
    if (opts.add_content_sha256) {
      canonical["x-amz-content-sha256"] = payload_hash;
      out.headers.emplace_back("x-amz-content-sha256", payload_hash);
    }
  }

  std::string signed_headers;
  std::string header_block;
  for (const auto& [name, value] : canonical) {
    if (!signed_headers.empty()) signed_headers.push_back(';');
    signed_headers.append(name);
    header_block.append(name).append(":").append(value).push_back('\n');
  }

  out.canonical_request.append(req.method).push_back('\n');
  out.canonical_request.append(CanonicalPath(req.path, opts.escape_path)).push_back('\n');
  out.canonical_request.append(CanonicalQuery(req.query)).push_back('\n');
  out.canonical_request.append(header_block).push_back('\n');
  out.canonical_request.append(signed_headers).push_back('\n');
  out.canonical_request.append(payload_hash);

  const std::string scope = short_date + "/" + opts.region + "/" + opts.service + "/aws4_request";
  out.string_to_sign = std::string(kAlgorithm) + "\n" + amz_date + "\n" + scope + "\n" +
                       HexSha256(out.canonical_request);

  Digest key = Hmac("AWS4" + creds.secret_access_key, short_date);
  key = Hmac(View(key), opts.region);
  key = Hmac(View(key), opts.service);
  key = Hmac(View(key), "aws4_request");
  out.signature = Hex(Hmac(View(key), out.string_to_sign));

  out.headers.emplace_back("authorization", std::string(kAlgorithm) +
                                                " Credential=" + creds.access_key_id + "/" + scope +
                                                ", SignedHeaders=" + signed_headers +
                                                ", Signature=" + out.signature);
  return out;
}

}  // namespace vs::aws
