#include "parsers/csv.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace vs::parsers::csv {
namespace {

struct Record {
  std::vector<std::string> fields;
  size_t line;
  std::string problem;
  bool operator==(const Record&) const = default;
};

std::vector<Record> ReadAll(std::string_view text) {
  std::vector<Record> out;
  Reader reader(text);
  while (reader.Next()) {
    Record r{{}, reader.line(), std::string(reader.problem())};
    for (std::string_view f : reader.fields()) r.fields.emplace_back(f);
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<std::vector<std::string>> Fields(std::string_view text) {
  std::vector<std::vector<std::string>> out;
  for (Record& r : ReadAll(text)) out.push_back(std::move(r.fields));
  return out;
}

using Rows = std::vector<std::vector<std::string>>;

TEST(CsvReader, SplitsPlainFieldsAndRecords) {
  EXPECT_EQ(Fields("a,b,c\n1,2,3\n"), (Rows{{"a", "b", "c"}, {"1", "2", "3"}}));
}

TEST(CsvReader, LastRecordNeedsNoLineBreak) {
  EXPECT_EQ(Fields("a,b\n1,2"), (Rows{{"a", "b"}, {"1", "2"}}));
}

TEST(CsvReader, CrLfEndsRecords) {
  EXPECT_EQ(Fields("a,b\r\n1,2\r\n"), (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(Fields("a,b\r"), (Rows{{"a", "b"}}));
}

TEST(CsvReader, LoneCrInsideAFieldIsKept) {
  EXPECT_EQ(Fields("a\rb,c\r,d\n"), (Rows{{"a\rb", "c\r", "d"}}));
}

TEST(CsvReader, EmptyFieldsAndTrailingComma) {
  EXPECT_EQ(Fields(",a,,\n"), (Rows{{"", "a", "", ""}}));
  EXPECT_EQ(Fields("a,"), (Rows{{"a", ""}}));
}

TEST(CsvReader, QuotedFieldsHoldCommasQuotesAndNewlines) {
  EXPECT_EQ(Fields("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"\"\n"),
            (Rows{{"a,b", "say \"hi\"", "two\nlines", ""}}));
  EXPECT_EQ(Fields("\"crlf\r\ninside\"\r\nnext\r\n"), (Rows{{"crlf\r\ninside"}, {"next"}}));
  EXPECT_EQ(Fields("\"\"\"\"\n"), (Rows{{"\""}}));
}

TEST(CsvReader, LineNumbersCountNewlinesInsideQuotes) {
  std::vector<Record> records = ReadAll("h\n\"x\ny\nz\"\nlast\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].line, 1u);
  EXPECT_EQ(records[1].line, 2u);
  EXPECT_EQ(records[2].line, 5u);
}

TEST(CsvReader, SkipsBlankLinesButCountsThem) {
  std::vector<Record> records = ReadAll("\n\r\na\n\n\nb\n\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fields, std::vector<std::string>{"a"});
  EXPECT_EQ(records[0].line, 3u);
  EXPECT_EQ(records[1].line, 6u);
}

TEST(CsvReader, SkipsUtf8Bom) {
  EXPECT_EQ(Fields("\xEF\xBB\xBFid,x\n1,2\n"), (Rows{{"id", "x"}, {"1", "2"}}));
}

TEST(CsvReader, EmptyInputHasNoRecords) {
  EXPECT_TRUE(ReadAll("").empty());
  EXPECT_TRUE(ReadAll("\xEF\xBB\xBF").empty());
  EXPECT_TRUE(ReadAll("\n\r\n").empty());
}

TEST(CsvReader, UnquotedAndSimpleQuotedFieldsAreViewsIntoTheInput) {
  std::string text = "plain,\"quoted, no escapes\",\"with \"\"escape\"\"\"\n";
  Reader reader(text);
  ASSERT_TRUE(reader.Next());
  auto inside = [&](std::string_view f) {
    return f.data() >= text.data() && f.data() + f.size() <= text.data() + text.size();
  };
  ASSERT_EQ(reader.fields().size(), 3u);
  EXPECT_TRUE(inside(reader.fields()[0]));
  EXPECT_TRUE(inside(reader.fields()[1]));
  EXPECT_FALSE(inside(reader.fields()[2]));
  EXPECT_EQ(reader.fields()[2], "with \"escape\"");
}

TEST(CsvReader, BareQuoteInUnquotedFieldIsKept) {
  std::vector<Record> records = ReadAll("5\" disk,x\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"5\" disk", "x"}));
  EXPECT_EQ(records[0].problem, "");
}

TEST(CsvReader, TextAfterClosingQuoteIsKeptAndReported) {
  std::vector<Record> records = ReadAll("\"ab\"cd,e\nok\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"abcd", "e"}));
  EXPECT_EQ(records[0].problem, "text after a closing quote");
  EXPECT_EQ(records[1].problem, "");
}

TEST(CsvReader, UnterminatedQuoteRunsToEndAndIsReported) {
  std::vector<Record> records = ReadAll("a,b\n1,\"open\n2,3\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"1", "open\n2,3\n"}));
  EXPECT_EQ(records[1].problem, "unterminated quoted field");
  records = ReadAll("\"x\"\"y");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fields, std::vector<std::string>{"x\"y"});
  EXPECT_EQ(records[0].problem, "unterminated quoted field");
}

TEST(CsvReader, ProblemIsClearedForTheNextRecord) {
  Reader reader("\"a\"b\nc\n");
  ASSERT_TRUE(reader.Next());
  EXPECT_FALSE(reader.problem().empty());
  ASSERT_TRUE(reader.Next());
  EXPECT_TRUE(reader.problem().empty());
  EXPECT_FALSE(reader.Next());
}

TEST(CsvHelpers, FindColumnIgnoresCaseAndSpaces) {
  std::vector<std::string_view> header = {"id", " Codes ", "CVE"};
  EXPECT_EQ(FindColumn(header, "codes"), 1);
  EXPECT_EQ(FindColumn(header, "cve"), 2);
  EXPECT_EQ(FindColumn(header, "port"), -1);
}

TEST(CsvHelpers, FirstLineStripsBomAndLineBreak) {
  EXPECT_EQ(FirstLine("\xEF\xBB\xBF"
                      "a,b\r\nc"),
            "a,b");
  EXPECT_EQ(FirstLine("cut mid-li"), "cut mid-li");
}

TEST(CsvHelpers, ReadHeaderAndHasColumns) {
  std::vector<std::string> header = ReadHeader(" cve , Source,reference\nCVE-2021-44228,x,y\n");
  EXPECT_EQ(header, (std::vector<std::string>{"cve", "Source", "reference"}));
  EXPECT_TRUE(HasColumns(header, {"cve", "source"}));
  EXPECT_FALSE(HasColumns(header, {"cve", "epss"}));
  EXPECT_TRUE(ReadHeader("").empty());
}

TEST(CveId, NormalizesValidIds) {
  struct Case {
    std::string_view in;
    std::optional<std::string> out;
  };
  const Case cases[] = {
      {"CVE-2021-44228", "CVE-2021-44228"},
      {"cve-2021-44228", "CVE-2021-44228"},
      {" Cve-1999-0001 ", "CVE-1999-0001"},
      {"CVE-2026-999999", "CVE-2026-999999"},
      {"CVE-2021-1234567890123456789", "CVE-2021-1234567890123456789"},  // 19 digits: schema max.
      {"CVE-2021-12345678901234567890", std::nullopt},                   // 20 digits.
      {"CVE-2021-0000", std::nullopt},  // Junk seen in PoC-in-GitHub.
      {"CVE-2021-000000", std::nullopt},
      {"CVE-2016-010033", std::nullopt},  // 5+ digits never start with 0.
      {"CVE-2014-160", std::nullopt},
      {"CVE-21-44228", std::nullopt},
      {"CVE-2021-4422a", std::nullopt},
      {"CVE 2021-44228", std::nullopt},
      {"CVE-CVE 2014", std::nullopt},
      {"OSVDB-73573", std::nullopt},
      {"", std::nullopt},
      {"CVE-2021-44228;", std::nullopt},
  };
  for (const Case& c : cases) EXPECT_EQ(NormalizeCveId(c.in), c.out) << c.in;
}

}  // namespace
}  // namespace vs::parsers::csv
