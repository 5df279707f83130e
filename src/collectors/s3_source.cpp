#include "collectors/s3_source.h"

#include <algorithm>
#include <cstdlib>

#include "aws/credentials.h"

namespace vs::collectors {

S3ObjectSource::S3ObjectSource(aws::S3Config config, std::string bucket)
    : client_(std::move(config)), bucket_(std::move(bucket)) {}

Result<std::vector<ObjectInfo>> S3ObjectSource::List(std::string_view prefix) {
  Result<aws::ListObjectsResult> r = client_.ListObjectsV2(bucket_, prefix);
  if (!r) return Fail(r.error());
  std::vector<ObjectInfo> out;
  out.reserve(r->objects.size());
  for (const aws::S3Object& o : r->objects) out.push_back({o.key, o.size});
  std::sort(out.begin(), out.end(),
            [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
  return out;
}

Result<std::string> S3ObjectSource::Get(std::string_view key) {
  return client_.GetObject(bucket_, key);
}

Result<aws::S3Config> DefaultS3Config() {
  aws::S3Config cfg;
  Result<aws::Credentials> creds = aws::ResolveCredentials();
  if (!creds) return Fail(creds.error());
  cfg.credentials = *creds;
  std::string region = aws::ResolveRegion();
  if (!region.empty()) cfg.region = region;
  cfg.endpoint = aws::ResolveEndpoint("S3");
  return cfg;
}

}  // namespace vs::collectors
