#include "parsers/prometheus_text.h"

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

// An owned copy of a sample, for comparing across parses.
struct Owned {
  std::string name;
  std::vector<std::pair<std::string, std::string>> labels;
  double value = 0;
  std::optional<int64_t> timestamp_ms;
  size_t line = 0;
  bool operator==(const Owned& o) const {
    bool same_value = (std::isnan(value) && std::isnan(o.value)) || value == o.value;
    return name == o.name && labels == o.labels && same_value && timestamp_ms == o.timestamp_ms &&
           line == o.line;
  }
};

struct Collected {
  std::vector<Owned> samples;
  std::vector<std::pair<size_t, std::string>> errors;
};

Owned Own(const PromSample& s) {
  Owned o{std::string(s.name), {}, s.value, s.timestamp_ms, s.line};
  for (const PromLabel& l : s.labels) o.labels.emplace_back(l.name, l.value);
  return o;
}

// Feeds `body` split into chunks of `chunk` bytes (0: in one piece).
Collected Parse(std::string_view body, size_t chunk = 0) {
  Collected c;
  PromTextParser parser([&](const PromSample& s) { c.samples.push_back(Own(s)); },
                        [&](size_t line, std::string_view reason) {
                          c.errors.emplace_back(line, std::string(reason));
                        });
  if (chunk == 0) {
    parser.Feed(body);
  } else {
    for (size_t i = 0; i < body.size(); i += chunk) parser.Feed(body.substr(i, chunk));
  }
  parser.Finish();
  return c;
}

TEST(PrometheusTextParse, KubeTrivyExporterGolden) {
  Result<model::Batch> batch =
      ParsePrometheusText(ReadTestdata("prometheus_text", "kube_trivy_exporter.txt"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, "prometheus_text", "kube_trivy_exporter"), "");
}

TEST(PrometheusTextParse, TrivyOperatorGolden) {
  Result<model::Batch> batch =
      ParsePrometheusText(ReadTestdata("prometheus_text", "trivy_operator.txt"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, "prometheus_text", "trivy_operator"), "");
}

TEST(PrometheusTextParse, KubeStateMetricsJoinGolden) {
  Result<model::Batch> batch =
      ParsePrometheusText(ReadTestdata("prometheus_text", "exporter_with_kube_state_metrics.txt"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, "prometheus_text", "exporter_with_kube_state_metrics"), "");
}

TEST(PrometheusTextParse, ExporterImagesAndFindings) {
  Result<model::Batch> batch =
      ParsePrometheusText(ReadTestdata("prometheus_text", "kube_trivy_exporter.txt"));
  ASSERT_TRUE(batch);
  // Two images; the lockfile and jar "images" are language-package targets, skipped with warnings.
  ASSERT_EQ(batch->reports.size(), 2u);
  const model::AssetReport& alpine = batch->reports[0];
  const model::AssetReport& web = batch->reports[1];
  EXPECT_EQ(alpine.asset.key, "docker.io/library/alpine:3.18.4");
  EXPECT_EQ(alpine.asset.kind, model::AssetKind::kImage);
  EXPECT_FALSE(alpine.has_inventory);
  ASSERT_EQ(web.findings.size(), 2u);
  const model::ExternalFinding& ssl = web.findings[1];
  EXPECT_EQ(ssl.vulnerability_id, "CVE-2023-3817");
  EXPECT_EQ(ssl.package.name, "libssl3");
  EXPECT_EQ(ssl.package.version, "3.0.9-1");
  EXPECT_EQ(ssl.fixed_version, "3.0.11-1~deb12u2");
  EXPECT_EQ(ssl.severity, model::Severity::kHigh);
  EXPECT_EQ(ssl.external_id, "CVE-2023-3817/libssl3@3.0.9-1");
  // No namespace is known without kube_pod_container_info.
  EXPECT_TRUE(web.asset.namespaces.empty());
  ASSERT_EQ(batch->warnings.size(), 2u);
  EXPECT_NE(batch->warnings[0].reason.find("opt/app/lib/log4j-core-2.14.1.jar"), std::string::npos);
  EXPECT_EQ(batch->warnings[0].record, "line 6");
}

