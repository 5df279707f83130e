#include "version/go.h"

#include <string>

#include "version/util.h"

// Follows golang.org/x/mod/semver/semver.go (parse, parseInt, parsePrerelease, parseBuild,
// Compare, comparePrerelease) and the Go Modules Reference, sections "Versions",
// "Pseudo-versions" and "Compatibility with non-module repositories" (+incompatible).
namespace vs::version {
namespace {

constexpr std::string_view kScheme = "go";

struct Parsed {
  std::string_view major;
  std::string_view minor;       // "0" for the "v1" shorthand.
  std::string_view patch;       // "0" for the "v1" and "v1.2" shorthands.
  std::string_view prerelease;  // Without the '-'; empty when there is none.
};

// x/mod isIdentChar: SemVer identifiers are [0-9A-Za-z-].
inline bool IsIdentChar(char c) { return IsAlnum(c) || c == '-'; }

bool AllDigits(std::string_view s) {
  for (char c : s)
    if (!IsDigit(c)) return false;
  return true;
}

// Takes one MAJOR/MINOR/PATCH number from the front of `rest` (x/mod parseInt: decimal
// digits, no extra leading zero). Returns nullptr on success, else the reason.
const char* TakeNumber(std::string_view& rest, std::string_view& num, int part) {
  static constexpr const char* kMissing[] = {"expected a major version number",
                                             "expected a minor version number",
                                             "expected a patch version number"};
  static constexpr const char* kLeadingZero[] = {"leading zero in major version",
                                                 "leading zero in minor version",
                                                 "leading zero in patch version"};
  size_t n = 0;
  while (n < rest.size() && IsDigit(rest[n])) ++n;
  if (n == 0) return kMissing[part];
  if (rest[0] == '0' && n > 1) return kLeadingZero[part];
  num = rest.substr(0, n);
  rest.remove_prefix(n);
  return nullptr;
}

// Checks a dot-separated identifier list (prerelease or build, without its '-' or '+'). Numeric
// prerelease identifiers must not have leading zeros; build identifiers may.
const char* CheckIdentifiers(std::string_view s, bool prerelease) {
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && s[i] != '.') {
      if (!IsIdentChar(s[i])) {
        return prerelease ? "invalid character in prerelease (allowed: [0-9A-Za-z-.])"
                          : "invalid character in build metadata (allowed: [0-9A-Za-z-.])";
      }
      continue;
    }
    std::string_view id = s.substr(start, i - start);
    if (id.empty()) {
      return prerelease ? "empty prerelease identifier" : "empty build metadata identifier";
    }
    if (prerelease && id.size() > 1 && id[0] == '0' && AllDigits(id)) {
      return "numeric prerelease identifier with a leading zero";
    }
    start = i + 1;
  }
  return nullptr;
}

// x/mod semver parse() after the optional 'v'. Returns nullptr on success, else the reason.
const char* Parse(std::string_view v, Parsed& p) {
  if (v.empty()) return "empty version";
  if (v[0] == 'v') v.remove_prefix(1);  // Optional: OSV Go ranges write "1.2.3".
  p.minor = "0";
  p.patch = "0";
  p.prerelease = {};
  std::string_view* parts[] = {&p.major, &p.minor, &p.patch};
  for (int part = 0; part < 3; ++part) {
    if (part > 0) {
      // x/mod accepts "v1" and "v1.2" as shorthands for v1.0.0 and v1.2.0, but only bare: no
      // prerelease or build may follow a shorthand ("v1.2-pre" is invalid).
      if (v.empty()) return nullptr;
      if (v[0] == '-' || v[0] == '+') return "prerelease or build needs MAJOR.MINOR.PATCH";
      if (v[0] != '.') {
        return part == 1 ? "expected '.' after the major version"
                         : "expected '.' after the minor version";
      }
      v.remove_prefix(1);
    }
    if (const char* why = TakeNumber(v, *parts[part], part)) return why;
  }
  if (!v.empty() && v[0] == '-') {
    size_t end = v.find('+');
    std::string_view pre = v.substr(1, end == std::string_view::npos ? v.size() - 1 : end - 1);
    if (const char* why = CheckIdentifiers(pre, true)) return why;
    p.prerelease = pre;
    v.remove_prefix(1 + pre.size());
  }
  if (!v.empty() && v[0] == '+') {
    // Build metadata ("+incompatible" in Go) never takes part in ordering.
    if (const char* why = CheckIdentifiers(v.substr(1), false)) return why;
    v = {};
  }
  if (!v.empty()) return "unexpected text after the patch version";
  return nullptr;
}

// x/mod comparePrerelease: a release sorts after its prereleases; identifiers compare left to
// right, numeric ones by value (length, then digits, as no leading zeros are allowed) and below
// alphanumeric ones, which compare bytewise; a longer list wins a tie. So pseudo-versions sort
// just above their base: v1.2.3 < v1.2.4-0.20191109021931-daa7c04131f5 < v1.2.4-alpha.
int ComparePrerelease(std::string_view x, std::string_view y) {
  if (x == y) return 0;
  if (x.empty()) return 1;
  if (y.empty()) return -1;
  while (!x.empty() && !y.empty()) {
    size_t ix = x.find('.');
    size_t iy = y.find('.');
    std::string_view dx = x.substr(0, ix);
    std::string_view dy = y.substr(0, iy);
    x = ix == std::string_view::npos ? std::string_view() : x.substr(ix + 1);
    y = iy == std::string_view::npos ? std::string_view() : y.substr(iy + 1);
    if (dx == dy) continue;
    const bool nx = AllDigits(dx);
    const bool ny = AllDigits(dy);
    if (nx != ny) return nx ? -1 : 1;
    if (nx) return CompareDigits(dx, dy);
    return dx < dy ? -1 : 1;
  }
  return x.empty() ? -1 : 1;
}

}  // namespace

Status ValidateGo(std::string_view v) {
  Parsed p;
  if (const char* why = Parse(v, p)) return Fail(InvalidVersion(kScheme, v, why));
  return Ok();
}

Result<int> CompareGo(std::string_view a, std::string_view b) {
  Parsed pa;
  Parsed pb;
  if (Parse(a, pa) != nullptr) return Fail(SideError(ValidateGo(a).error(), true));
  if (Parse(b, pb) != nullptr) return Fail(SideError(ValidateGo(b).error(), false));
  // x/mod compareInt orders by length, then bytes; without leading zeros that is numeric
  // order for numbers of any size, which CompareDigits gives.
  if (int c = CompareDigits(pa.major, pb.major)) return c;
  if (int c = CompareDigits(pa.minor, pb.minor)) return c;
  if (int c = CompareDigits(pa.patch, pb.patch)) return c;
  return ComparePrerelease(pa.prerelease, pb.prerelease);
}

}  // namespace vs::version
