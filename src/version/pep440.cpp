#include "version/pep440.h"

#include <cstdint>
#include <string>
#include <utility>

#include "version/util.h"

namespace vs::version {
namespace {

constexpr std::string_view kScheme = "pep440";

// CPython 3.11's int() refuses decimal strings longer than sys.get_int_max_str_digits()
// (4300 digits, leading zeros included) with a ValueError that packaging does not catch, so
// Version("1." + "1" * 4301) cannot be built at all.
constexpr size_t kMaxDigits = 4300;

// Python's `\s` (Py_UNICODE_ISSPACE) for the three-byte UTF-8 characters: U+1680,
// U+2000-U+200A, U+2028, U+2029, U+202F, U+205F and U+3000.
constexpr bool IsSpace3(uint8_t a, uint8_t b, uint8_t c) {
  if (a == 0xE1) return b == 0x9A && c == 0x80;
  if (a == 0xE2 && b == 0x80)
    return (c >= 0x80 && c <= 0x8A) || c == 0xA8 || c == 0xA9 || c == 0xAF;
  if (a == 0xE2 && b == 0x81) return c == 0x9F;
  if (a == 0xE3) return b == 0x80 && c == 0x80;
  return false;
}
constexpr bool IsSpace1(uint8_t c) { return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20); }
constexpr bool IsSpace2(uint8_t a, uint8_t b) { return a == 0xC2 && (b == 0x85 || b == 0xA0); }

// Byte length of the whitespace character that `s` starts (0 if none). packaging's regex is
// r"^\s*...\s*$" on a str, so besides ASCII \t\n\v\f\r and space it also strips \x1c-\x1f,
// U+0085 and U+00A0 (but not U+FEFF, which JavaScript would).
size_t LeadingSpace(std::string_view s) {
  auto u = [&](size_t i) { return uint8_t(s[i]); };
  if (s.empty()) return 0;
  if (IsSpace1(u(0))) return 1;
  if (s.size() >= 2 && IsSpace2(u(0), u(1))) return 2;
  if (s.size() >= 3 && IsSpace3(u(0), u(1), u(2))) return 3;
  return 0;
}
size_t TrailingSpace(std::string_view s) {
  auto u = [&](size_t back) { return uint8_t(s[s.size() - back]); };
  if (s.empty()) return 0;
  if (IsSpace1(u(1))) return 1;
  if (s.size() >= 2 && IsSpace2(u(2), u(1))) return 2;
  if (s.size() >= 3 && IsSpace3(u(3), u(2), u(1))) return 3;
  return 0;
}

constexpr bool IsSep(char c) { return c == '.' || c == '-' || c == '_'; }

// Non-ASCII letters that CPython's re.IGNORECASE lets stand in for ASCII ones in packaging's
// pattern (sre case-folding equivalences): 'İ' (U+0130) and 'ı' (U+0131) for 'i', 'ſ'
// (U+017F) for 's', and the Kelvin sign (U+212A) for 'k'. Only "preview" and "post" among
// the keywords contain such a letter; local labels admit all four (Parser::LocalLabel).
enum class Odd : uint8_t { kNone, kDottedI, kDotlessI, kLongS };

struct Match {
  size_t length = 0;  // Bytes matched; 0 when there is no match.
  Odd odd = Odd::kNone;
};

// Matches one letter the way re.IGNORECASE compares it with lowercase ASCII `want`.
Match MatchLetter(std::string_view s, size_t i, char want) {
  if (i >= s.size()) return {};
  if (ToLower(s[i]) == want) return {1};
  std::string_view rest = s.substr(i);
  if (want == 'i' && rest.starts_with("\xC4\xB0")) return {2, Odd::kDottedI};
  if (want == 'i' && rest.starts_with("\xC4\xB1")) return {2, Odd::kDotlessI};
  if (want == 's' && rest.starts_with("\xC5\xBF")) return {2, Odd::kLongS};
  return {};
}

// Matches `word` (lowercase ASCII) case-insensitively at s[i].
Match MatchWord(std::string_view s, size_t i, std::string_view word) {
  Match m;
  for (char want : word) {
    Match letter = MatchLetter(s, i + m.length, want);
    if (letter.length == 0) return {};
    m.length += letter.length;
    if (letter.odd != Odd::kNone) m.odd = letter.odd;
  }
  return m;
}

// Pre-release letters in the order packaging sorts them after normalising the spelling
// (alpha -> a, beta -> b, c/pre/preview -> rc). Two more exist: when 'İ' or 'ı' stands for
// the 'i' of "preview", str.lower() gives "previ̇ew" or "prevıew", which packaging's
// spelling table does not know, so they are kept and sort as strings between "b" and "rc".
enum class PreLetter : uint8_t { kA, kB, kPreviewDottedI, kPreviewDotlessI, kRc };
// Likewise "poſt" is kept as is and sorts after "post" (rev and r normalise to post).
enum class PostLetter : uint8_t { kPost, kPostLongS };

struct Word {
  std::string_view text;
  uint8_t tag;  // A PreLetter for pre-release words; unused otherwise.
};
// Longest spellings first: the regex alternation (a|b|c|rc|alpha|beta|pre|preview) backtracks
// to the longer word whenever the shorter one leaves letters nothing else can match.
constexpr Word kPreWords[] = {
    {"preview", uint8_t(PreLetter::kRc)}, {"alpha", uint8_t(PreLetter::kA)},
    {"beta", uint8_t(PreLetter::kB)},     {"pre", uint8_t(PreLetter::kRc)},
    {"rc", uint8_t(PreLetter::kRc)},      {"a", uint8_t(PreLetter::kA)},
    {"b", uint8_t(PreLetter::kB)},        {"c", uint8_t(PreLetter::kRc)},
};
constexpr Word kPostWords[] = {{"post", 0}, {"rev", 0}, {"r", 0}};
constexpr Word kDevWords[] = {{"dev", 0}};

struct Parts {
  std::string_view epoch;    // Digits; empty means epoch 0.
  std::string_view release;  // Digit runs joined by '.', e.g. "1.02.3".
  bool has_pre = false;
  PreLetter pre_letter = PreLetter::kA;
  std::string_view pre_number;  // Empty means the implicit 0 ("1.0a" == "1.0a0").
  bool has_post = false;
  PostLetter post_letter = PostLetter::kPost;
  std::string_view post_number;
  bool has_dev = false;
  std::string_view dev_number;
  std::string_view local;  // After '+'; never empty when present.
  const char* error = nullptr;
  size_t error_at = 0;  // Byte offset of the problem in the original string.
};

constexpr const char* kEmpty = "empty version";
constexpr const char* kTooLong =
    "number longer than 4300 digits (CPython's int() limit, which packaging hits)";

// One left-to-right pass over the trimmed version; the first failure is the one reported.
class Parser {
 public:
  Parser(std::string_view s, size_t offset) : s_(s), offset_(offset) {}

