#include "parsers/yarn_lock.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "parsers/package_lock.h"

namespace vs::parsers {
namespace {

constexpr std::string_view kKey = "yarn_lock";

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::string_view Unquote(std::string_view s) {
  s = Trim(s);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return s;
}

// One top-level block: the descriptor line and its two-space-indented fields. Deeper lines
// (dependencies, bin, checksum maps…) are not needed.
struct Entry {
  size_t line = 0;
  std::string_view header;  // Without the trailing ':'.
  std::vector<std::pair<std::string_view, std::string_view>> fields;

  std::string_view Field(std::string_view key) const {
    for (const auto& [k, v] : fields)
      if (k == key) return v;
    return {};
  }
};

struct Document {
  std::vector<Entry> entries;
  std::vector<size_t> stray_lines;
  bool has_content = false;
};

// Both formats share the block layout: v1 writes `  version "1.2.3"`, Berry `  version: 1.2.3`
// (yarnpkg/yarn src/lockfile/stringify.js; yarnpkg/berry Project.generateLockfile).
Document Split(std::string_view text) {
  Document doc;
  size_t line_no = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view content = Trim(line);
    if (content.empty() || content.front() == '#') continue;
    doc.has_content = true;
    size_t indent = line.find_first_not_of(' ');
    if (indent == 0) {
      if (content.back() == ':') {
        doc.entries.push_back({line_no, content.substr(0, content.size() - 1), {}});
      } else {
        doc.stray_lines.push_back(line_no);
      }
    } else if (indent == 2 && !doc.entries.empty()) {
      size_t end = content.find_first_of(": ");
      std::string_view key = content.substr(0, end);
      std::string_view value =
          end == std::string_view::npos ? std::string_view() : content.substr(end);
      if (!value.empty() && value.front() == ':') value.remove_prefix(1);
      doc.entries.back().fields.emplace_back(Unquote(key), Unquote(value));
    } else if (indent == 2) {
      doc.stray_lines.push_back(line_no);
    }
  }
  return doc;
}

// First descriptor of a header: `"@babel/core@^7.0.0", "@babel/core@^7.1.0"` →
// `@babel/core@^7.0.0`.
std::string_view FirstDescriptor(std::string_view header) {
  size_t comma = std::string_view::npos;
  bool quoted = false;
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == '"') quoted = !quoted;
    if (header[i] == ',' && !quoted) {
      comma = i;
      break;
    }
  }
  return Unquote(header.substr(0, comma));
}

// "name@range" → {name, range}; a leading '@' belongs to the scope.
std::pair<std::string_view, std::string_view> SplitIdent(std::string_view descriptor) {
  size_t at = descriptor.find('@', descriptor.empty() || descriptor.front() != '@' ? 0 : 1);
  if (at == std::string_view::npos) return {descriptor, {}};
  return {descriptor.substr(0, at), descriptor.substr(at + 1)};
}

bool IsLocalProtocol(std::string_view range) {
  return range.starts_with("file:") || range.starts_with("link:") || range.starts_with("portal:") ||
         range.starts_with("workspace:") || range.starts_with("exec:");
}

