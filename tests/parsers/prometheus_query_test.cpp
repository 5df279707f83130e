#include "parsers/prometheus_query.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "parsers/trivy_metrics.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

TEST(PrometheusQueryParse, TrivyVulnerabilitiesGolden) {
  Result<model::Batch> batch =
      ParsePrometheusQuery(ReadTestdata("prometheus_query", "trivy_vulnerabilities.json"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, "prometheus_query", "trivy_vulnerabilities"), "");
}

TEST(PrometheusQueryParse, ScrapeLabelsOfTheExporterPodAreNotTheWorkload) {
  Result<model::Batch> batch =
      ParsePrometheusQuery(ReadTestdata("prometheus_query", "trivy_vulnerabilities.json"));
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->reports.size(), 1u);
  const model::AssetReport& web = batch->reports[0];
  EXPECT_EQ(web.asset.key, "registry.example.com/shop/web:1.4.2");
  // namespace="monitoring", pod="kube-trivy-exporter-0" describe the exporter.
  EXPECT_TRUE(web.asset.namespaces.empty());
  EXPECT_TRUE(web.asset.workloads.empty());
  ASSERT_EQ(web.findings.size(), 1u);
  EXPECT_EQ(web.findings[0].vulnerability_id, "CVE-2023-3817");
  // The jar target lost its image.
  ASSERT_EQ(batch->warnings.size(), 1u);
  EXPECT_EQ(batch->warnings[0].record, "result[0]");
}

TEST(PrometheusQueryParse, JoinWithKubePodContainerInfo) {
  TrivyMetrics metrics;
  for (std::string_view name : {"trivy_vulnerabilities.json", "kube_pod_container_info.json"}) {
    Result<PromQueryInfo> info = ParsePromQueryResponse(
        ReadTestdata("prometheus_query", name),
        [&](const PromSample& s) {
          EXPECT_TRUE(s.timestamp_ms.has_value());
          EXPECT_EQ(*s.timestamp_ms, 1714564800123);
          EXPECT_EQ(PromLabelValue(s.labels, "__name__"), "");  // It is the name instead.
          metrics.Add(s, "r");
        },
        nullptr);
    ASSERT_TRUE(info) << name;
  }
  model::Batch batch;
  metrics.Finish(batch);
  ASSERT_EQ(batch.reports.size(), 1u);
  const model::Asset& a = batch.reports[0].asset;
  EXPECT_EQ(a.key,
            "registry.example.com/shop/"
            "web@sha256:3f1c0d9ab2e4c5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4");
  EXPECT_EQ(a.namespaces, std::vector<std::string>{"shop"});
  EXPECT_EQ(a.workloads, std::vector<std::string>{"shop/Pod/web-7d9c6b5f8-x2k9p"});
}

TEST(PrometheusQueryParse, ErrorEnvelopeIsAnError) {
  Result<model::Batch> batch = ParsePrometheusQuery(ReadTestdata("prometheus_query", "error.json"));
  ASSERT_FALSE(batch);
  EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(batch.error().message.find("bad_data: invalid parameter"), std::string::npos);
}

TEST(PrometheusQueryParse, EmptyInput) {
  Result<PromQueryInfo> info = ParsePromQueryResponse(
      ReadTestdata("prometheus_query", "empty_with_infos.json"), nullptr, nullptr);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->series, 0u);
  EXPECT_TRUE(info->warnings.empty());
  ASSERT_EQ(info->infos.size(), 1u);
  Result<model::Batch> batch =
      ParsePrometheusQuery(ReadTestdata("prometheus_query", "empty_with_infos.json"));
  ASSERT_TRUE(batch);
  EXPECT_TRUE(batch->reports.empty());
  EXPECT_TRUE(batch->warnings.empty());
}

TEST(PrometheusQueryParse, MalformedSeriesWarnAndOthersAreKept) {
  Result<model::Batch> batch =
      ParsePrometheusQuery(R"({"status":"success","warnings":["remote read failed"],
    "data":{"resultType":"vector","result":[
      {"metric":{"__name__":"trivy_vulnerabilities","image":"r/x:1"},"value":[1,"1"]},
      {"metric":{"__name__":"trivy_vulnerabilities","image":7},"value":[1,"1"]},
      {"metric":{"__name__":"trivy_vulnerabilities"},"value":[1,"one"]},
      "nonsense",
      {"metric":{"__name__":"trivy_vulnerabilities","image":"r/x:1","vulnerabilityId":"CVE-2024-9",
                 "pkgName":"p","installedVersion":"1","severity":"CRITICAL"},"value":[1,"1"]}]}})");
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->reports.size(), 1u);
  ASSERT_EQ(batch->reports[0].findings.size(), 1u);
  EXPECT_EQ(batch->reports[0].findings[0].vulnerability_id, "CVE-2024-9");
  std::vector<std::string> records;
  for (const model::Warning& w : batch->warnings) records.push_back(w.record);
  EXPECT_EQ(records, (std::vector<std::string>{"result[1]", "result[2]", "result[3]", "warnings",
                                               "result[0]"}));
}

TEST(PrometheusQueryParse, GarbageIsAnError) {
  for (std::string_view input :
       {"", "not json", "[]", R"({"status":"success"})",
        R"({"status":"success","data":{"resultType":"matrix","result":[]}})"}) {
    Result<model::Batch> batch = ParsePrometheusQuery(input);
    EXPECT_FALSE(batch) << input;
  }
}

TEST(PrometheusQueryParse, RegistryDetectsResponses) {
  for (std::string_view name : {"trivy_vulnerabilities.json", "error.json"}) {
    Result<const Parser*> p = DetectFormat(ReadTestdata("prometheus_query", name), name);
    ASSERT_TRUE(p) << name;
    EXPECT_EQ((*p)->key, "prometheus_query");
  }
}

}  // namespace
}  // namespace vs::parsers
