#include "parsers/yaml_json.h"

#include <cstdio>
#include <exception>

#include <yaml-cpp/yaml.h>

namespace vs::parsers {
namespace {

constexpr int kMaxDepth = 256;

// Length of the valid UTF-8 sequence starting at s[i], or 0 when the bytes there are not one.
size_t Utf8Length(const std::string& s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((b(i + k) & 0xC0) != 0x80) return 0;
  if (n == 2 && c < 0xC2) return 0;                       // overlong
  if (n == 3 && c == 0xE0 && b(i + 1) < 0xA0) return 0;   // overlong
  if (n == 3 && c == 0xED && b(i + 1) >= 0xA0) return 0;  // surrogate
  if (n == 4 && (c > 0xF4 || (c == 0xF0 && b(i + 1) < 0x90) || (c == 0xF4 && b(i + 1) >= 0x90)))
    return 0;
  return n;
}

void AppendJsonString(std::string& out, const std::string& s) {
  out.push_back('"');
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t n = Utf8Length(s, i);
      if (n == 0) {
        // yaml-cpp decodes the escapes "\_" (U+00A0) and "\N" (U+0085) to the single bytes
        // 0xA0 / 0x85 instead of UTF-8 (PyPA PYSEC-2023-172 has "\_"); read stray bytes as
        // Latin-1 so the text matches the JSON twin and stays valid UTF-8.
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        ++i;
      } else {
        out.append(s, i, n);
        i += n;
      }
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
    ++i;
  }
  out.push_back('"');
}

// Returns an error message, empty on success. Throws only what yaml-cpp throws.
std::string Emit(const YAML::Node& node, int depth, size_t limit, std::string& out) {
  if (depth > kMaxDepth) return "nesting deeper than 256 levels";
  if (out.size() > limit) return "document expands too much (aliases?)";
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null: out += "null"; return {};
    case YAML::NodeType::Scalar: AppendJsonString(out, node.Scalar()); return {};
    case YAML::NodeType::Sequence: {
      out.push_back('[');
      bool first = true;
      for (const YAML::Node& x : node) {
        if (!first) out.push_back(',');
        first = false;
        if (std::string err = Emit(x, depth + 1, limit, out); !err.empty()) return err;
      }
      out.push_back(']');
      return {};
    }
    case YAML::NodeType::Map: {
      out.push_back('{');
      bool first = true;
      for (const auto& kv : node) {
        if (!kv.first.IsScalar()) return "mapping key is not a scalar";
        if (!first) out.push_back(',');
        first = false;
        AppendJsonString(out, kv.first.Scalar());
        out.push_back(':');
        if (std::string err = Emit(kv.second, depth + 1, limit, out); !err.empty()) return err;
      }
      out.push_back('}');
      return {};
    }
  }
  return "unknown YAML node type";
}

}  // namespace

Result<std::string> YamlToJson(std::string_view yaml, std::string_view key) {
  auto fail = [&](std::string_view why) {
    return Fail(ErrorCode::kInvalidInput, std::string(key) + ": not YAML: " + std::string(why));
  };
  std::string out;
  // yaml-cpp reports syntax errors (and some shape surprises) by throwing; contain them here.
  try {
    YAML::Node root = YAML::Load(std::string(yaml));
    const size_t limit = yaml.size() * 64 + 4096;
    out.reserve(yaml.size() + yaml.size() / 4);
    if (std::string err = Emit(root, 0, limit, out); !err.empty()) return fail(err);
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  return out;
}

bool HasTopLevelYamlKey(std::string_view text, std::string_view name) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    std::string_view line = text.substr(pos, eol == std::string_view::npos ? text.npos : eol - pos);
    if (line.size() > name.size() && line.compare(0, name.size(), name) == 0 &&
        line[name.size()] == ':') {
      return true;
    }
    if (eol == std::string_view::npos) break;
    pos = eol + 1;
  }
  return false;
}

}  // namespace vs::parsers
