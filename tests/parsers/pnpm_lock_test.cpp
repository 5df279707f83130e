#include "parsers/pnpm_lock.h"

#include <string>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

constexpr std::string_view kKey = "pnpm_lock";

bool Has(const model::Batch& batch, std::string_view name, std::string_view version) {
  for (const model::Package& p : batch.packages)
    if (p.name == name && p.version == version) return true;
  return false;
}

TEST(PnpmLockParse, VueCoreV9SliceMatchesGolden) {
  Result<model::Batch> batch = ParsePnpmLock(ReadTestdata(kKey, "vue-core-v9-slice.yaml"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "vue-core-v9-slice"), "");
  EXPECT_TRUE(batch->warnings.empty());
  // Only `packages` counts: importers are the workspace, snapshots repeat packages with peers.
  EXPECT_EQ(batch->packages.size(), 14u);
  EXPECT_TRUE(Has(*batch, "@babel/parser", "7.29.0"));
  EXPECT_TRUE(Has(*batch, "resolve", "1.22.11"));
  EXPECT_TRUE(Has(*batch, "resolve", "1.22.8"));
  EXPECT_TRUE(Has(*batch, "rollup-plugin-dts", "6.3.0"));
  EXPECT_FALSE(Has(*batch, "@eslint-community/regexpp", "4.12.2"));  // Snapshot only.
  EXPECT_FALSE(Has(*batch, "vue", "link:../../packages/vue"));
  for (const model::Package& p : batch->packages) {
    EXPECT_EQ(p.ecosystem, "npm");
    if (p.name == "@babel/types") EXPECT_EQ(p.purl, "pkg:npm/%40babel/types@7.29.0");
  }
}

// Lockfile 5.x keys: "/name/version" with peers after '_' (pnpm/spec lockfile/5.md).
TEST(PnpmLockParse, Version5Keys) {
  std::string text =
      "lockfileVersion: 5.4\n\nspecifiers:\n  react-dom: ^18.2.0\n\n"
      "dependencies:\n  react-dom: 18.2.0_react@18.2.0\n\n"
      "packages:\n\n"
      "  /react-dom/18.2.0_react@18.2.0:\n    resolution: {integrity: sha512-a==}\n"
      "    dependencies:\n      loose-envify: 1.4.0\n    dev: false\n\n"
      "  /@emotion/react/11.10.5_@types+react@18.0.26+react@18.2.0:\n"
      "    resolution: {integrity: sha512-b==}\n    dev: false\n\n"
      "  /loose-envify/1.4.0:\n    resolution: {integrity: sha512-c==}\n    hasBin: true\n\n"
      "  github.com/user/repo/0123456789abcdef:\n    resolution: {tarball: "
      "https://codeload.github.com/user/repo/tar.gz/0123456789abcdef}\n"
      "    name: repo\n    version: 1.0.0\n";
  Result<model::Batch> batch = ParsePnpmLock(text);
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 3u);
  EXPECT_EQ(batch->packages[0].name, "react-dom");
  EXPECT_EQ(batch->packages[0].version, "18.2.0");
  EXPECT_EQ(batch->packages[1].name, "@emotion/react");
  EXPECT_EQ(batch->packages[1].version, "11.10.5");
  EXPECT_EQ(batch->packages[2].name, "loose-envify");
  ASSERT_EQ(batch->warnings.size(), 1u);
  EXPECT_EQ(batch->warnings[0].record, "github.com/user/repo/0123456789abcdef");
}

// Lockfile 6.x keys: "/name@version(peer@version)" (pnpm/spec lockfile/6.0.md).
TEST(PnpmLockParse, Version6Keys) {
  std::string text =
      "lockfileVersion: '6.0'\n\nsettings:\n  autoInstallPeers: true\n\n"
      "dependencies:\n  '@vitejs/plugin-vue':\n    specifier: ^4.0.0\n"
      "    version: 4.0.0(vite@4.1.4)(vue@3.2.47)\n\n"
      "packages:\n\n"
      "  /@vitejs/plugin-vue@4.0.0(vite@4.1.4)(vue@3.2.47):\n    resolution: {integrity: "
      "sha512-a==}\n"
      "    engines: {node: ^14.18.0 || >=16.0.0}\n    dev: false\n\n"
      "  /vite@4.1.4:\n    resolution: {integrity: sha512-b==}\n    hasBin: true\n\n"
      "  /vite@4.1.4(@types/node@18.0.0):\n    resolution: {integrity: sha512-b==}\n\n"
      "  file:packages/local:\n    resolution: {directory: packages/local, type: directory}\n"
      "    name: local\n    dev: false\n";
  Result<model::Batch> batch = ParsePnpmLock(text);
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 2u);
  EXPECT_EQ(batch->packages[0].name, "@vitejs/plugin-vue");
  EXPECT_EQ(batch->packages[0].version, "4.0.0");
  EXPECT_EQ(batch->packages[1].name, "vite");
  EXPECT_TRUE(batch->warnings.empty());
}

