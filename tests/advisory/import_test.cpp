#include "advisory/import.h"

#include <fstream>
#include <set>

#include <gtest/gtest.h>
#include <unistd.h>

namespace vs::advisory {
namespace {

std::string E2e(const char* name) {
  return std::string(VS_SOURCE_DIR) + "/tests/testdata/e2e/" + name;
}

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/vs-import-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    auto s = store::OpenStore(dir_ + "/db.sqlite");
    ASSERT_TRUE(s);
    store_ = std::move(*s);
  }
  void TearDown() override {
    store_.reset();
    std::system(("rm -rf " + dir_).c_str());
  }
  Result<ImportReport> Import(const std::string& path, const std::string& name = "src") {
    store::SourceInfo info;
    info.name = name;
    return ImportPath(*store_, path, info);
  }
  size_t Advisories() {
    size_t n = 0;
    EXPECT_TRUE(store_->ForEachAdvisory([&](model::Advisory&&) { ++n; }));
    return n;
  }
  std::string dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(ImportTest, GzippedJsonLinesDetectedFromContent) {
  auto r = Import(E2e("pypa-subset.jsonl.gz"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->formats, "osv");
  EXPECT_EQ(r->advisories, 209u);
  EXPECT_EQ(Advisories(), 209u);
}

TEST_F(ImportTest, DirectoryMixingFeedsIsOneSource) {
  std::string d = dir_ + "/feeds";
  ASSERT_EQ(std::system(("mkdir -p " + d + " && cp " + E2e("kev-subset.json") + " " +
                         E2e("ghsa-curated.jsonl.gz") + " " + d + "/ && echo 'just notes' > " + d +
                         "/README.txt")
                            .c_str()),
            0);
  auto r = Import(d);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->formats, "cisa_kev,osv");
  EXPECT_EQ(r->advisories, 7u);
  EXPECT_EQ(r->exploits, 4u);
  ASSERT_FALSE(r->warnings.empty());
  EXPECT_NE(r->warnings[0].record.find("README.txt"), std::string::npos);
}

TEST_F(ImportTest, ZipArchiveOfRecords) {
  std::string zip = dir_ + "/all.zip";
  std::string d = dir_ + "/z";
  ASSERT_EQ(
      std::system(
          ("mkdir -p " + d + " && zcat " + E2e("ghsa-curated.jsonl.gz") +
           " | head -3 | split -l 1 - " + d + "/rec- && cd " + d +
           " && for f in rec-*; do mv $f $f.json; done && python3 -c \"import zipfile,glob,os;"
           "z=zipfile.ZipFile('" +
           zip + "','w');[z.write(f,os.path.basename(f)) for f in sorted(glob.glob('" + d +
           "/*.json'))]\"")
              .c_str()),
      0);
  auto r = Import(zip);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->documents, 3u);
  EXPECT_EQ(r->advisories, 3u);
}

// The per-release documents of Alpine's secdb in one import: one advisory per id, with an
// affected entry for each release.
TEST_F(ImportTest, AlpineReleasesOfOneCveAreOneAdvisory) {
  std::string d = dir_ + "/secdb";
  ASSERT_EQ(std::system(("mkdir -p " + d).c_str()), 0);
  for (const auto& [release, fixed] :
       {std::pair<std::string, std::string>{"v3.9", "1.1.1b-r1"}, {"v3.10", "1.1.1c-r0"}}) {
    std::ofstream(d + "/" + release + "-main.json")
        << R"({"distroversion":")" << release
        << R"(","reponame":"main","urlprefix":"https://dl-cdn.alpinelinux.org/alpine",)"
        << R"("apkurl":"{{urlprefix}}/{{distroversion}}/{{reponame}}/{{arch}}/{{pkg.name}}-{{pkg.ver}}.apk",)"
        << R"("archs":["x86_64"],"packages":[{"pkg":{"name":"openssl","secfixes":{")" << fixed
        << R"(":["CVE-2019-1543"]}}}]})";
  }
  auto r = Import(d);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->advisories, 1u);
  std::vector<model::Advisory> all;
  ASSERT_TRUE(store_->ForEachAdvisory([&](model::Advisory&& a) { all.push_back(std::move(a)); }));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].id, "ALPINE-CVE-2019-1543");
  std::set<std::string> releases;
  for (const auto& af : all[0].affected) releases.insert(af.ecosystem);
  EXPECT_EQ(releases, (std::set<std::string>{"Alpine:v3.10", "Alpine:v3.9"}));
}

TEST_F(ImportTest, UnrecognisedFileIsAnErrorAndStoreUntouched) {
  ASSERT_TRUE(Import(E2e("pypa-subset.jsonl.gz")));
  std::string junk = dir_ + "/junk.bin";
  std::ofstream(junk) << "\x01\x02 not a feed";
  auto r = Import(junk, "src");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("no advisory or intelligence feed"), std::string::npos)
      << r.error().message;
  EXPECT_EQ(Advisories(), 209u);
}

TEST_F(ImportTest, MalformedFeedFailsWholeImportAndKeepsPreviousData) {
  ASSERT_TRUE(Import(E2e("pypa-subset.jsonl.gz")));
  std::string bad = dir_ + "/kev.json";
  // Looks like KEV (so it is detected) but is cut off mid-document.
  std::ofstream(bad)
      << R"({"title": "CISA Catalog of Known Exploited Vulnerabilities", "catalogVersion": "1", "vulnerabilities": [{"cveID": "CVE-2021-)";
  auto r = Import(bad, "src");
  ASSERT_FALSE(r);
  EXPECT_EQ(Advisories(), 209u);
  auto sources = store_->Sources();
  ASSERT_TRUE(sources);
  EXPECT_EQ((*sources)[0].status, "failed");
}

// The same feed file again, cut short: the import fails and the previous records stay.
TEST_F(ImportTest, FeedFileCutShortKeepsPreviousData) {
  std::string whole = dir_ + "/pypa.jsonl";
  ASSERT_EQ(std::system(("zcat " + E2e("pypa-subset.jsonl.gz") + " > " + whole).c_str()), 0);
  ASSERT_TRUE(Import(whole, "pypa"));
  ASSERT_EQ(Advisories(), 209u);
  ASSERT_EQ(std::system(("head -c 100000 " + whole + " > " + whole + ".cut && mv " + whole +
                         ".cut " + whole)
                            .c_str()),
            0);
  auto r = Import(whole, "pypa");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("cut short"), std::string::npos) << r.error().message;
  EXPECT_EQ(Advisories(), 209u);
}

// PoC-in-GitHub's tree: the CVE id is each file's name.
TEST_F(ImportTest, PocInGithubTreeNamesItsCvesByFile) {
  std::string d = dir_ + "/poc/2021";
  ASSERT_EQ(std::system(("mkdir -p " + d + " && cp " + std::string(VS_SOURCE_DIR) +
                         "/tests/testdata/parsers/poc_in_github/CVE-2021-44228.json " + d + "/")
                            .c_str()),
            0);
  auto r = Import(dir_ + "/poc", "poc");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->formats, "poc_in_github");
  EXPECT_EQ(r->exploits, 2u);
  auto refs = store_->FindExploits({"CVE-2021-44228"});
  ASSERT_TRUE(refs);
  EXPECT_EQ(refs->size(), 2u);
}

TEST_F(ImportTest, InventoryIsNotAFeed) {
  auto r = Import(E2e("pygoat-2023-03-requirements.txt"));
  ASSERT_FALSE(r);
}

TEST_F(ImportTest, MissingPathIsNotFound) {
  auto r = Import(dir_ + "/nope");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace vs::advisory