  // packaging 23.0 src/packaging/version.py VERSION_PATTERN, matched with re.VERBOSE |
  // re.IGNORECASE against r"^\s*" + pattern + r"\s*$" (23.0 has no LegacyVersion fallback).
  Parts Run() {
    Parts p;
    Body(p);
    if (failed_ == nullptr && pos_ != s_.size()) {
      Fail(At('+') || AtSep() ? "misplaced separator or '+'" : "unexpected character");
    }
    p.error = failed_;
    p.error_at = offset_ + failed_at_;
    return p;
  }

 private:
  bool At(char c) const { return pos_ < s_.size() && s_[pos_] == c; }
  bool AtSep() const { return pos_ < s_.size() && IsSep(s_[pos_]); }
  bool AtDigit(size_t k = 0) const { return pos_ + k < s_.size() && IsDigit(s_[pos_ + k]); }
  void Fail(const char* reason) {
    if (failed_ != nullptr) return;
    failed_ = reason;
    failed_at_ = pos_;
  }

  // Consumes a run of ASCII digits (the pattern says [0-9], not \d) and checks int()'s limit.
  std::string_view Digits() {
    size_t start = pos_;
    while (AtDigit()) ++pos_;
    if (pos_ - start > kMaxDigits) {
      pos_ = start;
      Fail(kTooLong);
    }
    return s_.substr(start, pos_ - start);
  }

