#include "parsers/go_mod.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "parsers/purl.h"
#include "version/go.h"

namespace vs::parsers {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// One line's tokens (golang.org/x/mod/modfile read.go lexer): words separated by blanks,
// "interpreted" and `raw` strings as single tokens, '(' and ')' as their own tokens, and a
// "//" comment ending the line. False when a string is not terminated.
bool Tokenize(std::string_view line, std::vector<std::string>& tokens) {
  tokens.clear();
  size_t i = 0;
  while (i < line.size()) {
    char c = line[i];
    if (IsSpace(c)) {
      ++i;
    } else if (c == '/' && i + 1 < line.size() && line[i + 1] == '/') {
      break;
    } else if (c == '(' || c == ')') {
      tokens.emplace_back(1, c);
      ++i;
    } else if (c == '"' || c == '`') {
      std::string token;
      size_t j = i + 1;
      for (; j < line.size() && line[j] != c; ++j) {
        if (c == '"' && line[j] == '\\' && j + 1 < line.size()) ++j;  // Keep the escaped char.
        token.push_back(line[j]);
      }
      if (j >= line.size()) return false;
      tokens.push_back(std::move(token));
      i = j + 1;
    } else {
      size_t j = i;
      while (j < line.size() && !IsSpace(line[j]) && line[j] != '(' && line[j] != ')' &&
             !(line[j] == '/' && j + 1 < line.size() && line[j + 1] == '/'))
        ++j;
      tokens.emplace_back(line.substr(i, j - i));
      i = j;
    }
  }
  return true;
}

// modfile.IsDirectoryPath: a replacement without a version must be a local directory.
bool IsDirectoryPath(std::string_view p) {
  return p == "." || p == ".." || p.starts_with("./") || p.starts_with("../") ||
         p.starts_with("/") || p.starts_with(".\\") || p.starts_with("..\\") ||
         (p.size() >= 2 && p[1] == ':');
}

constexpr std::string_view kKnownVerbs[] = {"module",  "go",      "toolchain", "godebug", "require",
                                            "exclude", "replace", "retract",   "tool",    "ignore"};

bool IsKnownVerb(std::string_view verb) {
  for (std::string_view v : kKnownVerbs)
    if (v == verb) return true;
  return false;
}

struct Require {
  std::string path, version;
  size_t line;
};

struct Replacement {
  std::string path, version;  // version "" = a local directory.
  size_t line;
};

struct GoModFile {
  std::vector<Require> required;
  std::map<std::pair<std::string, std::string>, Replacement> replaces;  // (old, old version|"").
  size_t directives = 0;
};

std::string Record(size_t line) { return "line " + std::to_string(line); }

// go.mod versions are canonical semver with the 'v' (ValidateGo also takes OSV's bare form).
bool ValidVersion(std::string_view v) {
  return v.starts_with("v") && static_cast<bool>(version::ValidateGo(v));
}

void Directive(std::string_view verb, const std::vector<std::string>& args, size_t line,
               GoModFile& mod, model::Batch& batch) {
  ++mod.directives;
  if (verb == "require") {
    if (args.size() != 2) {
      batch.warnings.push_back({Record(line), "require: expected \"module version\""});
      return;
    }
    if (!ValidVersion(args[1])) {
      batch.warnings.push_back(
          {Record(line), args[0] + ": invalid version \"" + args[1] + "\"; skipped"});
      return;
    }
    mod.required.push_back({args[0], args[1], line});
  } else if (verb == "replace") {
    // old [version] => new [version]
    size_t arrow = args.size();
    for (size_t i = 0; i < args.size(); ++i)
      if (args[i] == "=>") arrow = i;
    size_t rhs = args.size() - (arrow + 1);
    if ((arrow != 1 && arrow != 2) || (rhs != 1 && rhs != 2)) {
      batch.warnings.push_back({Record(line), "replace: expected \"old [v] => new [v]\""});
      return;
    }
    std::string old_version = arrow == 2 ? args[1] : "";
    Replacement r{args[arrow + 1], rhs == 2 ? args[arrow + 2] : "", line};
    if (rhs == 1 && !IsDirectoryPath(r.path)) {
      batch.warnings.push_back(
          {Record(line), "replace: " + r.path + " has no version and is not a directory"});
      return;
    }
    if (rhs == 2 && !ValidVersion(r.version)) {
      batch.warnings.push_back({Record(line), "replace: invalid version \"" + r.version + "\""});
      return;
    }
    mod.replaces[{args[0], old_version}] = std::move(r);
  }
  // module, go, toolchain, godebug, exclude, retract, tool, ignore: not installed modules.
}

GoModFile ReadGoMod(std::string_view bytes, model::Batch& batch) {
  GoModFile mod;
  std::optional<std::string> block;  // Verb of the open "verb (" block.
  std::vector<std::string> tokens;
  size_t pos = 0, line_no = 0;
  while (pos < bytes.size()) {
    size_t nl = bytes.find('\n', pos);
    std::string_view line =
        bytes.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? bytes.size() : nl + 1;
    ++line_no;
    if (!Tokenize(line, tokens)) {
      batch.warnings.push_back({Record(line_no), "unterminated string"});
      continue;
    }
    if (tokens.empty()) continue;
    if (block) {
      if (tokens.size() == 1 && tokens[0] == ")") {
        block.reset();
        continue;
      }
      Directive(*block, tokens, line_no, mod, batch);
      continue;
    }
    std::string verb = tokens[0];
    if (!IsKnownVerb(verb)) {
      batch.warnings.push_back(
          {Record(line_no), "unknown directive \"" + std::string(verb).substr(0, 60) + "\""});
      continue;
    }
    if (tokens.size() == 2 && tokens[1] == "(") {
      block = verb;
      ++mod.directives;
      continue;
    }
    Directive(verb, std::vector<std::string>(tokens.begin() + 1, tokens.end()), line_no, mod,
              batch);
  }
  if (block) batch.warnings.push_back({Record(line_no), block.value() + " ( block not closed"});
  return mod;
}

}  // namespace

