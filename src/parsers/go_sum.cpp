#include "parsers/go_sum.h"

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "parsers/go_mod.h"
#include "version/go.h"

namespace vs::parsers {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kGoModSuffix = "/go.mod";

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Splits on blanks; go.sum lines have exactly three fields (cmd/go/internal/modfetch
// fetch.go readGoSum: "malformed go.sum" otherwise).
std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && IsSpace(line[i])) ++i;
    size_t j = i;
    while (j < line.size() && !IsSpace(line[j])) ++j;
    if (j > i) out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

struct Line {
  std::string_view module, version;
  bool go_mod_only = false;
};

enum class LineResult { kBlank, kOk, kBad };

LineResult ParseLine(std::string_view text, Line& out, std::string& why) {
  std::vector<std::string_view> f = Fields(text);
  if (f.empty()) return LineResult::kBlank;
  if (f.size() != 3) {
    why = "expected \"module version hash\", got " + std::to_string(f.size()) + " fields";
    return LineResult::kBad;
  }
  out.module = f[0];
  out.version = f[1];
  out.go_mod_only = EndsWith(out.version, kGoModSuffix);
  if (out.go_mod_only) out.version.remove_suffix(kGoModSuffix.size());
  if (!version::ValidateGo(out.version) || !out.version.starts_with("v")) {
    why = std::string(out.module) + ": invalid version \"" + std::string(f[1]) + "\"";
    return LineResult::kBad;
  }
  // Hashes are "<algorithm>:<base64>"; h1 (SHA-256 of the file tree) is the only one in use.
  if (f[2].find(':') == std::string_view::npos) {
    why = std::string(out.module) + ": hash \"" + std::string(f[2]).substr(0, 60) +
          "\" has no algorithm";
    return LineResult::kBad;
  }
  return LineResult::kOk;
}

}  // namespace

int SniffGoSum(std::string_view head, std::string_view file_name) {
  if (head.starts_with(kBom)) head.remove_prefix(kBom.size());
  if (head.find('\0') != std::string_view::npos) return 0;
  bool named = file_name == "go.sum";
  int total = 0, good = 0;
  size_t pos = 0;
  while (pos < head.size() && total < 20) {
    size_t nl = head.find('\n', pos);
    if (nl == std::string_view::npos) break;  // The last line may be cut.
    std::string_view text = head.substr(pos, nl - pos);
    pos = nl + 1;
    Line line;
    std::string why;
    LineResult r = ParseLine(text, line, why);
    if (r == LineResult::kBlank) continue;
    ++total;
    if (r == LineResult::kOk && text.find(" h1:") != std::string_view::npos) ++good;
  }
  if (total == 0 || good * 10 < total * 8) return named && head.empty() ? 30 : 0;
  return named ? 95 : 90;
}

Result<model::Batch> ParseGoSum(std::string_view bytes) {
  if (bytes.find('\0') != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidInput, "go_sum: binary data, not a go.sum file");
  }
  if (bytes.starts_with(kBom)) bytes.remove_prefix(kBom.size());
  model::Batch batch;
  // Modules in order of first appearance (go.sum is sorted), each with its best version so far.
  std::vector<std::pair<std::string_view, std::string_view>> modules;
  std::unordered_map<std::string_view, size_t> index;
  size_t parsed = 0, line_no = 0, pos = 0;
  while (pos < bytes.size()) {
    size_t nl = bytes.find('\n', pos);
    std::string_view text =
        bytes.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? bytes.size() : nl + 1;
    ++line_no;
    Line line;
    std::string why;
    switch (ParseLine(text, line, why)) {
      case LineResult::kBlank: continue;
      case LineResult::kBad:
        batch.warnings.push_back({"line " + std::to_string(line_no), why});
        continue;
      case LineResult::kOk: ++parsed; break;
    }
    if (line.go_mod_only) continue;  // Only the go.mod was read: not part of the build.
    auto [it, inserted] = index.emplace(line.module, modules.size());
    if (inserted) {
      modules.emplace_back(line.module, line.version);
      continue;
    }
    std::string_view& best = modules[it->second].second;
    Result<int> cmp = version::CompareGo(line.version, best);
    if (cmp && *cmp > 0) best = line.version;
  }
  if (parsed == 0 && !batch.warnings.empty()) {
    return Fail(ErrorCode::kInvalidInput, "go_sum: no \"module version hash\" line (" +
                                              batch.warnings.front().record + ": " +
                                              batch.warnings.front().reason + ")");
  }
  for (const auto& [module, version] : modules)
    batch.packages.push_back(GoPackage(module, version));
  return batch;
}

}  // namespace vs::parsers