  struct Segment {
    const Word* word = nullptr;  // nullptr when the segment is absent.
    Odd odd = Odd::kNone;
    std::string_view number;  // Empty means the implicit 0.
  };

  // Optional separator, keyword, optional separator, optional number: the shape shared by
  // the pre, post and dev segments. The separators are greedy like the regex's `[-_\.]?`;
  // where that is ambiguous ("1.0a-1": pre-release a1, or a0 plus implicit post 1?) the
  // regex's first choice wins, the pre-release number (packaging gives 1.0a1). Consumes
  // nothing when no word matches.
  template <size_t N>
  Segment ReadSegment(const Word (&words)[N]) {
    size_t start = pos_;
    if (AtSep()) ++pos_;
    // Every keyword starts with an ASCII letter; checking it first keeps this cheap.
    char first = pos_ < s_.size() ? ToLower(s_[pos_]) : '\0';
    for (const Word& w : words) {
      if (w.text[0] != first) continue;
      if (Match m = MatchWord(s_, pos_, w.text); m.length != 0) {
        pos_ += m.length;
        if (AtSep()) ++pos_;
        return {&w, m.odd, Digits()};
      }
    }
    pos_ = start;
    return {};
  }

  void Body(Parts& p) {
    if (s_.empty()) return Fail(kEmpty);
    if (At('v') || At('V')) ++pos_;
    if (!AtDigit()) return Fail("expected a release number");
    size_t release = pos_;
    std::string_view first = Digits();
    if (At('!')) {
      p.epoch = first;
      ++pos_;
      if (!AtDigit()) return Fail("expected a release number after the epoch's '!'");
      release = pos_;
      Digits();
    }
    // A '.' followed by a digit always continues the release: nothing else can start so.
    while (failed_ == nullptr && At('.') && AtDigit(1)) {
      ++pos_;
      Digits();
    }
    p.release = s_.substr(release, pos_ - release);

    if (Segment pre = ReadSegment(kPreWords); pre.word != nullptr) {
      p.has_pre = true;
      p.pre_number = pre.number;
      p.pre_letter = PreLetter(pre.word->tag);
      if (pre.odd == Odd::kDottedI) p.pre_letter = PreLetter::kPreviewDottedI;
      if (pre.odd == Odd::kDotlessI) p.pre_letter = PreLetter::kPreviewDotlessI;
    }
    // The implicit post-release "1.0-1" is tried before the spelled-out forms.
    if (At('-') && AtDigit(1)) {
      ++pos_;
      p.has_post = true;
      p.post_number = Digits();
    } else if (Segment post = ReadSegment(kPostWords); post.word != nullptr) {
      p.has_post = true;
      p.post_number = post.number;
      if (post.odd == Odd::kLongS) p.post_letter = PostLetter::kPostLongS;
    }
    Segment dev = ReadSegment(kDevWords);
    p.has_dev = dev.word != nullptr;
    p.dev_number = dev.number;
    if (failed_ == nullptr && At('+')) {
      ++pos_;
      LocalLabel(p);
    }
  }

