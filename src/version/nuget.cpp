#include "version/nuget.h"

#include <cstdint>
#include <string>

#include "version/util.h"

// Follows NuGet.Client src/NuGet.Core/NuGet.Versioning: NuGetVersionFactory.cs (TryParse),
// SemanticVersionFactory.cs (ParseSections, IsValidPart) and VersionComparer.cs (Compare,
// CompareReleaseLabels, CompareRelease), with the vectors of
// test/NuGet.Core.Tests/NuGet.Versioning.Test/NuGetVersionTest.cs and VersionComparerTests.cs,
// and the NuGet docs "Package versioning".
namespace vs::version {
namespace {

constexpr std::string_view kScheme = "nuget";
constexpr int64_t kInt32Max = 2147483647;

// The characters .NET int parsing skips around a number (NumberStyles.Integer) and that
// NuGetVersion.TryParse trims from the whole string (String.Trim, ASCII subset).
inline bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// SemanticVersionFactory.IsLetterOrDigitOrDash: [0-9A-Za-z-].
inline bool IsLabelChar(char c) { return IsAlnum(c) || c == '-'; }

struct Parsed {
  uint32_t parts[4] = {0, 0, 0, 0};  // Major, minor, patch, revision; missing parts are 0.
  std::string_view labels;           // Release labels without the '-'; empty when none.
};

struct Problem {
  const char* reason = nullptr;
  std::string_view what;  // The offending piece, quoted in the message when set.
};

// Parses one numeric part the way System.Version / int.TryParse(NumberStyles.Integer) does:
// surrounding white space allowed ("19   .19" is valid per NuGetVersionTest), leading zeros
// allowed ("01.1.1.1" == 1.1.1.1), at most int.MaxValue.
Problem ParsePart(std::string_view part, uint32_t& out) {
  std::string_view digits = TrimSpace(part);
  if (digits.empty()) return {"empty numeric part", {}};
  int64_t value = 0;
  for (char c : digits) {
    if (!IsDigit(c)) return {"numeric part is not a number", part};
    value = value * 10 + (c - '0');
    if (value > kInt32Max) return {"numeric part exceeds 2147483647 (NuGet uses int32)", part};
  }
  out = static_cast<uint32_t>(value);
  return {};
}

// Checks a dot-separated list. Release labels: SemanticVersionFactory.IsValidPart with
// allowLeadingZeros=false ("01" is invalid, "0A" and "0" are fine); metadata allows them.
Problem CheckIdentifiers(std::string_view s, bool labels) {
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && s[i] != '.') continue;
    std::string_view id = s.substr(start, i - start);
    start = i + 1;
    if (id.empty()) return {labels ? "empty release label" : "empty build metadata part", {}};
    bool all_digits = true;
    for (char c : id) {
      if (!IsLabelChar(c)) {
        return {labels ? "invalid character in release label (allowed: [0-9A-Za-z-])"
                       : "invalid character in build metadata (allowed: [0-9A-Za-z-])",
                id};
      }
      all_digits = all_digits && IsDigit(c);
    }
    if (labels && all_digits && id.size() > 1 && id[0] == '0') {
      return {"numeric release label has a leading zero", id};
    }
  }
  return {};
}

Problem Parse(std::string_view v, Parsed& p) {
  // NuGetVersion.TryParse trims the input first ("  1.022-Beta" is valid).
  std::string_view s = TrimSpace(v);
  if (s.empty()) return {"empty version", {}};
  if (s[0] == 'v' || s[0] == 'V') return {"a leading 'v' is not allowed", {}};
  // ParseSections: the numeric part runs to the first '-' or '+'; labels run from that '-' to
  // the next '+'; metadata follows. A separator that is the last character stays attached to
  // the piece before it, which then fails validation ("1.4.7-" and "1.0-a+" are invalid).
  size_t sep = s.find_first_of("-+");
  std::string_view numbers = s.substr(0, sep);
  std::string_view labels;
  std::string_view metadata;
  bool has_metadata = false;
  if (sep != std::string_view::npos) {
    if (sep + 1 == s.size()) {
      return {s[sep] == '-' ? "'-' must be followed by a release label"
                            : "'+' must be followed by build metadata",
              {}};
    }
    if (s[sep] == '-') {
      size_t plus = s.find('+', sep + 1);
      if (plus == std::string_view::npos) {
        labels = s.substr(sep + 1);
      } else {
        if (plus + 1 == s.size()) return {"'+' must be followed by build metadata", {}};
        labels = s.substr(sep + 1, plus - sep - 1);
        metadata = s.substr(plus + 1);
        has_metadata = true;
      }
      if (Problem pr = CheckIdentifiers(labels, true); pr.reason) return pr;
    } else {
      metadata = s.substr(sep + 1);
      has_metadata = true;
    }
  }
  // NuGetVersionFactory.TryGetNormalizedVersion: one to four parts ("2" is 2.0.0 per
  // VersionParsingTests; "1.2.3.4.5" is invalid).
  size_t count = 0;
  size_t start = 0;
  for (size_t i = 0; i <= numbers.size(); ++i) {
    if (i < numbers.size() && numbers[i] != '.') continue;
    if (count == 4) return {"more than four numeric parts", {}};
    if (Problem pr = ParsePart(numbers.substr(start, i - start), p.parts[count]); pr.reason) {
      return pr;
    }
    ++count;
    start = i + 1;
  }
  if (has_metadata) {
    // Build metadata is validated but never ordered (VersionComparer.Default).
    if (Problem pr = CheckIdentifiers(metadata, false); pr.reason) return pr;
  }
  p.labels = labels;
  return {};
}

