#include "parsers/gemfile_lock.h"

#include <set>
#include <string>
#include <utility>

#include "parsers/purl.h"

namespace vs::parsers {
namespace {

constexpr std::string_view kKey = "gemfile_lock";

enum class Section { kNone, kGem, kGit, kPath, kOther };

Section SectionOf(std::string_view header) {
  if (header == "GEM") return Section::kGem;
  if (header == "GIT") return Section::kGit;
  if (header == "PATH") return Section::kPath;
  return Section::kOther;  // PLATFORMS, DEPENDENCIES, RUBY VERSION, BUNDLED WITH, CHECKSUMS, PLUGIN
                           // SOURCE…
}

// "    name (version[-platform])" → {name, version}; Bundler's LockfileParser takes the
// version as everything before the first '-' inside the parentheses.
bool ParseSpec(std::string_view line, std::string_view& name, std::string_view& version) {
  size_t open = line.find(" (");
  if (open == std::string_view::npos || open == 0 || line.back() != ')') return false;
  name = line.substr(0, open);
  std::string_view inside = line.substr(open + 2, line.size() - open - 3);
  version = inside.substr(0, inside.find('-'));
  return !version.empty() && name.find_first_of(" ()") == std::string_view::npos &&
         version.find_first_of(" ()") == std::string_view::npos;
}

}  // namespace

int SniffGemfileLock(std::string_view head, std::string_view file_name) {
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  bool named = file_name == "Gemfile.lock" || file_name == "gems.locked";
  bool section =
      head.starts_with("GEM\n") || head.starts_with("GIT\n") || head.starts_with("PATH\n") ||
      head.starts_with("GEM\r\n") || head.starts_with("GIT\r\n") || head.starts_with("PATH\r\n") ||
      head.starts_with("PLUGIN SOURCE") || head.find("\nGEM\n") != std::string_view::npos ||
      head.find("\nGEM\r\n") != std::string_view::npos;
  bool specs = head.find("\n  specs:") != std::string_view::npos;
  if (section && specs) return named ? 95 : 90;
  if (named && (section || specs)) return 60;
  return named && !head.empty() ? 10 : 0;
}

Result<model::Batch> ParseGemfileLock(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  model::Batch batch;
  std::set<std::pair<std::string, std::string>> seen;
  Section section = Section::kNone;
  bool any_source = false;
  bool any_content = false;
  bool in_specs = false;
  std::string remote;
  size_t line_no = 0;
  std::string_view text = bytes;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(' ') == std::string_view::npos) continue;
    any_content = true;
    size_t indent = line.find_first_not_of(' ');
    std::string_view body = line.substr(indent);
    if (indent == 0) {
      section = SectionOf(body);
      if (section == Section::kGem || section == Section::kGit || section == Section::kPath) {
        any_source = true;
      }
      in_specs = false;
      remote.clear();
      continue;
    }
    if (section != Section::kGem && section != Section::kGit && section != Section::kPath) continue;
    if (indent == 2) {
      in_specs = body == "specs:";
      if (body.starts_with("remote: ")) remote = std::string(body.substr(8));
      continue;
    }
    // Four spaces: a spec; six: one of its dependencies (not needed).
    if (indent != 4 || !in_specs) continue;
    std::string_view name, version;
    if (!ParseSpec(body, name, version)) {
      batch.warnings.push_back(
          {"line " + std::to_string(line_no), "not a \"name (version)\" spec"});
      continue;
    }
    if (section == Section::kPath) continue;
    if (section == Section::kGit) {
      batch.warnings.push_back({std::string(name) + " " + std::string(version),
                                "from git " + (remote.empty() ? std::string("source") : remote) +
                                    ": no released gem version"});
      continue;
    }
    if (!seen.emplace(std::string(name), std::string(version)).second) continue;
    PurlParts parts;
    parts.type = "gem";
    parts.name = std::string(name);
    parts.version = std::string(version);
    model::Package p;
    p.ecosystem = "RubyGems";
    p.name = std::string(name);
    p.version = std::string(version);
    p.purl = BuildPurl(parts);
    batch.packages.push_back(std::move(p));
  }
  if (any_content && !any_source) {
    return Fail(ErrorCode::kInvalidInput,
                std::string(kKey) + ": no GEM, GIT or PATH section with specs");
  }
  return batch;
}

}  // namespace vs::parsers
