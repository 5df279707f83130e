#include "parsers/csv.h"

#include <algorithm>

namespace vs::parsers::csv {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (Lower(a[i]) != Lower(b[i])) return false;
  return true;
}

}  // namespace

Reader::Reader(std::string_view text) : text_(StripBom(text)) {}

bool Reader::Next() {
  const size_t n = text_.size();
  // Blank lines are not records (RFC 4180 has none; real files end with extra newlines).
  while (pos_ < n) {
    if (text_[pos_] == '\n') {
      ++pos_;
      ++next_line_;
    } else if (text_[pos_] == '\r' && (pos_ + 1 == n || text_[pos_ + 1] == '\n')) {
      ++pos_;
    } else {
      break;
    }
  }
  if (pos_ >= n) return false;

  line_ = next_line_;
  problem_ = {};
  unterminated_ = false;
  scratch_.clear();
  spans_.clear();
  for (;;) {
    spans_.push_back(pos_ < n && text_[pos_] == '"' ? ReadQuoted() : ReadUnquoted());
    // Each Read* stops at ',', at the CR of a CRLF, at LF, or at the end of the input.
    if (pos_ >= n) {
      unterminated_ = true;
      break;
    }
    if (text_[pos_] == ',') {
      ++pos_;
      continue;
    }
    if (text_[pos_] == '\r') ++pos_;
    if (pos_ < n && text_[pos_] == '\n') {
      ++pos_;
      ++next_line_;
    }
    break;
  }
  fields_.clear();
  for (const Span& s : spans_) {
    fields_.push_back(s.in_scratch ? std::string_view(scratch_).substr(s.offset, s.size)
                                   : text_.substr(s.offset, s.size));
  }
  return true;
}

Reader::Span Reader::ReadUnquoted() {
  const size_t n = text_.size();
  const size_t start = pos_;
  size_t end = start;
  while (end < n && text_[end] != ',' && text_[end] != '\n') ++end;
  // A CR belongs to the line break when it ends the line (CRLF) or the input.
  if (end > start && text_[end - 1] == '\r' && (end == n || text_[end] == '\n')) --end;
  pos_ = end;
  return Span{false, start, end - start};
}

Reader::Span Reader::ReadQuoted() {
  const size_t n = text_.size();
  ++pos_;  // The opening quote.
  const size_t field_start = pos_;
  const size_t scratch_start = scratch_.size();
  bool copied = false;  // True once a '""' forced the field into scratch_.
  size_t segment = pos_;
  for (;;) {
    size_t quote = text_.find('"', pos_);
    size_t stop = quote == std::string_view::npos ? n : quote;
    next_line_ += static_cast<size_t>(std::count(text_.begin() + pos_, text_.begin() + stop, '\n'));
    if (quote == std::string_view::npos) {
      problem_ = "unterminated quoted field";
      pos_ = n;
      if (!copied) return Span{false, field_start, n - field_start};
      scratch_.append(text_.substr(segment));
      return Span{true, scratch_start, scratch_.size() - scratch_start};
    }
    if (quote + 1 < n && text_[quote + 1] == '"') {
      // '""' stands for one quote: copy up to and including the first of the pair.
      copied = true;
      scratch_.append(text_.substr(segment, quote + 1 - segment));
      pos_ = quote + 2;
      segment = pos_;
      continue;
    }
    Span span{false, field_start, quote - field_start};
    if (copied) {
      scratch_.append(text_.substr(segment, quote - segment));
      span = Span{true, scratch_start, scratch_.size() - scratch_start};
    }
    pos_ = quote + 1;
    // RFC 4180 allows nothing between the closing quote and the delimiter; keep such text.
    size_t end = pos_;
    while (end < n && text_[end] != ',' && text_[end] != '\n') ++end;
    if (end > pos_ && text_[end - 1] == '\r' && (end == n || text_[end] == '\n')) --end;
    if (end > pos_) {
      problem_ = "text after a closing quote";
      if (!span.in_scratch) {
        scratch_.append(text_.substr(span.offset, span.size));
        span = Span{true, scratch_start, 0};
      }
      scratch_.append(text_.substr(pos_, end - pos_));
      span.size = scratch_.size() - span.offset;
      pos_ = end;
    }
    return span;
  }
}

Error Truncated(std::string_view parser_key, size_t line) {
  return Error{ErrorCode::kInvalidInput, std::string(parser_key) + ": line " +
                                             std::to_string(line) +
                                             ": the file ends inside a record (cut short?)"};
}

std::string_view StripBom(std::string_view text) {
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  return text;
}

std::string_view Trim(std::string_view text) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

std::string_view FirstLine(std::string_view text) {
  text = StripBom(text);
  std::string_view line = text.substr(0, text.find('\n'));
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

int FindColumn(std::span<const std::string_view> header, std::string_view name) {
  for (size_t i = 0; i < header.size(); ++i)
    if (EqualsIgnoreCase(Trim(header[i]), name)) return static_cast<int>(i);
  return -1;
}

std::vector<std::string> ReadHeader(std::string_view head) {
  std::vector<std::string> out;
  Reader reader(head);
  if (!reader.Next()) return out;
  for (std::string_view f : reader.fields()) out.emplace_back(Trim(f));
  return out;
}

bool HasColumns(const std::vector<std::string>& header,
                std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    bool found = std::any_of(header.begin(), header.end(),
                             [&](const std::string& h) { return EqualsIgnoreCase(h, name); });
    if (!found) return false;
  }
  return true;
}

}  // namespace vs::parsers::csv

namespace vs::parsers {

std::optional<std::string> NormalizeCveId(std::string_view text) {
  text = csv::Trim(text);
  // "CVE-" + 4-digit year + "-" + 4..19 digits.
  if (text.size() < 13 || text.size() > 28) return std::nullopt;
  std::string out = "CVE-";
  for (size_t i = 0; i < 3; ++i)
    if ((text[i] | 0x20) != "cve"[i]) return std::nullopt;
  if (text[3] != '-' || text[8] != '-') return std::nullopt;
  auto digits = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  std::string_view year = text.substr(4, 4);
  std::string_view seq = text.substr(9);
  if (!digits(year) || !digits(seq)) return std::nullopt;
  if (seq.find_first_not_of('0') == std::string_view::npos) return std::nullopt;
  if (seq.size() > 4 && seq[0] == '0') return std::nullopt;
  out.append(text.substr(4));
  return out;
}

}  // namespace vs::parsers
