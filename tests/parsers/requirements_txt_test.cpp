#include "parsers/requirements_txt.h"

#include <string>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

constexpr std::string_view kKey = "requirements_txt";

const model::Package* Find(const model::Batch& batch, std::string_view name) {
  for (const model::Package& p : batch.packages)
    if (p.name == name) return &p;
  return nullptr;
}

TEST(RequirementsTxtParse, Pygoat2021WithBomAndCrlfMatchesGolden) {
  std::string text = ReadTestdata(kKey, "pygoat-2021-04-requirements.txt");
  ASSERT_EQ(text.substr(0, 3), "\xEF\xBB\xBF");  // The real file starts with a BOM.
  Result<model::Batch> batch = ParseRequirementsTxt(text);
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "pygoat-2021-04"), "");
  EXPECT_TRUE(batch->warnings.empty());
  ASSERT_EQ(batch->packages.size(), 4u);
  EXPECT_EQ(batch->packages[0].name, "asgiref");  // Not "\xEF\xBB\xBF" "asgiref".
  EXPECT_EQ(batch->packages[0].version, "3.2.7");
  const model::Package* django = Find(*batch, "Django");
  ASSERT_NE(django, nullptr);
  EXPECT_EQ(django->version, "3.0.14");  // No trailing '\r'.
  EXPECT_EQ(django->ecosystem, "PyPI");
  EXPECT_EQ(django->purl, "pkg:pypi/django@3.0.14");
}

TEST(RequirementsTxtParse, Pygoat2023MatchesGolden) {
  Result<model::Batch> batch =
      ParseRequirementsTxt(ReadTestdata(kKey, "pygoat-2023-03-requirements.txt"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "pygoat-2023-03"), "");
  EXPECT_TRUE(batch->warnings.empty());
  EXPECT_EQ(batch->packages.size(), 33u);
  const model::Package* django = Find(*batch, "Django");
  ASSERT_NE(django, nullptr);
  EXPECT_EQ(django->version, "4.1.7");
  const model::Package* yaml = Find(*batch, "PyYAML");
  ASSERT_NE(yaml, nullptr);  // Name kept as written; the matcher normalises (PEP 503).
  EXPECT_EQ(yaml->version, "5.1");
  EXPECT_EQ(yaml->purl, "pkg:pypi/pyyaml@5.1");
}

TEST(RequirementsTxtParse, PipSyntax) {
  constexpr std::string_view kText =
      "# Pinned, with hashes on continuation lines (pip --require-hashes)\n"
      "certifi==2022.12.7 \\\n"
      "    --hash=sha256:35824b4c3a97115964b408844d64aa14db1cc518f6562e8d7261699d1350a9e3 \\\n"
      "    --hash=sha256:4ad3232f5e926d6718ec31cfc1fcadfde020920e278684144551c91769c7bc18\n"
      "-r base.txt\n"
      "--index-url https://pypi.org/simple\n"
      "-e git+https://github.com/psf/requests.git#egg=requests\n"
      "requests[socks,security] == 2.28.2 ; python_version >= \"3.7\"  # extras and markers\n"
      "pytz===2020.1\n"
      "Django_Allauth (==0.52.0)\n"
      "Werkzeug>=2.1,==2.1.2\n"
      "urllib3>=1.26\n"
      "idna\n"
      "six==1.*\n"
      "pip @ https://github.com/pypa/pip/archive/22.0.2.zip\n"
      "./downloads/numpy-1.9.2-cp34-none-win32.whl\n"
      "certifi==2022.12.7\n";
  Result<model::Batch> batch = ParseRequirementsTxt(kText);
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 5u);
  EXPECT_EQ(batch->packages[0].name, "certifi");
  EXPECT_EQ(batch->packages[0].version, "2022.12.7");
  EXPECT_EQ(batch->packages[1].name, "requests");
  EXPECT_EQ(batch->packages[1].version, "2.28.2");
  EXPECT_EQ(batch->packages[2].name, "pytz");
  EXPECT_EQ(batch->packages[2].version, "2020.1");
  EXPECT_EQ(batch->packages[3].name, "Django_Allauth");
  EXPECT_EQ(batch->packages[3].purl, "pkg:pypi/django-allauth@0.52.0");
  EXPECT_EQ(batch->packages[4].name, "Werkzeug");
  EXPECT_EQ(batch->packages[4].version, "2.1.2");
  // urllib3, idna and six are not pinned; pip and numpy are not PyPI releases.
  ASSERT_EQ(batch->warnings.size(), 5u);
  EXPECT_EQ(batch->warnings[0].record, "line 12");
  EXPECT_EQ(batch->warnings[0].reason, "urllib3>=1.26: not pinned; skipped");
  EXPECT_EQ(batch->warnings[1].record, "line 13");
  EXPECT_EQ(batch->warnings[1].reason, "idna: not pinned; skipped");
  EXPECT_EQ(batch->warnings[2].reason, "six==1.*: not pinned; skipped");
  EXPECT_EQ(batch->warnings[3].record, "line 15");
  EXPECT_EQ(batch->warnings[4].record, "line 16");
}