TEST(PrometheusTextParse, JoinGivesDigestKeyNamespaceAndPod) {
  Result<model::Batch> batch =
      ParsePrometheusText(ReadTestdata("prometheus_text", "exporter_with_kube_state_metrics.txt"));
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->reports.size(), 2u);
  const model::Asset& web = batch->reports[1].asset;
  EXPECT_EQ(web.key,
            "registry.example.com/shop/"
            "web@sha256:3f1c0d9ab2e4c5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4");
  EXPECT_EQ(web.image, "registry.example.com/shop/web:1.4.2");
  EXPECT_EQ(web.namespaces, std::vector<std::string>{"shop"});
  EXPECT_EQ(web.workloads, std::vector<std::string>{"shop/Pod/web-7d9c6b5f8-x2k9p"});
}

TEST(PrometheusTextParse, OperatorCountsAreTagsNotFindings) {
  Result<model::Batch> batch =
      ParsePrometheusText(ReadTestdata("prometheus_text", "trivy_operator.txt"));
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->reports.size(), 1u);
  const model::AssetReport& r = batch->reports[0];
  EXPECT_EQ(r.asset.digest,
            "sha256:3f1c0d9ab2e4c5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4");
  EXPECT_EQ(r.asset.namespaces, std::vector<std::string>{"shop"});
  EXPECT_EQ(r.asset.workloads, std::vector<std::string>{"shop/ReplicaSet/web-7d9c6b5f8"});
  EXPECT_EQ(r.asset.tags.at("trivy_operator.high"), "7");
  EXPECT_EQ(r.asset.tags.at("trivy_operator.unknown"), "0");
  ASSERT_EQ(r.findings.size(), 1u);  // Only the per-CVE series.
  EXPECT_EQ(r.findings[0].vulnerability_id, "CVE-2021-44228");
  EXPECT_EQ(r.findings[0].package.ecosystem, "Maven");
  EXPECT_EQ(r.findings[0].package.location, "opt/app/lib/log4j-core-2.14.1.jar");
  EXPECT_EQ(r.findings[0].cvss_score, 10);
  EXPECT_EQ(r.findings[0].severity, model::Severity::kCritical);
}

TEST(PrometheusTextParse, OperatorCountsOnlyNoteTheSwitch) {
  // trivy-operator's default: no trivy_vulnerability_id series at all.
  std::string body = ReadTestdata("prometheus_text", "trivy_operator.txt");
  body = body.substr(0, body.find("# HELP trivy_vulnerability_id"));
  Result<model::Batch> batch = ParsePrometheusText(body);
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->reports.size(), 1u);
  EXPECT_TRUE(batch->reports[0].findings.empty());
  EXPECT_NE(batch->reports[0].asset.note.find("69 vulnerabilities"), std::string::npos)
      << batch->reports[0].asset.note;
}

TEST(PrometheusTextParse, ExportedNamespaceWinsOverScrapeTarget) {
  // Scraped by a Prometheus that added the operator pod's namespace as a target label.
  Result<model::Batch> batch = ParsePrometheusText(
      "trivy_vulnerability_id{exported_namespace=\"shop\",namespace=\"monitoring\","
      "image_registry=\"r.io\",image_repository=\"a/"
      "b\",image_tag=\"1\",resource_kind=\"Deployment\","
      "resource_name=\"b\",vuln_id=\"CVE-2024-1\",resource=\"zlib\",installed_version=\"1.2\","
      "severity=\"Low\"} 1\n");
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->reports.size(), 1u);
  EXPECT_EQ(batch->reports[0].asset.key, "r.io/a/b:1");
  EXPECT_EQ(batch->reports[0].asset.namespaces, std::vector<std::string>{"shop"});
  EXPECT_EQ(batch->reports[0].asset.workloads, std::vector<std::string>{"shop/Deployment/b"});
}

