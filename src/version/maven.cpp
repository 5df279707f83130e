#include "version/maven.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

#include "version/util.h"

// Source of truth: maven-artifact 3.8.7 ComparableVersion (decompiled from
// /usr/share/maven/lib/maven-artifact-3.x.jar; the same code is
// maven-artifact/src/main/java/org/apache/maven/artifact/versioning/ComparableVersion.java at
// tag maven-3.8.7). Maven 3.9 changed several rules; this file follows 3.8.7.
//
// ComparableVersion parses a version into a tree of ListItems. Because a new sublist is always
// appended as the last item of the current list and nothing is added to the parent afterwards,
// the tree is a chain: root [items..., [items..., [...]]]. We never build it. A Lexer replays
// parseVersion() and yields the leaf items in order, each tagged with its depth in the chain;
// a Stream drops the items that ListItem.normalize() would remove; Compare() merges two
// streams the way ListItem.compareTo walks two lists. No allocation, O(n) per comparison.

namespace vs::version {
namespace {

constexpr std::string_view kScheme = "maven";

enum class Kind : uint8_t { kNumber, kString };

// StringItem.QUALIFIERS index: alpha < beta < milestone < rc < snapshot < "" < sp, then
// unknown qualifiers (comparableQualifier gives them "7-<value>", after every known one).
constexpr uint8_t kReleaseIndex = 5;
constexpr uint8_t kUnknownQualifier = 7;

struct Item {
  Kind kind = Kind::kNumber;
  // IntItem / LongItem / BigIntegerItem, chosen by digit count (parseItem: <= 9, <= 18, more).
  uint8_t num_class = 0;
  uint8_t qualifier = 0;
  // isNull(): numeric zero, or a qualifier that aliases to "" (ga, final, release).
  bool is_null = false;
  uint32_t depth = 0;
  std::string_view text;  // Digits without leading zeros, or the qualifier as written.
};

bool EqualsIgnoreCase(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (ToLower(s[i]) != lower[i]) return false;
  }
  return true;
}

// parseVersion lower-cases the whole string first (Locale.ENGLISH); validation keeps input
// ASCII, so comparing case-insensitively byte by byte is the same thing.
uint8_t QualifierIndex(std::string_view s, bool followed_by_digit) {
  // StringItem(String, boolean): "a1", "b2", "m3" are alpha, beta, milestone only when a
  // digit follows directly; a lone "a" is an unknown qualifier.
  if (followed_by_digit && s.size() == 1) {
    switch (ToLower(s[0])) {
      case 'a': return 0;
      case 'b': return 1;
      case 'm': return 2;
      default: break;
    }
  }
  struct Known {
    std::string_view name;
    uint8_t index;
  };
  // QUALIFIERS plus ALIASES (ga, final, release -> ""; cr -> rc).
  static constexpr Known kKnown[] = {
      {"alpha", 0},    {"beta", 1}, {"milestone", 2}, {"rc", 3},      {"cr", 3},
      {"snapshot", 4}, {"ga", 5},   {"final", 5},     {"release", 5}, {"sp", 6},
  };
  for (const Known& k : kKnown) {
    if (EqualsIgnoreCase(s, k.name)) return k.index;
  }
  return kUnknownQualifier;
}

Item MakeNumber(std::string_view digits) {
  // stripLeadingZeroes returns an all-zero string unchanged, so "0000000000" (10 digits) is a
  // LongItem(0) and sorts after IntItem(0) when something follows it: "1.0000000000.1" >
  // "1.0.1".
  size_t first = digits.find_first_not_of('0');
  bool zero = first == std::string_view::npos;
  size_t len = zero ? digits.size() : digits.size() - first;
  Item it;
  it.kind = Kind::kNumber;
  it.num_class = len <= 9 ? 0 : (len <= 18 ? 1 : 2);
  it.is_null = zero;
  it.text = zero ? std::string_view("0") : digits.substr(first);
  return it;
}

Item MakeString(std::string_view s, bool followed_by_digit) {
  Item it;
  it.kind = Kind::kString;
  it.qualifier = QualifierIndex(s, followed_by_digit);
  it.is_null = it.qualifier == kReleaseIndex;
  it.text = s;
  return it;
}

// Replays ComparableVersion.parseVersion, yielding one leaf item per call with its depth.
class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  bool Next(Item& out) {
    while (i_ < s_.size()) {
      const size_t i = i_++;
      const char c = s_[i];
      if (c == '.' || c == '-') {
        // An empty part ("1..2", "1--2", ".1") is IntItem.ZERO. Note that isDigit is not reset
        // by a separator; the part before it is homogeneous anyway.
        out = i == start_ ? MakeNumber("0") : MakePart(s_.substr(start_, i - start_), false);
        out.depth = depth_;
        start_ = i + 1;
        list_empty_ = false;
        if (c == '-') {  // '-' opens a sublist.
          ++depth_;
          list_empty_ = true;
        }
        return true;
      }
      if (IsDigit(c)) {
        const bool split = !is_digit_ && i > start_;
        is_digit_ = true;
        if (split) {
          // Letter -> digit: "rc1". The letters go into a fresh sublist unless the current
          // one is still empty, and the digits open another sublist.
          if (!list_empty_) ++depth_;
          out = MakeString(s_.substr(start_, i - start_), /*followed_by_digit=*/true);
          out.depth = depth_;
          start_ = i;
          ++depth_;
          list_empty_ = true;
          return true;
        }
      } else {
        // Anything that is not '.', '-' or a digit counts as a letter ('_', '+', '~', ...).
        const bool split = is_digit_ && i > start_;
        is_digit_ = false;
        if (split) {  // Digit -> letter: "1rc". The letters open a sublist.
          out = MakeNumber(s_.substr(start_, i - start_));
          out.depth = depth_;
          start_ = i;
          ++depth_;
          list_empty_ = true;
          return true;
        }
      }
    }
    if (!finished_) {
      finished_ = true;
      if (s_.size() > start_) {
        // A trailing qualifier after '.' still gets its own sublist ("1.0.0.X1 < 1.0.0-X2"
        // in the source): "1.foo" == "1-foo".
        if (!is_digit_ && !list_empty_) ++depth_;
        out = MakePart(s_.substr(start_), false);
        out.depth = depth_;
        return true;
      }
    }
    return false;
  }

