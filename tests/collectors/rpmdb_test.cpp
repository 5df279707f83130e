#include "collectors/rpmdb.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <stdlib.h>

namespace vs::collectors {
namespace {

namespace fs = std::filesystem;

// Real rpm databases, made at run time with Debian's `rpm` package (rpmbuild, rpmdb, rpm;
// scripts/install-deps): three tiny noarch packages are built from specs and registered with
// `rpm -i --justdb` under a temporary root, in each database location the collector knows.
class RpmdbTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char tmpl[] = "/tmp/vs-rpmdb-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = new fs::path(tmpl);
    for (const char* tool : {"rpmbuild", "rpmdb", "rpm"}) {
      ASSERT_EQ(Run(std::string("command -v ") + tool + " >/dev/null"), 0)
          << tool << " is missing: install Debian's rpm package (scripts/install-deps)";
    }
    // Epoch 2 with a subpackage (binary name differs from the source rpm's), no epoch, and an
    // explicit epoch 0.
    WriteSpec("vs-hello", "Epoch: 2\n", "1.0", "3.el9",
              "%package -n vs-hello-libs\nSummary: libs\n%description -n vs-hello-libs\nlibs\n"
              "%files -n vs-hello-libs\n");
    WriteSpec("vs-plain", "", "2.4.1", "1", "");
    WriteSpec("vs-zero", "Epoch: 0\n", "0.9", "7.fc39", "");
    for (const char* spec : {"vs-hello", "vs-plain", "vs-zero"}) {
      ASSERT_EQ(
          Run("rpmbuild -bb --quiet --define '_topdir " + Dir("top") + "' --define '_tmppath " +
              Dir("tmp") + "' " + Dir(std::string(spec) + ".spec") + " >>" + Dir("log") + " 2>&1"),
          0)
          << "rpmbuild failed; see " << Dir("log");
    }
  }

  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(*dir_, ec);
    delete dir_;
    dir_ = nullptr;
  }

  static int Run(const std::string& command) {
    return std::system(command.c_str()) == 0 ? 0 : 1;  // Runs /bin/sh -c command.
  }

  static std::string Dir(const std::string& name) { return (*dir_ / name).string(); }

  static void WriteSpec(const std::string& name, const std::string& epoch,
                        const std::string& version, const std::string& release,
                        const std::string& extra) {
    std::ofstream out(*dir_ / (name + ".spec"));
    out << "Name: " << name << "\n"
        << epoch << "Version: " << version << "\nRelease: " << release
        << "\nSummary: vulnscope test package\nLicense: MIT\nBuildArch: noarch\n"
        << "%description\ntest\n%files\n"
        << extra;
  }

  // A root with an empty database at `dbpath` (inside the root) and every built rpm in it.
  static std::string MakeRoot(const std::string& name, const std::string& dbpath) {
    std::string root = Dir(name);
    fs::create_directories(root);
    std::string db = " --root=" + root + " --dbpath=" + dbpath;
    EXPECT_EQ(Run("rpmdb --initdb" + db + " >>" + Dir("log") + " 2>&1"), 0);
    EXPECT_EQ(Run("rpm -i --justdb --nodeps --nosignature --nodigest" + db + " " +
                  Dir("top/RPMS/noarch/*.rpm") + " >>" + Dir("log") + " 2>&1"),
              0)
        << "rpm -i failed; see " << Dir("log");
    return root;
  }

  static const model::Package* Find(const std::vector<model::Package>& packages,
                                    const std::string& name) {
    for (const model::Package& p : packages)
      if (p.name == name) return &p;
    return nullptr;
  }

  static void WriteFile(const fs::path& path, const std::string& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
  }

  static fs::path* dir_;
};

fs::path* RpmdbTest::dir_ = nullptr;

