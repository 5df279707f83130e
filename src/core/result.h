// vs::Result<T> and vs::Error: every fallible call returns a value or an error (style.md §3).
// Backed by tl::expected until the project moves to C++23's std::expected.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace vs {

enum class ErrorCode {
  kInvalidInput,
  kNotFound,
  kIo,
  kNetwork,
  kAuth,
  kUnsupported,
  kInternal,
};

// Short lowercase name of a code, e.g. "invalid input".
std::string_view ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;

  // Returns a copy whose message is "context: message", for adding context on the way up.
  Error WithContext(std::string_view context) const;
  bool operator==(const Error&) const = default;
};

template <typename T>
using Result = tl::expected<T, Error>;
using Status = Result<void>;

// Builds the unexpected side of a Result: `return vs::Fail(ErrorCode::kIo, "...")`.
inline tl::unexpected<Error> Fail(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error{code, std::move(message)});
}
inline tl::unexpected<Error> Fail(Error error) { return tl::unexpected<Error>(std::move(error)); }

inline Status Ok() { return {}; }

}  // namespace vs