 private:
  Item MakePart(std::string_view part, bool followed_by_digit) const {
    return is_digit_ ? MakeNumber(part) : MakeString(part, followed_by_digit);
  }

  std::string_view s_;
  size_t i_ = 0;
  size_t start_ = 0;
  uint32_t depth_ = 0;
  bool is_digit_ = false;
  bool list_empty_ = true;
  bool finished_ = false;
};

// The items that survive ListItem.normalize(). normalize() walks each list from the end,
// skipping a non-empty sublist and removing null items until the first non-null one; an
// emptied sublist is itself null and removed. So a null item is kept exactly when a non-null
// item follows it in the same list, i.e. when the next non-null item of the whole stream has
// the same depth ("1.0-1" == "1-1": the 0 before the sublist goes).
class Stream {
 public:
  explicit Stream(std::string_view s) : lex_(s) {}

  bool Next(Item& out) {
    while (lex_.Next(out)) {
      ++pos_;
      if (!out.is_null) return true;
      if (pos_ > next_non_null_pos_) FindNextNonNull();
      if (next_non_null_depth_ == out.depth) return true;
    }
    return false;
  }

 private:
  // Caches where the next non-null item is, so a run of nulls costs one scan.
  void FindNextNonNull() {
    Lexer probe = lex_;
    Item it;
    size_t pos = pos_;
    while (probe.Next(it)) {
      ++pos;
      if (!it.is_null) {
        next_non_null_pos_ = pos;
        next_non_null_depth_ = it.depth;
        return;
      }
    }
    next_non_null_pos_ = std::numeric_limits<size_t>::max();
    next_non_null_depth_ = kNoDepth;
  }

  static constexpr uint32_t kNoDepth = std::numeric_limits<uint32_t>::max();
  Lexer lex_;
  size_t pos_ = 0;
  size_t next_non_null_pos_ = 0;
  uint32_t next_non_null_depth_ = kNoDepth;
};

// Item.compareTo(null): zero and "" are equal to nothing; alpha..snapshot sort before it,
// sp and unknown qualifiers after it.
int CompareToNothing(const Item& it) {
  if (it.is_null) return 0;
  if (it.kind == Kind::kNumber) return 1;
  return it.qualifier < kReleaseIndex ? -1 : 1;
}

