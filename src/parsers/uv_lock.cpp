#include "parsers/uv_lock.h"

#include <optional>
#include <set>
#include <string>
#include <utility>

#include "parsers/requirements_txt.h"
#include "parsers/toml_table.h"

namespace vs::parsers {
namespace {

constexpr std::string_view kKey = "uv_lock";
constexpr std::string_view kBom = "\xEF\xBB\xBF";

// uv's source kinds (crates/uv-resolver/src/lock: Source): registry, git, direct (url),
// path, directory, editable, virtual. Only registry packages are index releases.
constexpr std::string_view kLocalSources[] = {"editable", "virtual", "directory"};
constexpr std::string_view kOtherSources[] = {"git", "url", "path"};

}  // namespace

int SniffUvLock(std::string_view head, std::string_view file_name) {
  if (head.starts_with(kBom)) head.remove_prefix(kBom.size());
  bool named = file_name == "uv.lock";
  bool packages = head.find("[[package]]") != std::string_view::npos;
  bool inline_source = head.find("\nsource = { registry = ") != std::string_view::npos ||
                       head.find("\nsource = { editable = ") != std::string_view::npos ||
                       head.find("\nsource = { virtual = ") != std::string_view::npos;
  if (packages && inline_source) return named ? 95 : 90;
  return named && !head.empty() ? 60 : 0;
}

Result<model::Batch> ParseUvLock(std::string_view bytes) {
  if (bytes.starts_with(kBom)) bytes.remove_prefix(kBom.size());
  model::Batch batch;
  if (bytes.find_first_not_of(" \t\r\n") == std::string_view::npos) return batch;
  Result<toml::table> doc = ParseTomlTable(kKey, bytes);
  if (!doc) return Fail(doc.error());
  const toml::node_view<toml::node> package_node = (*doc)["package"];
  const toml::array* packages = package_node.as_array();
  if (packages == nullptr) {
    if (!package_node && doc->contains("version")) return batch;
    return Fail(ErrorCode::kInvalidInput, std::string(kKey) + ": no [[package]] tables");
  }
  std::set<std::pair<std::string, std::string>> seen;
  size_t index = 0;
  for (const toml::node& node : *packages) {
    std::string record = "package[" + std::to_string(index++) + "]";
    const toml::table* pkg = node.as_table();
    if (pkg == nullptr) {
      batch.warnings.push_back({record, "not a table"});
      continue;
    }
    std::optional<std::string_view> name = (*pkg)["name"].value<std::string_view>();
    if (name && !name->empty()) record = std::string(*name);
    const toml::table* source = (*pkg)["source"].as_table();
    if (source != nullptr) {
      bool local = false;
      for (std::string_view kind : kLocalSources) local = local || source->contains(kind);
      if (local) continue;  // The project or a workspace member; its version may be absent.
    }
    std::optional<std::string_view> version = (*pkg)["version"].value<std::string_view>();
    if (!name || name->empty() || !version || version->empty()) {
      batch.warnings.push_back({record, "no name or version"});
      continue;
    }
    if (source == nullptr || !source->contains("registry")) {
      std::string kind = "no source";
      for (std::string_view k : kOtherSources)
        if (source != nullptr && source->contains(k)) kind = "source " + std::string(k);
      batch.warnings.push_back(
          {record + " " + std::string(*version), kind + ", not a registry release; skipped"});
      continue;
    }
    if (!seen.emplace(std::string(*name), std::string(*version)).second) continue;
    batch.packages.push_back(PypiPackage(*name, *version));
  }
  return batch;
}

}  // namespace vs::parsers