// int.TryParse on a release label: an optional '-' then digits, within int32. A label such as
// "-1" is valid ([0-9A-Za-z-]) and counts as the number -1; "2147483648" is not an int and so
// compares as text. Returns false for non-numeric labels.
bool LabelAsInt(std::string_view s, int64_t& out) {
  bool negative = false;
  if (!s.empty() && s[0] == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  if (s.empty()) return false;
  int64_t value = 0;
  for (char c : s) {
    if (!IsDigit(c)) return false;
    value = value * 10 + (c - '0');
    if (value > kInt32Max + 1) return false;
  }
  if (negative) value = -value;
  if (value > kInt32Max) return false;
  out = value;
  return true;
}

inline char ToUpper(char c) { return (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c; }

// VersionComparer.CompareRelease: numbers numerically and before text; text with
// StringComparer.OrdinalIgnoreCase ("SemVer 2.0.1 ... compared case insensitively").
int CompareLabel(std::string_view x, std::string_view y) {
  int64_t nx = 0;
  int64_t ny = 0;
  const bool x_num = LabelAsInt(x, nx);
  const bool y_num = LabelAsInt(y, ny);
  if (x_num && y_num) return nx < ny ? -1 : (nx > ny ? 1 : 0);
  if (x_num != y_num) return x_num ? -1 : 1;
  const size_t n = x.size() < y.size() ? x.size() : y.size();
  for (size_t i = 0; i < n; ++i) {
    const char cx = ToUpper(x[i]);
    const char cy = ToUpper(y[i]);
    if (cx != cy) return cx < cy ? -1 : 1;
  }
  return x.size() < y.size() ? -1 : (x.size() > y.size() ? 1 : 0);
}

// VersionComparer.CompareReleaseLabels: label by label; when one list is a prefix of the other
// the longer list is greater (1.0.0-beta < 1.0.0-beta.1).
int CompareLabels(std::string_view x, std::string_view y) {
  while (true) {
    if (x.empty() || y.empty()) return x.empty() == y.empty() ? 0 : (x.empty() ? -1 : 1);
    size_t ix = x.find('.');
    size_t iy = y.find('.');
    if (int c = CompareLabel(x.substr(0, ix), y.substr(0, iy))) return c;
    x = ix == std::string_view::npos ? std::string_view() : x.substr(ix + 1);
    y = iy == std::string_view::npos ? std::string_view() : y.substr(iy + 1);
  }
}

Error ToError(std::string_view v, const Problem& pr) {
  if (pr.what.empty()) return InvalidVersion(kScheme, v, pr.reason);
  return InvalidVersion(kScheme, v, std::string(pr.reason) + " \"" + std::string(pr.what) + "\"");
}

}  // namespace

Status ValidateNuget(std::string_view v) {
  Parsed p;
  if (Problem pr = Parse(v, p); pr.reason) return Fail(ToError(v, pr));
  return Ok();
}

Result<int> CompareNuget(std::string_view a, std::string_view b) {
  Parsed pa;
  Parsed pb;
  if (Problem pr = Parse(a, pa); pr.reason) return Fail(SideError(ToError(a, pr), true));
  if (Problem pr = Parse(b, pb); pr.reason) return Fail(SideError(ToError(b, pr), false));
  // Major, minor, patch, then the legacy fourth part (CompareLegacyVersion).
  for (int i = 0; i < 4; ++i) {
    if (pa.parts[i] != pb.parts[i]) return pa.parts[i] < pb.parts[i] ? -1 : 1;
  }
  // A version with release labels sorts before the same version without.
  if (pa.labels.empty() != pb.labels.empty()) return pa.labels.empty() ? 1 : -1;
  return CompareLabels(pa.labels, pb.labels);
}

}  // namespace vs::version
