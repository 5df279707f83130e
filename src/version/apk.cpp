#include "version/apk.h"

#include <cstdint>
#include <string>

#include "version/util.h"

// Follows apk-tools src/version.c as rewritten around token_first()/token_next()/token_cmp()
// (the code that fixed apk-tools issue #10882 "8.2.0 > 8.2.001" and added "~hash"), with the
// test vectors of apk-tools test/version.data (now test/unit/version.data).
namespace vs::version {
namespace {

constexpr std::string_view kScheme = "apk";

// Token types in the order of apk-tools version.c `enum PARTS`. The order is the grammar (a
// token may only be followed by tokens that are not "earlier", see Next()) and also the
// tie-break when two versions differ in token type (the later type sorts lower).
enum class Tok : uint8_t {
  kInitialDigit,
  kDigit,
  kLetter,
  kSuffix,
  kSuffixNo,
  kCommitHash,
  kRevisionNo,
  kEnd,
  kInvalid,
};

// Suffix ranks from version.c DECLARE_SUFFIXES: pre-release suffixes below kSuffixNone (the
// plain release), post-release ones above.
constexpr int kSuffixNone = 5;

int SuffixRank(std::string_view s) {
  struct Entry {
    std::string_view name;
    int rank;
  };
  static constexpr Entry kSuffixes[] = {
      {"alpha", 1}, {"beta", 2}, {"pre", 3}, {"rc", 4}, {"cvs", 6},
      {"svn", 7},   {"git", 8},  {"hg", 9},  {"p", 10},
  };
  for (const Entry& e : kSuffixes) {
    if (e.name == s) return e.rank;
  }
  return 0;  // SUFFIX_INVALID
}

// Why tokenizing stopped with kInvalid; turned into a message only on the error path.
enum class Problem : uint8_t {
  kNone,
  kEmpty,
  kNoLeadingDigit,
  kEmptyNumber,
  kLetterPosition,
  kDotPosition,
  kDigitPosition,
  kUnknownSuffix,
  kSuffixPosition,
  kEmptyHash,
  kHashPosition,
  kDashNotRevision,
  kEmptyRevision,
  kRevisionPosition,
  kBadChar,
};

inline bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
// apk-tools src/ctype.c: APK_CTYPE_HEXDIGIT is 0-9 and lowercase a-f only.
inline bool IsLowerHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f'); }

// Lazy tokenizer over a version string; mirrors version.c token_first()/token_next().
class Tokenizer {
 public:
  explicit Tokenizer(std::string_view v) : all_(v), rest_(v) {
    type_ = Tok::kInitialDigit;
    if (v.empty()) {
      Fail(Problem::kEmpty);
    } else if (!IsDigit(v.front())) {
      Fail(Problem::kNoLeadingDigit);
    } else {
      TakeDigits();
    }
  }

  Tok type() const { return type_; }
  std::string_view text() const { return text_; }
  int suffix() const { return suffix_; }
  Problem problem() const { return problem_; }
  size_t offset() const { return all_.size() - rest_.size(); }

  // Advances to the next token; the checks on type_ are version.c's "may this token follow
  // the previous one" rules.
  void Next() {
    if (rest_.empty()) {
      type_ = Tok::kEnd;
      return;
    }
    const char c = rest_.front();
    if (IsLower(c)) {
      // A single letter may only directly follow a number part: "1.2a", not "1_p1a".
      if (type_ > Tok::kDigit) return Fail(Problem::kLetterPosition);
      text_ = rest_.substr(0, 1);
      rest_.remove_prefix(1);
      type_ = Tok::kLetter;
      return;
    }
    if (c == '.') {
      // '.' only separates the leading numbers, so "0.1a.1" and "1_p1.2" are invalid.
      if (type_ > Tok::kDigit) return Fail(Problem::kDotPosition);
      rest_.remove_prefix(1);
      type_ = Tok::kDigit;
      return TakeDigits();
    }
    if (IsDigit(c)) {
      // Digits are consumed greedily, so the only way to get here is a suffix number
      // ("_rc2") or a digit after the letter ("0.1a1", invalid since the rewrite).
      if (type_ != Tok::kSuffix) return Fail(Problem::kDigitPosition);
      type_ = Tok::kSuffixNo;
      return TakeDigits();
    }
    if (c == '_') {
      if (type_ > Tok::kSuffixNo) return Fail(Problem::kSuffixPosition);
      rest_.remove_prefix(1);
      size_t n = 0;
      while (n < rest_.size() && IsLower(rest_[n])) ++n;
      text_ = rest_.substr(0, n);
      suffix_ = SuffixRank(text_);
      if (suffix_ == 0) return Fail(Problem::kUnknownSuffix);
      rest_.remove_prefix(n);
      type_ = Tok::kSuffix;
      return;
    }
    if (c == '~') {
      // "~<hex>" commit hash: at most one, before the revision.
      if (type_ >= Tok::kCommitHash) return Fail(Problem::kHashPosition);
      rest_.remove_prefix(1);
      size_t n = 0;
      while (n < rest_.size() && IsLowerHex(rest_[n])) ++n;
      if (n == 0) return Fail(Problem::kEmptyHash);
      text_ = rest_.substr(0, n);
      rest_.remove_prefix(n);
      type_ = Tok::kCommitHash;
      return;
    }
    if (c == '-') {
      if (type_ >= Tok::kRevisionNo) return Fail(Problem::kRevisionPosition);
      if (rest_.size() < 2 || rest_[1] != 'r') return Fail(Problem::kDashNotRevision);
      rest_.remove_prefix(2);
      type_ = Tok::kRevisionNo;
      return TakeDigits();
    }
    Fail(Problem::kBadChar);
  }