std::string PercentDecode(std::string_view s) {
  auto hex = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

class Collector {
 public:
  explicit Collector(model::Batch& batch) : batch_(batch) {}
  void Add(std::string_view name, std::string_view version) {
    if (seen_.emplace(std::string(name), std::string(version)).second) {
      batch_.packages.push_back(NpmPackage(name, version));
    }
  }
  void Warn(std::string_view record, std::string reason) {
    batch_.warnings.push_back({std::string(record), std::move(reason)});
  }

 private:
  model::Batch& batch_;
  std::set<std::pair<std::string, std::string>> seen_;
};

// Adds `name` at `version` when the version is a registry release, else warns.
void AddChecked(Collector& out, std::string_view record, std::string_view name,
                std::string_view version) {
  if (version.empty()) {
    out.Warn(record, "no version");
  } else if (!IsNpmRegistryVersion(version)) {
    out.Warn(record, "version \"" + std::string(version) + "\" is not a registry version");
  } else {
    out.Add(name, version);
  }
}

// yarn v1: the descriptor range says where the package came from; "npm:real@range" is an alias
// (yarn docs, "yarn add alias@npm:package").
void ParseV1Entry(const Entry& e, Collector& out) {
  std::string_view descriptor = FirstDescriptor(e.header);
  auto [name, range] = SplitIdent(descriptor);
  if (range.starts_with("npm:")) {
    name = SplitIdent(range.substr(4)).first;
  } else if (IsLocalProtocol(range)) {
    return;
  } else if (range.find_first_of(":/") != std::string_view::npos) {
    // git URLs, "github:user/repo", "user/repo" shorthands, tarball URLs.
    out.Warn(descriptor, "\"" + std::string(range) + "\" is not from the npm registry");
    return;
  }
  if (name.empty()) {
    out.Warn("line " + std::to_string(e.line), "no package name");
    return;
  }
  AddChecked(out, descriptor, name, e.Field("version"));
}

// Berry: `resolution: "<ident>@<protocol>:<ref>"` (yarnpkg/berry structUtils.stringifyLocator).
void ParseBerryEntry(const Entry& e, Collector& out) {
  std::string_view descriptor = FirstDescriptor(e.header);
  std::string_view resolution = e.Field("resolution");
  if (resolution.empty()) {
    if (SplitIdent(descriptor).second.find("workspace:") != std::string_view::npos) return;
    out.Warn(descriptor.empty() ? "line " + std::to_string(e.line) : std::string(descriptor),
             "no resolution");
    return;
  }
  auto [name, ref] = SplitIdent(resolution);
  std::string_view version = e.Field("version");
  if (ref.starts_with("npm:")) {
    AddChecked(out, resolution, name, version.empty() ? ref.substr(4) : version);
    return;
  }
  if (ref.starts_with("patch:")) {
    // "typescript@patch:typescript@npm%3A5.4.5#~builtin<compat/typescript>::version=5.4.5…":
    // the patched source is percent-encoded before '#'; an npm source keeps its version.
    std::string_view source = ref.substr(6);
    source = source.substr(0, source.find('#'));
    std::string decoded = PercentDecode(source);
    std::string_view inner = SplitIdent(decoded).second;
    if (inner.starts_with("npm:") || IsNpmRegistryVersion(inner)) {
      AddChecked(out, resolution, name, version);
    } else if (!IsLocalProtocol(inner)) {
      out.Warn(resolution, "patch of a package not from the npm registry");
    }
    return;
  }
  if (IsLocalProtocol(ref)) return;
  out.Warn(resolution, "not from the npm registry");
}

}  // namespace

int SniffYarnLock(std::string_view head, std::string_view file_name) {
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  if (head.starts_with("# THIS IS AN AUTOGENERATED FILE")) {
    return head.find("# yarn lockfile v1") != std::string_view::npos ? 95 : 50;
  }
  bool metadata =
      head.starts_with("__metadata:") || head.find("\n__metadata:") != std::string_view::npos;
  if (metadata && head.find("\n  version:") != std::string_view::npos) {
    return head.find("\"yarn install\"") != std::string_view::npos || file_name == "yarn.lock" ? 95
                                                                                               : 90;
  }
  if (file_name != "yarn.lock") return 0;
  // Named yarn.lock: still ask for an entry block (`name@range:` then `  version`).
  size_t colon_nl = head.find(":\n  version");
  if (colon_nl == std::string_view::npos) colon_nl = head.find(":\r\n  version");
  return colon_nl != std::string_view::npos ? 85 : 10;
}

Result<model::Batch> ParseYarnLock(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  Document doc = Split(bytes);
  bool berry = false;
  size_t valid = 0;
  for (const Entry& e : doc.entries) {
    if (e.header == "__metadata") berry = true;
    if (!e.fields.empty()) ++valid;
  }
  model::Batch batch;
  if (!doc.has_content) return batch;
  if (valid == 0) {
    return Fail(
        ErrorCode::kInvalidInput,
        std::string(kKey) + ": no lockfile entries (`descriptor:` lines with indented fields)");
  }
  Collector out(batch);
  for (const Entry& e : doc.entries) {
    if (e.header == "__metadata") continue;
    if (berry) {
      ParseBerryEntry(e, out);
    } else {
      ParseV1Entry(e, out);
    }
  }
  for (size_t line : doc.stray_lines) {
    out.Warn("line " + std::to_string(line), "not an entry header or field");
  }
  return batch;
}

}  // namespace vs::parsers