TEST(RequirementsTxtParse, EmptyInputGivesEmptyBatch) {
  for (std::string_view text : {"", "\n", "\r\n\r\n", "# nothing pinned yet\n", "\xEF\xBB\xBF"}) {
    Result<model::Batch> batch = ParseRequirementsTxt(text);
    ASSERT_TRUE(batch) << batch.error().message;
    EXPECT_TRUE(batch->packages.empty());
    EXPECT_TRUE(batch->warnings.empty());
  }
}

TEST(RequirementsTxtParse, MalformedLineWarnsAndKeepsTheRest) {
  Result<model::Batch> batch =
      ParseRequirementsTxt("Django==4.1.7\n!!! not a requirement\nrequests==2.28.2\nfoo==\n");
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 2u);
  EXPECT_EQ(batch->packages[1].name, "requests");
  ASSERT_EQ(batch->warnings.size(), 2u);
  EXPECT_EQ(batch->warnings[0].record, "line 2");
  EXPECT_EQ(batch->warnings[1].record, "line 4");
}

TEST(RequirementsTxtParse, GarbageIsAnError) {
  for (std::string_view text :
       {std::string_view("\x89PNG\r\n\x1a\n\0\0\0", 11), std::string_view("{\"default\": {}}\n"),
        std::string_view("<html><body>404</body></html>\n")}) {
    Result<model::Batch> batch = ParseRequirementsTxt(text);
    ASSERT_FALSE(batch);
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(batch.error().message.rfind("requirements_txt: ", 0), 0u) << batch.error().message;
  }
}

TEST(RequirementsTxtSniff, DetectsPygoatByNameAndContent) {
  for (std::string_view name :
       {"pygoat-2021-04-requirements.txt", "pygoat-2023-03-requirements.txt"}) {
    std::string text = ReadTestdata(kKey, name);
    for (std::string_view file_name : {std::string_view("requirements.txt"), name}) {
      auto found = DetectFormat(text, file_name);
      ASSERT_TRUE(found) << name << ": " << found.error().message;
      EXPECT_EQ((*found)->key, kKey) << name;
    }
  }
  // Content alone: most lines are name==version pins.
  auto found = DetectFormat(ReadTestdata(kKey, "pygoat-2023-03-requirements.txt"), "deps.txt");
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ((*found)->key, kKey);
  EXPECT_GT(SniffRequirementsTxt("-r base.txt\n", "requirements-dev.txt"), 0);
  EXPECT_GT(SniffRequirementsTxt("", "constraints.txt"), 0);
}

TEST(RequirementsTxtSniff, OtherFormatsAreNotClaimed) {
  EXPECT_EQ(SniffRequirementsTxt(ReadTestdata("go_sum", "caddy-v2.0.0-go.sum.gz"), "go.sum"), 0);
  EXPECT_EQ(SniffRequirementsTxt(ReadTestdata("go_mod", "caddy-v2.0.0-go.mod"), "go.mod"), 0);
  EXPECT_EQ(SniffRequirementsTxt(ReadTestdata("pipfile_lock", "requests-2017.Pipfile.lock"),
                                 "Pipfile.lock"),
            0);
  EXPECT_EQ(SniffRequirementsTxt("libgcc-11.4.1-2.1.el9.aarch64\nbash-5.1.8-6.el9_1.aarch64\n",
                                 "packages.txt"),
            0);
  // A JSON document saved as requirements.txt is not claimed.
  EXPECT_EQ(
      SniffRequirementsTxt("{\n  \"name\": \"x\",\n  \"version\": \"1\"\n}\n", "requirements.txt"),
      0);
}

}  // namespace
}  // namespace vs::parsers
