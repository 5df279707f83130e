// Small helpers shared by the version schemes. Header-only and allocation-free on the
// success path; errors carry the scheme key, the side and the reason.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace vs::version {

inline constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline constexpr bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline constexpr bool IsAlnum(char c) { return IsDigit(c) || IsAlpha(c); }
inline constexpr char ToLower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

inline constexpr int Sign(long long v) { return v < 0 ? -1 : (v > 0 ? 1 : 0); }

// Compares two runs of decimal digits of any length by numeric value (leading zeros ignored),
// so "0010" == "10" and a 40-digit number still orders correctly.
inline int CompareDigits(std::string_view a, std::string_view b) {
  while (!a.empty() && a.front() == '0') a.remove_prefix(1);
  while (!b.empty() && b.front() == '0') b.remove_prefix(1);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// Builds the error for an invalid version: `<scheme> version "<v>": <reason>`.
inline Error InvalidVersion(std::string_view scheme, std::string_view v, std::string_view reason) {
  std::string msg;
  msg.reserve(scheme.size() + v.size() + reason.size() + 16);
  msg.append("invalid ")
      .append(scheme)
      .append(" version \"")
      .append(v)
      .append("\": ")
      .append(reason);
  return Error{ErrorCode::kInvalidInput, std::move(msg)};
}

// Adds which side of a comparison was invalid.
inline Error SideError(const Error& e, bool left) { return e.WithContext(left ? "left" : "right"); }

}  // namespace vs::version
