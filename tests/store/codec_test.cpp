#include "store/codec.h"

#include <gtest/gtest.h>

#include "store/store.h"

namespace vs::store {
namespace {

TEST(Codec, StringsRoundTripWithEscapesAndInvalidUtf8) {
  std::vector<std::string> in = {
      "plain",    "quote\" back\\slash",          "tab\tnl\n\x01",
      "é ü 漢字", std::string("latin1 \xe9 end"), std::string("surrogate \xed\xa0\x80")};
  auto out = DecodeStrings(EncodeStrings(in));
  ASSERT_TRUE(out) << out.error().message;
  ASSERT_EQ(out->size(), in.size());
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ((*out)[i], in[i]);
  EXPECT_EQ((*out)[4], "latin1 \xEF\xBF\xBD end");
  EXPECT_EQ((*out)[5].find('\xed'), std::string::npos);
}

TEST(Codec, RangesAndReferencesRoundTrip) {
  std::vector<model::AffectedRange> ranges = {
      {model::RangeType::kGit,
       "https://x/\"repo\"",
       {{model::EventKind::kIntroduced, "0"}, {model::EventKind::kLimit, "*"}}},
      {model::RangeType::kSemver,
       "",
       {{model::EventKind::kLastAffected, "1.2.3-rc.1+b"}, {model::EventKind::kFixed, "2"}}}};
  auto r = DecodeRanges(EncodeRanges(ranges));
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, ranges);
  std::vector<model::Reference> refs = {{"WEB", "https://a/b?c=\"d\""}, {"", ""}};
  auto f = DecodeReferences(EncodeReferences(refs));
  ASSERT_TRUE(f);
  EXPECT_EQ(*f, refs);
}

TEST(Codec, AffectedRoundTripsAndRejectsCorruptText) {
  model::Affected rpm;
  rpm.ecosystem = "AlmaLinux:9";
  rpm.package = "openssl";
  rpm.purl = "pkg:rpm/almalinux/openssl";
  rpm.severity = model::Severity::kHigh;
  rpm.ranges = {
      {model::RangeType::kEcosystem,
       "",
       {{model::EventKind::kIntroduced, "0"}, {model::EventKind::kFixed, "1:3.0.7-6.el9"}}}};
  model::Affected npm;
  npm.ecosystem = "npm";
  npm.package = "@scope/\"odd\"\\name";
  npm.versions = {"1.0.0", "1.0.1-\x01"};
  std::vector<model::Affected> in = {rpm, npm, model::Affected{}};
  std::string text;
  AppendAffected(text, in);
  auto out = DecodeAffected(text);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, in);

  std::string empty;
  AppendAffected(empty, {});
  EXPECT_EQ(empty, "[]");
  EXPECT_TRUE(DecodeAffected("")->empty());
  // What PostgreSQL's json_agg writes in the upgrade migration: spaces after separators.
  auto spaced = DecodeAffected(
      R"([["npm", "ini", "", "unknown", [{"t": "E", "e": [["i", "0"], ["f", "1.3.6"]]}], []]])");
  ASSERT_TRUE(spaced) << spaced.error().message;
  ASSERT_EQ(spaced->size(), 1u);
  EXPECT_EQ((*spaced)[0].ranges[0].events[1].version, "1.3.6");
  for (std::string_view bad :
       {"[[\"npm\"]]", "{}", "[[1,2,3,4,5,6]]", "[", "[[\"a\",\"b\",\"c\",\"high\",{},[]]]"})
    EXPECT_FALSE(DecodeAffected(bad)) << bad;
}

}  // namespace
}  // namespace vs::store
