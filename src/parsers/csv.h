// A small streaming RFC 4180 CSV reader shared by the CSV-based intel parsers (exploitdb_csv,
// cisa_kev's CSV form, epss_csv, poc_csv, intel_csv), plus the CVE id check they all need.
// A Reader holds per-record state and is not thread-safe; separate Readers are independent.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vs::parsers::csv {

// Reads CSV text record by record (RFC 4180): fields separated by ',', records ended by CRLF or
// LF, fields optionally in double quotes, inside which ',', CR, LF and '""' (one '"') may appear.
// A leading UTF-8 BOM and blank lines are skipped. Unquoted fields, and quoted fields without a
// '""', are views into the input; only fields with '""' are copied (into the Reader). All views
// stay valid until the next call to Next(); the input must outlive the Reader.
//
// Malformed text is read leniently rather than rejected: a bare '"' inside an unquoted field is
// kept as a character; text after a closing quote is appended to the field and an unterminated
// quoted field runs to the end of the input — the latter two set problem() so callers can skip
// the record with a warning.
class Reader {
 public:
  explicit Reader(std::string_view text);

  // Advances to the next record. Returns false at the end of the input.
  bool Next();

  // Fields of the current record (at least one).
  std::span<const std::string_view> fields() const { return fields_; }
  // 1-based line on which the current record starts.
  size_t line() const { return line_; }
  // Empty when the current record is well-formed, else the reason, e.g.
  // "unterminated quoted field".
  std::string_view problem() const { return problem_; }
  // Whether the current record runs to the end of the input without a line break. A malformed
  // record there means the file was cut short: the feed parsers fail on it (see Truncated)
  // rather than import the rest as if complete.
  bool unterminated() const { return unterminated_; }

 private:
  // Where one field of the current record lives until the record is complete: in the input, or
  // in scratch_ (which may reallocate while the record is read, hence offsets, not views).
  struct Span {
    bool in_scratch;
    size_t offset;
    size_t size;
  };

  Span ReadQuoted();
  Span ReadUnquoted();

  std::string_view text_;
  size_t pos_ = 0;
  size_t next_line_ = 1;
  size_t line_ = 0;
  std::string_view problem_;
  bool unterminated_ = false;
  std::string scratch_;
  std::vector<Span> spans_;
  std::vector<std::string_view> fields_;
};

// The error for a feed whose last record is malformed and unterminated (see
// Reader::unterminated): "<key>: line N: the file ends inside a record (cut short?)".
Error Truncated(std::string_view parser_key, size_t line);

// `text` without a leading UTF-8 byte order mark.
std::string_view StripBom(std::string_view text);

// `text` without leading and trailing ASCII spaces and tabs (and CR/LF).
std::string_view Trim(std::string_view text);

// The first line of `text` (BOM stripped, without its CR/LF); all of `text` when it has no line
// break (a sniffer's head may be cut mid-line).
std::string_view FirstLine(std::string_view text);

// Index of the column named `name` in a header record (ASCII case-insensitive, surrounding
// spaces ignored), or -1 when there is none.
int FindColumn(std::span<const std::string_view> header, std::string_view name);

// The header (first record) of `head`, as owned strings; empty when `head` has no record.
// For sniffers, which look at the header only.
std::vector<std::string> ReadHeader(std::string_view head);

// True when `header` contains every one of `names` (ASCII case-insensitive).
bool HasColumns(const std::vector<std::string>& header,
                std::initializer_list<std::string_view> names);

}  // namespace vs::parsers::csv

namespace vs::parsers {

// Returns the canonical upper-case form of a CVE id, or nullopt when `text` (trimmed) is not one.
// Accepted: "CVE-YYYY-NNNN…" in any case, with a 4-digit year and a 4..19-digit sequence number
// (the CVE JSON 5 schema pattern ^CVE-[0-9]{4}-[0-9]{4,19}$). Also rejected, as junk seen in real
// feeds (formats.md §7.5): an all-zero sequence ("CVE-2021-0000") and a sequence of 5+ digits
// with a leading zero ("CVE-2016-010033"; MITRE's syntax only grows past 4 digits when needed).
std::optional<std::string> NormalizeCveId(std::string_view text);

// Whether `text` starts "CVE-" in any case: a reference meant as a CVE id, valid or not (the
// feeds' other reference kinds — OSVDB-, EDB-, URLs — are skipped without a warning).
inline bool LooksLikeCve(std::string_view text) {
  return text.size() >= 4 && (text[0] | 0x20) == 'c' && (text[1] | 0x20) == 'v' &&
         (text[2] | 0x20) == 'e' && text[3] == '-';
}

}  // namespace vs::parsers