  // `\+[a-z0-9]+(?:[-_\.][a-z0-9]+)*` under re.IGNORECASE: no empty parts and no separator
  // at either end; the Kelvin sign and 'İ', 'ı', 'ſ' count as letters (see Odd).
  void LocalLabel(Parts& p) {
    size_t start = pos_;
    while (true) {
      size_t part = pos_;
      while (pos_ < s_.size()) {
        std::string_view rest = s_.substr(pos_);
        if (IsAlnum(rest[0])) {
          ++pos_;
        } else if (rest.starts_with("\xC4\xB0") || rest.starts_with("\xC4\xB1") ||
                   rest.starts_with("\xC5\xBF")) {
          pos_ += 2;
        } else if (rest.starts_with("\xE2\x84\xAA")) {
          pos_ += 3;
        } else {
          break;
        }
      }
      if (pos_ == part) {
        bool stray = pos_ < s_.size() && !IsSep(s_[pos_]);
        return Fail(stray ? "invalid character in the local version label"
                          : "empty part in the local version label");
      }
      // packaging int()s a part only when it is all digits.
      bool numeric = true;
      for (size_t i = part; i < pos_ && numeric; ++i) numeric = IsDigit(s_[i]);
      if (numeric && pos_ - part > kMaxDigits) {
        pos_ = part;
        return Fail(kTooLong);
      }
      if (!AtSep()) break;
      ++pos_;
    }
    p.local = s_.substr(start, pos_ - start);
  }

  std::string_view s_;
  size_t offset_;
  size_t pos_ = 0;
  const char* failed_ = nullptr;
  size_t failed_at_ = 0;
};

Parts Parse(std::string_view v) {
  size_t begin = 0;
  size_t end = v.size();
  while (size_t n = LeadingSpace(v.substr(begin, end - begin))) begin += n;
  while (size_t n = TrailingSpace(v.substr(begin, end - begin))) end -= n;
  return Parser(v.substr(begin, end - begin), begin).Run();
}

Error ToError(std::string_view v, const Parts& p) {
  std::string reason = p.error;
  if (p.error != kEmpty) reason += " at byte " + std::to_string(p.error_at);
  return InvalidVersion(kScheme, v, reason);
}

// Returns the next '.'-separated digit run of a release segment, or "" (which CompareDigits
// treats as 0) once it is used up.
std::string_view NextRun(std::string_view s, size_t& i) {
  if (i >= s.size()) return {};
  size_t start = i;
  while (i < s.size() && s[i] != '.') ++i;
  return s.substr(start, i++ - start);
}

// packaging's _cmpkey drops trailing zeros from the release before comparing tuples, which
// is the same as padding the shorter release with zeros: "1.0" == "1.0.0", "1.0" < "1.0.1".
int CompareRelease(std::string_view a, std::string_view b) {
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() || j < b.size()) {
    std::string_view x = NextRun(a, i);
    std::string_view y = NextRun(b, j);
    if (int c = CompareDigits(x, y)) return c;
  }
  return 0;
}