TEST_F(RpmdbTest, ReadsSqliteDatabaseInVarLibRpm) {
  std::string root = MakeRoot("el9", "/var/lib/rpm");
  ASSERT_TRUE(fs::exists(root + "/var/lib/rpm/rpmdb.sqlite"));
  Result<std::vector<model::Package>> packages = ReadRpmDatabase(root);
  ASSERT_TRUE(packages) << packages.error().message;
  ASSERT_EQ(packages->size(), 4u);

  const model::Package* hello = Find(*packages, "vs-hello");
  ASSERT_NE(hello, nullptr);
  EXPECT_EQ(hello->ecosystem, "");  // The scanner names the distribution from os-release.
  EXPECT_EQ(hello->version, "2:1.0-3.el9");
  EXPECT_EQ(hello->arch, "noarch");
  EXPECT_EQ(hello->source_name, "vs-hello");
  EXPECT_EQ(hello->source_version, "2:1.0-3.el9");

  const model::Package* libs = Find(*packages, "vs-hello-libs");
  ASSERT_NE(libs, nullptr);
  EXPECT_EQ(libs->version, "2:1.0-3.el9");
  EXPECT_EQ(libs->source_name, "vs-hello");  // From SOURCERPM vs-hello-1.0-3.el9.src.rpm.

  const model::Package* plain = Find(*packages, "vs-plain");
  ASSERT_NE(plain, nullptr);
  EXPECT_EQ(plain->version, "2.4.1-1");  // No EPOCH tag.
  EXPECT_EQ(plain->source_version, "2.4.1-1");

  const model::Package* zero = Find(*packages, "vs-zero");
  ASSERT_NE(zero, nullptr);
  EXPECT_EQ(zero->version, "0.9-7.fc39");  // Epoch 0 is not written, as in rpm_qa.
}

TEST_F(RpmdbTest, ReadsUsrLibSysimageRpm) {
  std::string root = MakeRoot("suse", "/usr/lib/sysimage/rpm");
  Result<std::vector<model::Package>> packages = ReadRpmDatabase(root);
  ASSERT_TRUE(packages) << packages.error().message;
  EXPECT_EQ(packages->size(), 4u);
  EXPECT_NE(Find(*packages, "vs-plain"), nullptr);
}

TEST_F(RpmdbTest, RepeatedReadsGiveTheSameResult) {
  std::string root = MakeRoot("repeat", "/var/lib/rpm");
  Result<std::vector<model::Package>> first = ReadRpmDatabase(root);
  ASSERT_TRUE(first) << first.error().message;
  // A missing database in between must not leave librpm's _dbpath or log hook changed.
  EXPECT_FALSE(ReadRpmDatabase(Dir("nothing-here")));
  Result<std::vector<model::Package>> second = ReadRpmDatabase(root);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(*first, *second);
}

TEST_F(RpmdbTest, NoDatabaseIsNotFound) {
  fs::create_directories(Dir("empty-root/var/lib/rpm"));
  Result<std::vector<model::Package>> packages = ReadRpmDatabase(Dir("empty-root"));
  ASSERT_FALSE(packages);
  EXPECT_EQ(packages.error().code, ErrorCode::kNotFound);

  packages = ReadRpmDatabase(Dir("does-not-exist"));
  ASSERT_FALSE(packages);
  EXPECT_EQ(packages.error().code, ErrorCode::kNotFound);
}

TEST_F(RpmdbTest, CorruptDatabasesAreIoErrorsWithoutOutput) {
  const std::string garbage(8192, '\x5a');
  for (const char* file : {"rpmdb.sqlite", "Packages.db", "Packages"}) {
    SCOPED_TRACE(file);
    fs::path root = *dir_ / (std::string("corrupt-") + file);
    WriteFile(root / "var/lib/rpm" / file, garbage);
    ::testing::internal::CaptureStderr();
    Result<std::vector<model::Package>> packages = ReadRpmDatabase(root.string());
    std::string stderr_text = ::testing::internal::GetCapturedStderr();
    ASSERT_FALSE(packages);
    EXPECT_EQ(packages.error().code, ErrorCode::kIo);
    EXPECT_FALSE(packages.error().message.empty());
    EXPECT_EQ(stderr_text, "");  // librpm's messages go into the error, not to stderr.
  }
}

TEST_F(RpmdbTest, TruncatedSqliteDatabaseIsAnIoError) {
  std::string root = MakeRoot("truncated", "/var/lib/rpm");
  fs::path db = fs::path(root) / "var/lib/rpm/rpmdb.sqlite";
  // Keep only the first pages (the sqlite header and schema) of a real database.
  fs::resize_file(db, 4096);
  for (const char* side : {"rpmdb.sqlite-wal", "rpmdb.sqlite-shm"}) {
    std::error_code ec;
    fs::remove(fs::path(root) / "var/lib/rpm" / side, ec);
  }
  Result<std::vector<model::Package>> packages = ReadRpmDatabase(root);
  if (packages) {
    // sqlite may still read what is left; it must not invent packages.
    EXPECT_LE(packages->size(), 4u);
  } else {
    EXPECT_EQ(packages.error().code, ErrorCode::kIo);
  }
}

}  // namespace
}  // namespace vs::collectors