TEST(PnpmLockParse, Version9NonRegistryKeysWarn) {
  std::string text =
      "lockfileVersion: '9.0'\n\npackages:\n\n"
      "  is-odd@https://codeload.github.com/jonschlinkert/is-odd/tar.gz/0123abc:\n"
      "    resolution: {tarball: https://codeload.github.com/jonschlinkert/is-odd/tar.gz/0123abc}\n"
      "    version: 3.0.1\n\n"
      "  local-pkg@file:packages/local-pkg:\n    resolution: {directory: packages/local-pkg, type: "
      "directory}\n\n"
      "  broken:\n    resolution: {integrity: sha512-x==}\n\n"
      "  left-pad@1.3.0:\n    resolution: {integrity: sha512-y==}\n";
  Result<model::Batch> batch = ParsePnpmLock(text);
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 1u);
  EXPECT_EQ(batch->packages[0].name, "left-pad");
  ASSERT_EQ(batch->warnings.size(), 2u);
  EXPECT_EQ(batch->warnings[0].record,
            "is-odd@https://codeload.github.com/jonschlinkert/is-odd/tar.gz/0123abc");
  EXPECT_EQ(batch->warnings[1].record, "broken");
}

TEST(PnpmLockParse, EmptyInputGivesEmptyBatch) {
  for (std::string_view text :
       {"", "\n\n", "lockfileVersion: '9.0'\n",
        "lockfileVersion: '9.0'\n\nimporters:\n\n  .: {}\n\npackages: {}\n"}) {
    Result<model::Batch> batch = ParsePnpmLock(text);
    ASSERT_TRUE(batch) << batch.error().message;
    EXPECT_TRUE(batch->packages.empty());
    EXPECT_TRUE(batch->warnings.empty());
  }
}

TEST(PnpmLockParse, GarbageIsAnError) {
  for (std::string_view text :
       {std::string_view("{{{{invalid yaml"), std::string_view("- a\n- b\n"),
        std::string_view("lorem ipsum dolor sit amet\n"),
        std::string_view("lockfileVersion: [1]\n"), std::string_view("lockfileVersion: 'x'\n"),
        std::string_view("lockfileVersion: '9.0'\npackages: [a, b]\n")}) {
    Result<model::Batch> batch = ParsePnpmLock(text);
    ASSERT_FALSE(batch) << text;
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(batch.error().message.rfind("pnpm_lock: ", 0), 0u) << batch.error().message;
  }
}

TEST(PnpmLockSniff, DetectsItsSample) {
  std::string text = ReadTestdata(kKey, "vue-core-v9-slice.yaml");
  for (std::string_view name : {"pnpm-lock.yaml", "lock.yaml", ""}) {
    auto found = DetectFormat(text, name);
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ((*found)->key, "pnpm_lock");
  }
  EXPECT_LE(SniffPnpmLock("name: not a lockfile\n", "pnpm-lock.yaml"), 20);
}

TEST(PnpmLockSniff, OtherFormatsAreNotClaimed) {
  EXPECT_EQ(SniffPnpmLock(ReadTestdata("yarn_lock", "berry-repo-slice.lock"), "yarn.lock"), 0);
  EXPECT_EQ(SniffPnpmLock(ReadTestdata("package_lock", "sample-v3.json"), ""), 0);
  EXPECT_EQ(SniffPnpmLock(ReadTestdata("cargo_lock", "ripgrep.Cargo.lock"), "Cargo.lock"), 0);
}

}  // namespace
}  // namespace vs::parsers