// The code points of Python's str.lower() applied to a local-label part: ASCII folds to
// lower case, the Kelvin sign becomes 'k', 'İ' becomes "i\u0307", 'ı' and 'ſ' stay.
class LoweredChars {
 public:
  explicit LoweredChars(std::string_view s) : s_(s) {}
  // Returns the next code point, or -1 at the end (a prefix sorts first).
  int32_t Next() {
    if (pending_ != 0) return std::exchange(pending_, 0);
    if (i_ >= s_.size()) return -1;
    uint8_t c = uint8_t(s_[i_]);
    if (c < 0x80) return ++i_, ToLower(char(c));
    // Parse admits only the four letters below as non-ASCII bytes.
    if (c == 0xC4 && uint8_t(s_[i_ + 1]) == 0xB0) return i_ += 2, pending_ = 0x307, 'i';
    if (c == 0xC4) return i_ += 2, 0x131;
    if (c == 0xC5) return i_ += 2, 0x17F;
    return i_ += 3, 'k';
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
  int32_t pending_ = 0;
};

bool AllDigits(std::string_view s) {
  for (char c : s)
    if (!IsDigit(c)) return false;
  return true;
}

// packaging _cmpkey turns each local part into (int, "") or (-Infinity, lowercase str):
// numeric parts compare numerically and sort after any alphanumeric part, alphanumeric parts
// compare as lowercased strings, and a label that is a prefix of another sorts first
// ("1.0+abc" < "1.0+abc.1" < "1.0+1"; "1.0+ABC" == "1.0+abc"; "1.0+01" == "1.0+1").
int CompareLocal(std::string_view a, std::string_view b) {
  size_t i = 0;
  size_t j = 0;
  while (true) {
    bool more_a = i < a.size();
    bool more_b = j < b.size();
    if (!more_a || !more_b) return more_a ? 1 : (more_b ? -1 : 0);
    size_t ea = i;
    while (ea < a.size() && !IsSep(a[ea])) ++ea;
    size_t eb = j;
    while (eb < b.size() && !IsSep(b[eb])) ++eb;
    std::string_view x = a.substr(i, ea - i);
    std::string_view y = b.substr(j, eb - j);
    i = ea + 1;
    j = eb + 1;
    if (x == y) continue;
    bool xn = AllDigits(x);
    bool yn = AllDigits(y);
    if (xn && yn) {
      if (int c = CompareDigits(x, y)) return c;
      continue;
    }
    if (xn != yn) return xn ? 1 : -1;
    LoweredChars lx(x);
    LoweredChars ly(y);
    while (true) {
      int32_t cx = lx.Next();
      int32_t cy = ly.Next();
      if (cx != cy) return cx < cy ? -1 : 1;
      if (cx < 0) break;
    }
  }
}

// packaging _cmpkey's pre-release slot: -Infinity for a bare dev release ("1.0.dev1" sorts
// before "1.0a1"), the (letter, number) tuple when there is a pre-release, +Infinity for a
// final release.
int PreRank(const Parts& p) {
  if (p.has_pre) return 1;
  return (!p.has_post && p.has_dev) ? 0 : 2;
}

int CompareParts(const Parts& a, const Parts& b) {
  if (int c = CompareDigits(a.epoch, b.epoch)) return c;
  if (int c = CompareRelease(a.release, b.release)) return c;
  int ra = PreRank(a);
  int rb = PreRank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  if (ra == 1) {
    if (a.pre_letter != b.pre_letter) return a.pre_letter < b.pre_letter ? -1 : 1;
    if (int c = CompareDigits(a.pre_number, b.pre_number)) return c;
  }
  // No post-release sorts first (-Infinity).
  if (a.has_post != b.has_post) return a.has_post ? 1 : -1;
  if (a.has_post) {
    if (a.post_letter != b.post_letter) return a.post_letter < b.post_letter ? -1 : 1;
    if (int c = CompareDigits(a.post_number, b.post_number)) return c;
  }
  // No dev release sorts last (+Infinity).
  if (a.has_dev != b.has_dev) return a.has_dev ? -1 : 1;
  if (a.has_dev) {
    if (int c = CompareDigits(a.dev_number, b.dev_number)) return c;
  }
  // No local label sorts first (-Infinity).
  if (a.local.empty() != b.local.empty()) return a.local.empty() ? -1 : 1;
  return CompareLocal(a.local, b.local);
}

}  // namespace

Status ValidatePep440(std::string_view v) {
  Parts p = Parse(v);
  if (p.error != nullptr) return Fail(ToError(v, p));
  return Ok();
}

Result<int> ComparePep440(std::string_view a, std::string_view b) {
  Parts pa = Parse(a);
  if (pa.error != nullptr) return Fail(SideError(ToError(a, pa), true));
  Parts pb = Parse(b);
  if (pb.error != nullptr) return Fail(SideError(ToError(b, pb), false));
  return CompareParts(pa, pb);
}

}  // namespace vs::version
