// Runs the real binary, since scripts outside the project depend on this exact contract.
#include <array>
#include <cstdio>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

namespace {

struct Output {
  std::string out;
  int status;
};

Output RunWithInput(const std::string& args, const std::string& input) {
  char path[] = "/tmp/vs-cli-XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  std::ofstream(path, std::ios::binary) << input;
  std::string cmd = std::string(VS_BINARY) + " " + args + " < " + path + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int status = pclose(p);
  unlink(path);
  return {out, WEXITSTATUS(status)};
}

TEST(CompareVersionsCli, OneAnswerPerLineInOrder) {
  Output o = RunWithInput("compare-versions --scheme deb",
                          "1:1.2-1\t2.0-1\n1.0~rc1\t1.0\n2.36-9+deb12u4\t2.36-9+deb12u4\n");
  EXPECT_EQ(o.status, 0);
  EXPECT_EQ(o.out, "1\n-1\n0\n");
}

TEST(CompareVersionsCli, ErrorsStayOnTheirLine) {
  Output o = RunWithInput("compare-versions --scheme pep440",
                          "1.0\t1.0.post1\nnot a version\t1\nno tab\n1\t1.0\n");
  EXPECT_EQ(o.status, 0);
  std::string expected_prefix = "-1\nerror: ";
  ASSERT_EQ(o.out.rfind(expected_prefix, 0), 0u) << o.out;
  EXPECT_NE(o.out.find("\nerror: expected two versions separated by a tab\n0\n"), std::string::npos)
      << o.out;
}

TEST(CompareVersionsCli, HandlesCrlfAndMissingFinalNewline) {
  Output o = RunWithInput("compare-versions --scheme rpm", "1.0\t1.0.1\r\n2.0~rc1\t2.0");
  EXPECT_EQ(o.out, "-1\n-1\n");
}

TEST(CompareVersionsCli, UnknownSchemeIsAUsageError) {
  Output o = RunWithInput("compare-versions --scheme cobol", "1\t2\n");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.out.find("cobol"), std::string::npos) << o.out;
}

TEST(CompareVersionsCli, EverySchemeIsAccepted) {
  for (const char* s : {"deb", "rpm", "apk", "semver", "go", "pep440", "maven", "gem", "nuget"}) {
    Output o = RunWithInput(std::string("compare-versions --scheme ") + s, "1.0.0\t1.0.0\n");
    EXPECT_EQ(o.status, 0) << s;
  }
}

TEST(Cli, PrintsVersion) {
  Output o = RunWithInput("--version", "");
  EXPECT_EQ(o.status, 0);
  EXPECT_EQ(o.out.rfind("vulnscope ", 0), 0u) << o.out;
}

}  // namespace