TEST(PromTextParser, SamplesLabelsValuesAndTimestamps) {
  Collected c = Parse(
      "# HELP a_total Help with \\\\ and \\n escapes\n"
      "# TYPE a_total counter\n"
      "# a free comment\n"
      "\n"
      "a_total 1\n"
      "b{x=\"1, 2}\",y=\"q\\\"uote\\\\back\\nline\",} -Inf 1700000000000\n"
      "  c_nan NaN\n"
      "d:e_inf{ z = \"\" } +Inf -5\n"
      "f 1.5e-3\t \n"
      "g{} 0x\n");
  ASSERT_EQ(c.samples.size(), 5u);
  EXPECT_EQ(c.samples[0], (Owned{"a_total", {}, 1, std::nullopt, 5}));
  EXPECT_EQ(
      c.samples[1],
      (Owned{"b", {{"x", "1, 2}"}, {"y", "q\"uote\\back\nline"}}, -INFINITY, 1700000000000, 6}));
  EXPECT_EQ(c.samples[2], (Owned{"c_nan", {}, NAN, std::nullopt, 7}));
  EXPECT_EQ(c.samples[3], (Owned{"d:e_inf", {{"z", ""}}, INFINITY, -5, 8}));
  EXPECT_EQ(c.samples[4], (Owned{"f", {}, 1.5e-3, std::nullopt, 9}));
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].first, 10u);
}

TEST(PromTextParser, ViewsPointIntoTheInputUnlessEscaped) {
  std::string body = "m{a=\"plain\",b=\"esc\\\"aped\"} 1\n";
  bool checked = false;
  ParsePromText(
      body,
      [&](const PromSample& s) {
        const char* lo = body.data();
        const char* hi = body.data() + body.size();
        EXPECT_TRUE(s.name.data() >= lo && s.name.data() < hi);
        EXPECT_TRUE(s.labels[0].value.data() >= lo && s.labels[0].value.data() < hi);
        EXPECT_FALSE(s.labels[1].value.data() >= lo && s.labels[1].value.data() < hi);
        EXPECT_EQ(s.labels[1].value, "esc\"aped");
        checked = true;
      },
      nullptr);
  EXPECT_TRUE(checked);
}

TEST(PromTextParser, AnyChunkingGivesTheSameSamples) {
  std::string body = ReadTestdata("prometheus_text", "exporter_with_kube_state_metrics.txt") +
                     "esc{v=\"a\\\\b\\\"c\"} 2 3";  // Escapes, and no final newline.
  Collected whole = Parse(body);
  ASSERT_EQ(whole.samples.size(), 8u);
  EXPECT_TRUE(whole.errors.empty());
  for (size_t chunk : {1, 2, 3, 7, 64, 100, 333}) {
    Collected split = Parse(body, chunk);
    EXPECT_EQ(split.samples, whole.samples) << "chunk " << chunk;
    EXPECT_TRUE(split.errors.empty()) << "chunk " << chunk;
  }
}

TEST(PromTextParser, MalformedLinesAreReportedWithLineNumbersAndSkipped) {
  Collected c = Parse(
      "ok 1\n"
      "9bad 1\n"                      // 2: name starts with a digit
      "m{a=\"x\" 1\n"                 // 3: no closing brace
      "m{a=\"x\\q\"} 1\n"             // 4: invalid escape
      "m{a=\"x\",a=\"y\"} 1\n"        // 5: duplicate label
      "m{a=\"unterminated} 1\n"       // 6
      "m{1a=\"x\"} 1\n"               // 7: label name
      "m{a:b=\"x\"} 1\n"              // 8: ':' not allowed in label names
      "m\n"                           // 9: no value
      "m one\n"                       // 10
      "m 1 2 3\n"                     // 11: text after timestamp
      "m 1 1.5\n"                     // 12: fractional timestamp
      "m{a=\"\xff\"} 1\n"             // 13: not UTF-8
      "m{a=\"x\"}\n"                  // 14: no value
      "m ++1\n"                       // 15
      "last{a=\"\xc3\xa9\"} 2\r\n");  // 16: valid UTF-8, CRLF tolerated
  ASSERT_EQ(c.samples.size(), 2u);
  EXPECT_EQ(c.samples[1].labels[0].second, "\xc3\xa9");
  std::vector<size_t> lines;
  for (const auto& [line, reason] : c.errors) lines.push_back(line);
  EXPECT_EQ(lines, (std::vector<size_t>{2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}));
  EXPECT_NE(c.errors[2].second.find("invalid escape"), std::string::npos);
  EXPECT_NE(c.errors[3].second.find("duplicate label a"), std::string::npos);
}