 private:
  // version.c token_parse_digits(): an empty digit run makes the token invalid.
  void TakeDigits() {
    size_t n = 0;
    while (n < rest_.size() && IsDigit(rest_[n])) ++n;
    if (n == 0) {
      return Fail(type_ == Tok::kRevisionNo ? Problem::kEmptyRevision : Problem::kEmptyNumber);
    }
    text_ = rest_.substr(0, n);
    rest_.remove_prefix(n);
  }

  void Fail(Problem p) {
    problem_ = p;
    type_ = Tok::kInvalid;
  }

  std::string_view all_;
  std::string_view rest_;
  std::string_view text_;
  Tok type_ = Tok::kInitialDigit;
  int suffix_ = 0;
  Problem problem_ = Problem::kNone;
};

// version.c token_cmp() for two tokens of the same type.
int CompareTokens(const Tokenizer& a, const Tokenizer& b) {
  switch (a.type()) {
    case Tok::kDigit:
      // "if either of the digits have a leading zero, use raw string comparison similar to
      // Gentoo spec": 1.02 < 1.1, 8.2.0 < 8.2.001, 1.0 < 1.00.
      if (a.text().front() == '0' || b.text().front() == '0') {
        return Sign(a.text().compare(b.text()));
      }
      return CompareDigits(a.text(), b.text());
    case Tok::kInitialDigit:
    case Tok::kSuffixNo:
    case Tok::kRevisionNo:
      // Numeric, so "006" > "1.0.0" and "-r01" == "-r1". apk parses into a uint64_t that wraps
      // past 20 digits; we compare any length exactly (docs/versions/apk.md).
      return CompareDigits(a.text(), b.text());
    case Tok::kLetter: return Sign(a.text().front() - b.text().front());
    case Tok::kSuffix: return Sign(a.suffix() - b.suffix());
    case Tok::kCommitHash:
      // Hashes carry no order; apk sorts them as strings (apk_blob_sort).
      return Sign(a.text().compare(b.text()));
    default: return 0;
  }
}

void Drain(Tokenizer& t) {
  while (t.type() < Tok::kEnd) t.Next();
}

std::string Describe(const Tokenizer& t, std::string_view v) {
  const size_t at = t.offset();
  auto where = [&] { return " at offset " + std::to_string(at); };
  switch (t.problem()) {
    case Problem::kEmpty: return "empty version";
    case Problem::kNoLeadingDigit: return "must start with a digit";
    case Problem::kEmptyNumber: return "expected digits" + where();
    case Problem::kLetterPosition:
      return "a letter may only follow a number part (as in 1.2a)" + where();
    case Problem::kDotPosition: return "'.' may only separate the leading numbers" + where();
    case Problem::kDigitPosition: return "a digit may not follow the letter" + where();
    case Problem::kUnknownSuffix:
      return "unknown suffix \"_" + std::string(t.text()) +
             "\" (known: alpha beta pre rc cvs svn git hg p)";
    case Problem::kSuffixPosition: return "'_' suffix after the commit hash or revision" + where();
    case Problem::kEmptyHash: return "'~' must be followed by lowercase hex digits" + where();
    case Problem::kHashPosition: return "'~' hash after another hash or the revision" + where();
    case Problem::kDashNotRevision: return "'-' must start the revision \"-rN\"" + where();
    case Problem::kEmptyRevision: return "\"-r\" must be followed by digits" + where();
    case Problem::kRevisionPosition: return "a second revision" + where();
    case Problem::kBadChar: {
      static constexpr char kHex[] = "0123456789abcdef";
      const unsigned char c = static_cast<unsigned char>(v[at]);
      std::string shown = (c > 0x20 && c < 0x7f)
                              ? std::string(1, char(c))
                              : std::string{'\\', 'x', kHex[c >> 4], kHex[c & 15]};
      return "unexpected character '" + shown + "'" + where();
    }
    case Problem::kNone: break;
  }
  return "invalid";
}

}  // namespace

Status ValidateApk(std::string_view v) {
  Tokenizer t(v);
  Drain(t);
  if (t.type() == Tok::kEnd) return Ok();
  return Fail(InvalidVersion(kScheme, v, Describe(t, v)));
}

Result<int> CompareApk(std::string_view a, std::string_view b) {
  // One pass: compare while the token types agree (version.c apk_version_compare_fuzzy),
  // then finish tokenizing both sides so an invalid tail is still reported.
  Tokenizer ta(a);
  Tokenizer tb(b);
  int result = 0;
  while (ta.type() == tb.type() && ta.type() < Tok::kEnd) {
    result = CompareTokens(ta, tb);
    if (result != 0) break;
    ta.Next();
    tb.Next();
  }
  if (result == 0 && ta.type() != tb.type()) {
    // Equal so far but one side has more: a pre-release suffix sorts below anything (1.0_rc1 <
    // 1.0), otherwise the side whose next token type is later sorts lower, so 1.0 < 1.0-r1 <
    // 1.0~ab < 1.0_p1 < 1.0a < 1.0.1.
    if (ta.type() == Tok::kSuffix && ta.suffix() < kSuffixNone) {
      result = -1;
    } else if (tb.type() == Tok::kSuffix && tb.suffix() < kSuffixNone) {
      result = 1;
    } else {
      result = ta.type() > tb.type() ? -1 : 1;
    }
  }
  Drain(ta);
  Drain(tb);
  if (ta.type() != Tok::kEnd) return Fail(SideError(ValidateApk(a).error(), true));
  if (tb.type() != Tok::kEnd) return Fail(SideError(ValidateApk(b).error(), false));
  return result;
}

}  // namespace vs::version
