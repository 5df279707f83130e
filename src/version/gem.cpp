#include "version/gem.h"

#include <cstddef>
#include <string>

#include "version/util.h"

// Source of truth: RubyGems 3.3.15 lib/rubygems/version.rb (Debian 12:
// /usr/lib/ruby/vendor_ruby/rubygems/version.rb). Gem::Version.new strips surrounding
// whitespace, turns "" into "0" and rewrites every '-' as ".pre."; <=> compares
// canonical_segments: the runs of digits and of letters, with trailing zeros dropped from the
// numeric prefix and, separately, from the rest. We walk those segments in place instead of
// building the string and arrays.

namespace vs::version {
namespace {

constexpr std::string_view kScheme = "gem";

// Ruby's /\s/ and String#strip: space, \t, \n, \v, \f, \r.
constexpr bool IsRubySpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

std::string_view StripSpace(std::string_view v) {
  while (!v.empty() && IsRubySpace(v.front())) v.remove_prefix(1);
  while (!v.empty() && IsRubySpace(v.back())) v.remove_suffix(1);
  return v;
}

// A character for an error message; control and non-ASCII bytes are shown as \xNN.
std::string Quote(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return std::string("'") + c + "'";
  const char* hex = "0123456789abcdef";
  return std::string("'\\x") + hex[u >> 4] + hex[u & 15] + "'";
}

// Hand-written Gem::Version::ANCHORED_VERSION_PATTERN on the stripped string:
//   [0-9]+ (\.[0-9a-zA-Z]+)* (-[0-9A-Za-z-]+ (\.[0-9A-Za-z-]+)*)?
// Returns an empty string when `t` matches, else the reason.
std::string PatternMismatch(std::string_view t) {
  const size_t n = t.size();
  size_t i = 0;
  if (!IsDigit(t[0])) return "must start with a digit, not " + Quote(t[0]);
  while (i < n && IsDigit(t[i])) ++i;
  if (i < n && IsAlpha(t[i])) return "letters may only follow a '.' or '-' (as in 1.0a or 1.0-a)";
  while (i < n && t[i] == '.') {
    const size_t start = ++i;
    while (i < n && IsAlnum(t[i])) ++i;
    if (i == start) return "'.' must be followed by letters or digits";
  }
  if (i < n && t[i] == '-') {  // The prerelease tail: '-' is also allowed inside its parts.
    ++i;
    for (;;) {
      const size_t start = i;
      while (i < n && (IsAlnum(t[i]) || t[i] == '-')) ++i;
      if (i == start) return "'-' or '.' must be followed by letters, digits or '-'";
      if (i < n && t[i] == '.') {
        ++i;
        continue;
      }
      break;
    }
  }
  if (i < n) {
    if (IsRubySpace(t[i])) return "contains whitespace";
    return "unexpected character " + Quote(t[i]);
  }
  return "";
}

struct Segment {
  bool is_number = false;
  std::string_view text;
};

// Next run of digits or letters in t[pos, end) of a valid stripped version; a '-' yields the
// "pre" segment that gsub("-", ".pre.") would have inserted.
bool NextSegment(std::string_view t, size_t& pos, size_t end, Segment& out) {
  while (pos < end && t[pos] == '.') ++pos;
  if (pos >= end) return false;
  if (t[pos] == '-') {
    ++pos;
    out = {false, "pre"};
    return true;
  }
  const size_t start = pos;
  const bool digits = IsDigit(t[pos]);
  while (pos < end && (digits ? IsDigit(t[pos]) : IsAlpha(t[pos]))) ++pos;
  out = {digits, t.substr(start, pos - start)};
  return true;
}

bool IsZero(const Segment& s) {
  return s.is_number && s.text.find_first_not_of('0') == std::string_view::npos;
}

// canonical_segments: _split_segments cuts the segments at the first string one, and each
// half loses its trailing zeros ("1.0.a.0" -> [1, "a"], but "1.a.0.b" keeps its 0). The
// cursor yields segments of [0, numeric_end) and then of [string_start, string_end).
class CanonicalSegments {
 public:
  explicit CanonicalSegments(std::string_view t) : t_(t), string_start_(t.size()) {
    size_t pos = 0;
    Segment s;
    bool in_strings = false;
    while (true) {
      const size_t start = pos;
      if (!NextSegment(t_, pos, t_.size(), s)) break;
      if (!in_strings && !s.is_number) {
        in_strings = true;
        string_start_ = start;
      }
      if (IsZero(s)) continue;
      (in_strings ? string_end_ : numeric_end_) = pos;
    }
    limit_ = numeric_end_;
  }

  bool Next(Segment& out) {
    if (NextSegment(t_, pos_, limit_, out)) return true;
    if (in_strings_) return false;
    in_strings_ = true;
    pos_ = string_start_;
    limit_ = string_end_;
    return NextSegment(t_, pos_, limit_, out);
  }

 private:
  std::string_view t_;
  size_t numeric_end_ = 0;
  size_t string_start_;
  size_t string_end_ = 0;
  size_t pos_ = 0;
  size_t limit_ = 0;
  bool in_strings_ = false;
};

int Compare(std::string_view a, std::string_view b) {
  CanonicalSegments ca(StripSpace(a));
  CanonicalSegments cb(StripSpace(b));
  const Segment zero{true, "0"};  // <=> pads the shorter side with 0.
  for (;;) {
    Segment x;
    Segment y;
    const bool has_x = ca.Next(x);
    const bool has_y = cb.Next(y);
    if (!has_x && !has_y) return 0;
    if (!has_x) x = zero;
    if (!has_y) y = zero;
    // A string sorts before any number ("1.0.a" < "1.0" < "1.0.0.1"); numbers compare by
    // value (Integer, any size; "01" == "1"); strings by bytes, so "B" < "a".
    if (x.is_number != y.is_number) return x.is_number ? 1 : -1;
    int c = x.is_number ? CompareDigits(x.text, y.text) : x.text.compare(y.text);
    if (c != 0) return c < 0 ? -1 : 1;
  }
}

}  // namespace

Status ValidateGem(std::string_view v) {
  std::string_view t = StripSpace(v);
  // Gem::Version.new: "version = 0 if version =~ /\A\s*\Z/" — empty means "0".
  if (t.empty()) return Ok();
  if (std::string reason = PatternMismatch(t); !reason.empty()) {
    return Fail(InvalidVersion(kScheme, v, reason));
  }
  return Ok();
}

Result<int> CompareGem(std::string_view a, std::string_view b) {
  if (Status s = ValidateGem(a); !s) return Fail(SideError(s.error(), true));
  if (Status s = ValidateGem(b); !s) return Fail(SideError(s.error(), false));
  return Compare(a, b);
}

}  // namespace vs::version