TEST(PromTextParser, OverlongLineIsDroppedNotBuffered) {
  std::string big(17u << 20, 'x');
  Collected c;
  PromTextParser parser([&](const PromSample& s) { c.samples.push_back(Own(s)); },
                        [&](size_t line, std::string_view r) { c.errors.emplace_back(line, r); });
  parser.Feed("a 1\nb");
  for (size_t i = 0; i < big.size(); i += 1 << 20)
    parser.Feed(std::string_view(big).substr(i, 1 << 20));
  parser.Feed(" 1\nc 3\n");
  parser.Finish();
  ASSERT_EQ(c.samples.size(), 2u);
  EXPECT_EQ(c.samples[1].name, "c");
  EXPECT_EQ(c.samples[1].line, 3u);
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].first, 2u);
}

TEST(PrometheusTextParse, EmptyInput) {
  for (std::string_view input : {"", "\n\n", "# HELP x y\n# TYPE x gauge\n"}) {
    Result<model::Batch> batch = ParsePrometheusText(input);
    ASSERT_TRUE(batch) << input;
    EXPECT_TRUE(batch->reports.empty());
    EXPECT_TRUE(batch->warnings.empty());
  }
}

TEST(PrometheusTextParse, MalformedRecordWarnsAndOthersAreKept) {
  Result<model::Batch> batch = ParsePrometheusText(
      "trivy_vulnerabilities{image=\"r/x:1\",vulnerabilityId=\"CVE-2024-1\",pkgName=\"p\","
      "installedVersion=\"1\",severity=\"SEVERE\"} 1\n"
      "trivy_vulnerabilities{image=\"r/x:1\",vulnerabilityId=\"CVE-2024-2\" 1\n"
      "trivy_vulnerabilities{image=\"r/x:1\",pkgName=\"p\"} 1\n"
      "trivy_vulnerabilities{image=\"r/x:1\",vulnerabilityId=\"CVE-2024-3\",pkgName=\"p\","
      "installedVersion=\"1\",severity=\"LOW\"} 0\n");
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->reports.size(), 1u);
  // The unknown severity is kept as unknown; a value of 0 is not a current vulnerability.
  ASSERT_EQ(batch->reports[0].findings.size(), 1u);
  EXPECT_EQ(batch->reports[0].findings[0].severity, model::Severity::kUnknown);
  ASSERT_EQ(batch->warnings.size(), 3u);
  EXPECT_EQ(batch->warnings[0].record, "line 2");
  EXPECT_NE(batch->warnings[1].reason.find("SEVERE"), std::string::npos);
  EXPECT_EQ(batch->warnings[2].record, "line 3");
}

TEST(PrometheusTextParse, GarbageIsAnError) {
  for (std::string_view input : {"{\"not\": \"exposition\"}\n", "\x01\x02\x03 binary\n"}) {
    Result<model::Batch> batch = ParsePrometheusText(input);
    ASSERT_FALSE(batch) << input;
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(batch.error().message.find("line 1"), std::string::npos);
  }
}

TEST(PrometheusTextParse, RegistryDetectsTheFixtures) {
  for (std::string_view name : {"kube_trivy_exporter.txt", "trivy_operator.txt"}) {
    Result<const Parser*> p = DetectFormat(ReadTestdata("prometheus_text", name), name);
    ASSERT_TRUE(p) << name;
    EXPECT_EQ((*p)->key, "prometheus_text");
    EXPECT_EQ((*p)->kind, Kind::kReport);
  }
  EXPECT_EQ(SniffPrometheusText("up 1\nprocess_open_fds 12\n", ""), 50);
  EXPECT_EQ(SniffPrometheusText("NAME=\"Debian\"\nID=debian\n", ""), 0);
  EXPECT_EQ(SniffPrometheusText("requests==2.31.0\n", ""), 0);
}

}  // namespace
}  // namespace vs::parsers
