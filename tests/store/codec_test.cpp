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

}  // namespace
}  // namespace vs::store
