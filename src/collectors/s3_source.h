// The SSM collector's ObjectSource over an S3 bucket (ListObjectsV2 + GetObject).
#pragma once

#include <memory>
#include <string>

#include "aws/s3.h"
#include "collectors/ssm.h"

namespace vs::collectors {

class S3ObjectSource : public ObjectSource {
 public:
  S3ObjectSource(aws::S3Config config, std::string bucket);
  Result<std::vector<ObjectInfo>> List(std::string_view prefix) override;
  Result<std::string> Get(std::string_view key) override;

 private:
  aws::S3Client client_;
  std::string bucket_;
};

// Region, credentials (environment, shared files, instance metadata) and endpoint
// (AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, for MinIO or a local fake) the usual way.
Result<aws::S3Config> DefaultS3Config();

}  // namespace vs::collectors
