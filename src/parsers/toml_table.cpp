#include "parsers/toml_table.h"

#include <exception>
#include <string>
#include <utility>

namespace vs::parsers {

Result<toml::table> ParseTomlTable(std::string_view parser_key, std::string_view bytes) {
  std::string what = std::string(parser_key) + ": not TOML: ";
#if TOML_EXCEPTIONS
  try {
    return toml::parse(bytes);
  } catch (const toml::parse_error& e) {
    return Fail(ErrorCode::kInvalidInput, what + std::string(e.description()) + " at line " +
                                              std::to_string(e.source().begin.line));
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kInvalidInput, what + e.what());
  }
#else
  toml::parse_result result = toml::parse(bytes);
  if (!result) {
    return Fail(ErrorCode::kInvalidInput, what + std::string(result.error().description()) +
                                              " at line " +
                                              std::to_string(result.error().source().begin.line));
  }
  return std::move(result).table();
#endif
}

}  // namespace vs::parsers
