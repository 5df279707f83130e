#include "parsers/epss_csv.h"

#include <chrono>
#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

TEST(EpssCsvParse, BulkCsvGolden) {
  Result<model::Batch> batch = ParseEpssCsv(ReadTestdata("epss_csv", "epss_sample.csv"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, "epss_csv", "epss_sample"), "");
}

TEST(EpssCsvParse, BulkCsvFacts) {
  Result<model::Batch> batch = ParseEpssCsv(ReadTestdata("epss_csv", "epss_sample.csv"));
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->epss.size(), 5u);
  EXPECT_TRUE(batch->warnings.empty());
  EXPECT_TRUE(batch->exploits.empty());
  EXPECT_EQ(batch->epss[1], (model::EpssScore{"CVE-2021-44228", 0.94358, 0.99957, "v2025.03.14"}));
}

TEST(EpssCsvParse, ApiResponseGolden) {
  Result<model::Batch> batch = ParseEpssCsv(ReadTestdata("epss_csv", "epss_api_response.json"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, "epss_csv", "epss_api_response"), "");
  ASSERT_EQ(batch->epss.size(), 2u);
  // Numbers come as strings ("0.943580000"); the API names no model version.
  EXPECT_EQ(batch->epss[0], (model::EpssScore{"CVE-2021-44228", 0.94358, 0.99957, ""}));
}

TEST(EpssCsvParse, HeaderWithoutCommentLine) {
  Result<model::Batch> batch =
      ParseEpssCsv("cve,epss,percentile\r\ncve-2023-0286,8.62e-03,0.74128\r\n");
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->epss.size(), 1u);
  EXPECT_EQ(batch->epss[0], (model::EpssScore{"CVE-2023-0286", 0.00862, 0.74128, ""}));
}

TEST(EpssCsvParse, EmptyInput) {
  for (std::string_view input :
       {"", "\n", "#model_version:v2025.03.14,score_date:2025-06-01T12:55:00+0000\n",
        "cve,epss,percentile\n", "{\"status\":\"OK\",\"data\":[]}"}) {
    Result<model::Batch> batch = ParseEpssCsv(input);
    ASSERT_TRUE(batch) << input;
    EXPECT_TRUE(batch->epss.empty());
    EXPECT_TRUE(batch->warnings.empty());
  }
}

TEST(EpssCsvParse, MalformedRowsWarnAndOthersAreKept) {
  Result<model::Batch> batch = ParseEpssCsv(
      "#model_version:v2025.03.14,score_date:2025-06-01T12:55:00+0000\n"
      "cve,epss,percentile\n"
      "CVE-2021-1,0.5,0.5\n"
      "CVE-2021-44228,1.5,0.2\n"
      "CVE-2021-44229,abc,0.1\n"
      "CVE-2021-44230,0.1\n"
      "CVE-2021-44231,0.1,nan\n"
      "CVE-2021-45046,0.94,0.99\n");
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->epss.size(), 1u);
  EXPECT_EQ(batch->epss[0].cve, "CVE-2021-45046");
  EXPECT_EQ(batch->epss[0].model, "v2025.03.14");
  ASSERT_EQ(batch->warnings.size(), 5u);
  EXPECT_EQ(batch->warnings[0].record, "line 3");  // Counted from the comment line.
  EXPECT_EQ(batch->warnings[1].record, "CVE-2021-44228");
  EXPECT_EQ(batch->warnings[3].record, "line 6");
}

TEST(EpssCsvParse, MalformedApiRowsWarn) {
  Result<model::Batch> batch = ParseEpssCsv(R"({"status": "OK", "data": [
    {"cve": "CVE-2021-44228", "epss": "0.943580000", "percentile": "0.999570000"},
    {"cve": "CVE-2022-25883", "epss": 0.00312, "percentile": 0.54811},
    {"cve": "CVE-2022-0001"},
    {"epss": "0.1"},
    7]})");
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->epss.size(), 2u);
  EXPECT_DOUBLE_EQ(batch->epss[1].score, 0.00312);  // A JSON number is accepted too.
  ASSERT_EQ(batch->warnings.size(), 3u);
  EXPECT_EQ(batch->warnings[0].record, "CVE-2022-0001");
  EXPECT_EQ(batch->warnings[1].record, "data[3]");
}

TEST(EpssCsvParse, GarbageIsAnError) {
  for (std::string_view input : {"\x01\x02 garbage", "{not json",
                                 "{\"status\": \"error\", \"message\": \"x\"}", "a,b,c\n1,2,3\n"}) {
    Result<model::Batch> batch = ParseEpssCsv(input);
    ASSERT_FALSE(batch) << input;
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(batch.error().message.rfind("epss_csv: ", 0), 0u) << batch.error().message;
  }
}

TEST(EpssCsvParse, DailyFileSizeParsesQuickly) {
  // A day's file has ~300k rows (§7.3); build one and check every row arrives.
  std::string csv =
      "#model_version:v2025.03.14,score_date:2025-03-14T00:00:00+0000\ncve,epss,percentile\n";
  const int rows = 300000;
  char line[64];
  for (int i = 0; i < rows; ++i) {
    int n = std::snprintf(line, sizeof(line), "CVE-%d-%05d,0.%05d,0.%05d\n", 1999 + i / 90000,
                          10000 + i % 90000, i % 100000, (i * 7) % 100000);
    csv.append(line, static_cast<size_t>(n));
  }
  auto start = std::chrono::steady_clock::now();
  Result<model::Batch> batch = ParseEpssCsv(csv);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  ASSERT_TRUE(batch);
  EXPECT_EQ(batch->epss.size(), static_cast<size_t>(rows));
  EXPECT_TRUE(batch->warnings.empty());
  RecordProperty("parse_ms", static_cast<int>(ms));
}

TEST(EpssCsvSniff, DetectsCsvAndApiJson) {
  for (std::string_view name : {"epss_sample.csv", "epss_api_response.json"}) {
    Result<const Parser*> p = DetectFormat(ReadTestdata("epss_csv", name), name);
    ASSERT_TRUE(p) << name;
    EXPECT_EQ((*p)->key, "epss_csv") << name;
  }
  EXPECT_EQ(SniffEpssCsv("cve,epss,percentile\nCVE-2021-44228,0.9,0.9\n", ""), 95);
}

TEST(EpssCsvSniff, DoesNotClaimOtherFormats) {
  // Dependabot alerts carry an "epss" object but are no EPSS API response.
  EXPECT_EQ(
      SniffEpssCsv(
          R"([{"number": 1, "security_advisory": {"epss": {"percentage": 0.1, "percentile": 0.4}}}])",
          ""),
      0);
  for (auto [key, name] :
       {std::pair{"metasploit", "modules_metadata_base_sample.json"},
        std::pair{"cisa_kev", "kev_2025_08_25.json"}, std::pair{"cisa_kev", "kev_2025_08_25.csv"},
        std::pair{"exploitdb_csv", "files_exploits_sample.csv"},
        std::pair{"exploitdb_cve_map", "mapping_cve.json"},
        std::pair{"poc_csv", "poc_in_github_index.csv"},
        std::pair{"intel_csv", "team_intel.csv"}}) {
    EXPECT_EQ(SniffEpssCsv(ReadTestdata(key, name), name), 0) << name;
  }
}

}  // namespace
}  // namespace vs::parsers