int CompareQualifiers(const Item& a, const Item& b) {
  if (a.qualifier != b.qualifier) return a.qualifier < b.qualifier ? -1 : 1;
  if (a.qualifier != kUnknownQualifier) return 0;
  // Unknown qualifiers: String.compareTo of the lower-cased text ("7-jre" vs "7-android").
  const size_t n = a.text.size() < b.text.size() ? a.text.size() : b.text.size();
  for (size_t i = 0; i < n; ++i) {
    const char x = ToLower(a.text[i]);
    const char y = ToLower(b.text[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  return a.text.size() == b.text.size() ? 0 : (a.text.size() < b.text.size() ? -1 : 1);
}

// Two leaf items. Item types order String < List < IntItem < LongItem < BigIntegerItem, so an
// IntItem never equals a LongItem even when both are zero.
int CompareItems(const Item& a, const Item& b) {
  if (a.kind != b.kind) return a.kind == Kind::kNumber ? 1 : -1;
  if (a.kind == Kind::kString) return CompareQualifiers(a, b);
  if (a.num_class != b.num_class) return a.num_class < b.num_class ? -1 : 1;
  return CompareDigits(a.text, b.text);
}

// The rest of a list (and its sublists) against a missing item: the first non-zero
// compareTo(null), as ListItem.compareTo(null) does.
int RestComparedToNothing(Stream& s, Item current) {
  do {
    if (int c = CompareToNothing(current); c != 0) return c;
  } while (s.Next(current));
  return 0;
}

int Compare(std::string_view a, std::string_view b) {
  Stream sa(a);
  Stream sb(b);
  Item x;
  Item y;
  bool has_x = sa.Next(x);
  bool has_y = sb.Next(y);
  uint32_t depth = 0;  // The list level both sides are walking.
  for (;;) {
    if (!has_x && !has_y) return 0;
    if (!has_y) return RestComparedToNothing(sa, x);
    if (!has_x) return -RestComparedToNothing(sb, y);
    const bool x_leaf = x.depth == depth;  // Otherwise x's next element is its sublist.
    const bool y_leaf = y.depth == depth;
    if (x_leaf && y_leaf) {
      if (int c = CompareItems(x, y); c != 0) return c;
      has_x = sa.Next(x);
      has_y = sb.Next(y);
      continue;
    }
    // A leaf against a sublist: IntItem.compareTo(ListItem) is 1, StringItem's is -1, so
    // "1.1" > "1-1" but "1.x.1" < "1-1".
    if (x_leaf) return x.kind == Kind::kNumber ? 1 : -1;
    if (y_leaf) return y.kind == Kind::kNumber ? -1 : 1;
    // Both reached their sublist, the last element of a list: descend.
    ++depth;
  }
}

enum class CharClass : uint8_t { kOk, kDollar, kNonAscii, kSpaceOrControl, kBanned, kRange };

constexpr std::array<CharClass, 256> MakeCharClasses() {
  std::array<CharClass, 256> t{};
  for (int c = 0; c < 256; ++c) {
    if (c >= 0x80) {
      t[c] = CharClass::kNonAscii;
    } else if (c <= 0x20 || c == 0x7f) {
      t[c] = CharClass::kSpaceOrControl;
    }
  }
  // maven-model-builder 3.8.7 DefaultModelValidator: ILLEGAL_VERSION_CHARS.
  for (char c : std::string_view("\\/:\"<>|?*"))
    t[static_cast<unsigned char>(c)] = CharClass::kBanned;
  // "[1.0,2.0)" is a version range (VersionRange.createFromVersionSpec), not a version.
  for (char c : std::string_view("[](),")) t[static_cast<unsigned char>(c)] = CharClass::kRange;
  t['$'] = CharClass::kDollar;
  return t;
}
constexpr std::array<CharClass, 256> kCharClass = MakeCharClasses();

}  // namespace

Status ValidateMaven(std::string_view v) {
  if (v.empty()) return Fail(InvalidVersion(kScheme, v, "empty version"));
  for (size_t i = 0; i < v.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(v[i]);
    switch (kCharClass[c]) {
      case CharClass::kOk: continue;
      case CharClass::kDollar:
        // DefaultModelValidator.hasExpression: "${project.version}" was never interpolated.
        if (i + 1 < v.size() && v[i + 1] == '{') {
          return Fail(InvalidVersion(kScheme, v, "contains an unresolved ${...} expression"));
        }
        continue;
      case CharClass::kNonAscii:
        // ComparableVersion would apply Unicode isDigit/toLowerCase; real versions are ASCII.
        return Fail(InvalidVersion(kScheme, v, "contains a non-ASCII character"));
      case CharClass::kSpaceOrControl:
        return Fail(InvalidVersion(kScheme, v, "contains whitespace or a control character"));
      case CharClass::kBanned:
        return Fail(InvalidVersion(kScheme, v,
                                   std::string("contains '") + char(c) +
                                       "', which Maven forbids in versions (\\/:\"<>|?*)"));
      case CharClass::kRange:
        return Fail(InvalidVersion(
            kScheme, v,
            std::string("contains '") + char(c) + "': version-range syntax, not a version"));
    }
  }
  // DefaultModelValidator.validate20ProperSnapshotVersion (an error at validation level 3.1):
  // "1.0.SNAPSHOT" and "1SNAPSHOT" are malformed snapshots; the check is case-sensitive.
  constexpr std::string_view kSnapshot = "SNAPSHOT";
  if (v.size() >= kSnapshot.size() && v.substr(v.size() - kSnapshot.size()) == kSnapshot &&
      (v.size() == kSnapshot.size() || v[v.size() - kSnapshot.size() - 1] != '-')) {
    return Fail(InvalidVersion(kScheme, v, "a SNAPSHOT version must end in \"-SNAPSHOT\""));
  }
  return Ok();
}

Result<int> CompareMaven(std::string_view a, std::string_view b) {
  if (Status s = ValidateMaven(a); !s) return Fail(SideError(s.error(), true));
  if (Status s = ValidateMaven(b); !s) return Fail(SideError(s.error(), false));
  return Compare(a, b);
}

}  // namespace vs::version