model::Package GoPackage(std::string_view module, std::string_view version) {
  PurlParts parts;
  parts.type = "golang";
  size_t slash = module.rfind('/');
  if (slash != std::string_view::npos) {
    parts.ns = std::string(module.substr(0, slash));
    parts.name = std::string(module.substr(slash + 1));
  } else {
    parts.name = std::string(module);
  }
  parts.version = std::string(version);
  model::Package p;
  p.ecosystem = "Go";
  p.name = std::string(module);
  p.version = std::string(version);
  p.purl = BuildPurl(parts);
  return p;
}

int SniffGoMod(std::string_view head, std::string_view file_name) {
  if (head.starts_with(kBom)) head.remove_prefix(kBom.size());
  if (head.find('\0') != std::string_view::npos) return 0;
  bool named = file_name == "go.mod";
  bool module = false, go_or_require = false;
  std::vector<std::string> tokens;
  size_t pos = 0;
  int lines = 0;
  while (pos < head.size() && lines < 200) {
    size_t nl = head.find('\n', pos);
    if (nl == std::string_view::npos) break;  // The last line may be cut.
    std::string_view line = head.substr(pos, nl - pos);
    pos = nl + 1;
    if (!Tokenize(line, tokens) || tokens.empty()) continue;
    ++lines;
    if (tokens[0] == "module" && tokens.size() == 2) module = true;
    if ((tokens[0] == "go" && tokens.size() == 2) || tokens[0] == "require") go_or_require = true;
  }
  if (module && go_or_require) return named ? 95 : 90;
  if (module && named) return 70;
  return 0;
}

Result<model::Batch> ParseGoMod(std::string_view bytes) {
  if (bytes.find('\0') != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidInput, "go_mod: binary data, not a go.mod file");
  }
  if (bytes.starts_with(kBom)) bytes.remove_prefix(kBom.size());
  model::Batch batch;
  GoModFile mod = ReadGoMod(bytes, batch);
  if (mod.directives == 0 && !batch.warnings.empty()) {
    return Fail(ErrorCode::kInvalidInput, "go_mod: no go.mod directive (" +
                                              batch.warnings.front().record + ": " +
                                              batch.warnings.front().reason + ")");
  }
  std::set<std::pair<std::string, std::string>> seen;
  for (const Require& req : mod.required) {
    std::string path = req.path, version = req.version;
    auto it = mod.replaces.find({path, version});
    if (it == mod.replaces.end()) it = mod.replaces.find({path, ""});
    if (it != mod.replaces.end()) {
      if (it->second.version.empty()) {
        batch.warnings.push_back({Record(req.line), path + " " + version + ": replaced by local " +
                                                        it->second.path + "; skipped"});
        continue;
      }
      path = it->second.path;
      version = it->second.version;
    }
    if (seen.emplace(path, version).second) batch.packages.push_back(GoPackage(path, version));
  }
  return batch;
}

}  // namespace vs::parsers
