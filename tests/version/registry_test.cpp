#include "version/registry.h"

#include <gtest/gtest.h>

namespace vs::version {
namespace {

TEST(SchemeRegistry, HasTheNineSchemes) {
  std::string keys;
  for (const Scheme& s : AllSchemes()) keys += std::string(s.key) + " ";
  EXPECT_EQ(keys, "apk deb gem go maven nuget pep440 rpm semver ");
}

TEST(SchemeRegistry, UnknownKeyIsUnsupported) {
  Result<const Scheme*> s = FindScheme("cobol");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(s.error().message.find("deb"), std::string::npos);
}

struct EcoCase {
  const char* input;
  const char* name;
  const char* release;
  const char* scheme;
  bool is_os;
};

TEST(EcosystemRegistry, ResolvesOsvNames) {
  const EcoCase cases[] = {
      {"Debian", "Debian", "", "deb", true},
      {"Debian:12", "Debian", "12", "deb", true},
      {"Ubuntu:22.04:LTS", "Ubuntu", "22.04:LTS", "deb", true},
      {"Ubuntu:Pro:18.04:LTS", "Ubuntu", "Pro:18.04:LTS", "deb", true},
      {"Alpine:v3.19", "Alpine", "v3.19", "apk", true},
      {"AlmaLinux:9", "AlmaLinux", "9", "rpm", true},
      {"Rocky Linux:9", "Rocky Linux", "9", "rpm", true},
      {"Red Hat", "Red Hat", "", "rpm", true},
      {"Amazon Linux:2", "Amazon Linux", "2", "rpm", true},
      {"Amazon Linux:2023", "Amazon Linux", "2023", "rpm", true},
      {"npm", "npm", "", "semver", false},
      {"PyPI", "PyPI", "", "pep440", false},
      {"Go", "Go", "", "go", false},
      {"Maven", "Maven", "", "maven", false},
      {"crates.io", "crates.io", "", "semver", false},
      {"RubyGems", "RubyGems", "", "gem", false},
      {"NuGet", "NuGet", "", "nuget", false},
      {"Packagist", "Packagist", "", "semver", false},
  };
  for (const EcoCase& c : cases) {
    Result<Ecosystem> e = ResolveEcosystem(c.input);
    ASSERT_TRUE(e) << c.input << ": " << e.error().message;
    EXPECT_EQ(e->name, c.name) << c.input;
    EXPECT_EQ(e->release, c.release) << c.input;
    EXPECT_EQ(e->scheme->key, c.scheme) << c.input;
    EXPECT_EQ(e->is_os, c.is_os) << c.input;
  }
}

TEST(EcosystemRegistry, UnknownOrUnorderedEcosystemsAreUnsupported) {
  for (const char* eco : {"GIT", "OSS-Fuzz", "Linux", "pypi", "", "Cobol:1"}) {
    Result<Ecosystem> e = ResolveEcosystem(eco);
    ASSERT_FALSE(e) << eco;
    EXPECT_EQ(e.error().code, ErrorCode::kUnsupported) << eco;
    EXPECT_NE(e.error().message.find("unsupported ecosystem"), std::string::npos);
  }
}

TEST(EcosystemRegistry, EveryEntryNamesARegisteredScheme) {
  for (const EcosystemEntry& e : AllEcosystems()) {
    EXPECT_TRUE(FindScheme(e.scheme_key)) << e.name;
  }
}

}  // namespace
}  // namespace vs::version
