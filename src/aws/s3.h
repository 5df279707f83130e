// S3 client: ListObjectsV2 (prefix, delimiter, continuation tokens), GetObject (gunzips .gz
// objects and Content-Encoding: gzip) and PutObject, signed with SigV4, retried with backoff on
// 5xx / SlowDown / throttling. Path-style addressing for an endpoint override (s3rver, MinIO).
// Shapes: formats.md §1.5. Thread-safe: a client holds only its configuration.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/sigv4.h"
#include "core/result.h"

namespace vs::aws {

struct S3Config {
  std::string region = "us-east-1";
  // Empty: https://<bucket>.s3.<region>.amazonaws.com (virtual-hosted style, or path style
  // when the bucket name contains a dot). Set, e.g. "http://127.0.0.1:14568": path style there.
  std::string endpoint;
  Credentials credentials;
  long connect_timeout_s = 10;
  long timeout_s = 300;                    // Whole transfer.
  uint64_t max_object_bytes = 1ull << 30;  // Also bounds the gunzipped size.
  int max_attempts = 5;
  long initial_backoff_ms = 200;
  long max_backoff_ms = 5000;
  std::function<Clock::time_point()> clock;  // Signing time; system clock when empty.
};

struct S3Object {
  std::string key;
  uint64_t size = 0;
  std::string etag;           // Without the quotes.
  std::string last_modified;  // As sent, e.g. "2024-05-01T03:00:14.000Z".
};

struct ListObjectsPage {
  std::vector<S3Object> objects;
  std::vector<std::string> common_prefixes;
  bool truncated = false;
  std::string next_continuation_token;
};

struct ListObjectsRequest {
  std::string bucket;
  std::string prefix;
  std::string delimiter;  // e.g. "/" to get the next level as common_prefixes.
  std::string continuation_token;
  int max_keys = 1000;
};

struct ListObjectsResult {
  std::vector<S3Object> objects;
  std::vector<std::string> common_prefixes;
  int pages = 0;
};

// "s3://bucket/some/prefix" → {bucket, prefix}. Errors: kInvalidInput.
struct S3Location {
  std::string bucket;
  std::string prefix;
};
Result<S3Location> ParseS3Uri(std::string_view uri);

// One ListBucketResult document → a page (keys decoded when EncodingType is url).
// Errors: kInvalidInput for a document that is not a ListBucketResult.
Result<ListObjectsPage> ParseListObjectsV2(std::string_view xml);

class S3Client {
 public:
  explicit S3Client(S3Config config);

  // One ListObjectsV2 page. Errors as GetObject.
  Result<ListObjectsPage> ListObjectsV2Page(const ListObjectsRequest& req) const;

  // Every page of a listing, following NextContinuationToken.
  Result<ListObjectsResult> ListObjectsV2(std::string_view bucket, std::string_view prefix,
                                          std::string_view delimiter = "") const;

  // The object's bytes, gunzipped when the key ends in .gz or the object is stored with
  // Content-Encoding gzip. Errors: kNotFound (NoSuchKey/NoSuchBucket), kAuth (403: the S3 error
  // Code and Message are in the message), kNetwork (5xx or transport, after retries),
  // kInvalidInput (over max_object_bytes, corrupt gzip, other 4xx).
  Result<std::string> GetObject(std::string_view bucket, std::string_view key) const;

  // Stores `body` under `key` (x-amz-content-sha256 = payload hash). Errors as GetObject.
  Status PutObject(std::string_view bucket, std::string_view key, std::string_view body,
                   std::string_view content_type = "application/octet-stream") const;

 private:
  S3Config config_;
};

}  // namespace vs::aws
