#include "advisory/import.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <unordered_map>

#include "io/documents.h"
#include "parsers/registry.h"

namespace vs::advisory {
namespace {

template <typename T>
void Append(std::vector<T>& to, std::vector<T>& from) {
  if (to.empty()) {
    to = std::move(from);
    return;
  }
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

}  // namespace

std::string SourceNameForPath(const std::string& path) {
  std::error_code ec;
  std::filesystem::path abs = std::filesystem::absolute(path, ec);
  if (ec) return path;
  return abs.lexically_normal().string();
}

Result<model::Batch> ParseFeedPath(const std::string& path, std::string* formats,
                                   size_t* documents) {
  model::Batch batch;
  std::set<std::string> seen_formats;
  size_t docs = 0;
  Status walk =
      io::ForEachDocument(path, [&](std::string_view name, std::string_view bytes) -> Status {
        std::string_view base = name.substr(std::min(name.size(), name.find_last_of("/!") + 1));
        Result<const parsers::Parser*> parser =
            parsers::DetectFormat(bytes.substr(0, 64 * 1024), base);
        if (!parser || (*parser)->kind == parsers::Kind::kInventory ||
            (*parser)->kind == parsers::Kind::kReport) {
          std::string why = !parser ? parser.error().message
                                    : "is an inventory or report (" + std::string((*parser)->key) +
                                          "), not a feed: use `vulnscope import`";
          batch.warnings.push_back({std::string(name), "skipped: " + why});
          return Ok();
        }
        Result<model::Batch> parsed = (*parser)->parse_named != nullptr
                                          ? (*parser)->parse_named(base, bytes)
                                          : (*parser)->parse(bytes);
        if (!parsed) return Fail(parsed.error().WithContext(std::string(name)));
        ++docs;
        seen_formats.insert(std::string((*parser)->key));
        for (model::Warning& w : parsed->warnings) w.record = std::string(base) + ": " + w.record;
        Append(batch.advisories, parsed->advisories);
        Append(batch.exploits, parsed->exploits);
        Append(batch.epss, parsed->epss);
        Append(batch.warnings, parsed->warnings);
        return Ok();
      });
  if (!walk) return Fail(walk.error());
  // One record per id: Alpine's per-release documents name each CVE the same way.
  std::unordered_map<std::string, size_t> first;
  std::vector<model::Advisory> merged;
  merged.reserve(batch.advisories.size());
  for (model::Advisory& a : batch.advisories) {
    auto [it, added] = first.emplace(a.id, merged.size());
    if (added)
      merged.push_back(std::move(a));
    else
      model::MergeAdvisory(merged[it->second], std::move(a));
  }
  batch.advisories = std::move(merged);
  // Unknown members of a directory or archive (README, LICENSE) are only warnings; nothing
  // recognised at all is an error.
  if (docs == 0) {
    std::string why = batch.warnings.empty() ? "no documents" : batch.warnings.front().reason;
    return Fail(ErrorCode::kInvalidInput,
                path + ": no advisory or intelligence feed found (" + why + ")");
  }
  if (formats != nullptr) {
    formats->clear();
    for (const std::string& f : seen_formats) {
      if (!formats->empty()) *formats += ",";
      *formats += f;
    }
  }
  if (documents != nullptr) *documents = docs;
  return batch;
}

Result<ImportReport> ImportPath(store::Store& store, const std::string& path,
                                store::SourceInfo source, bool record_failure) {
  const std::string source_name = source.name;
  if (source.location.empty()) source.location = path;
  ImportReport report;
  report.source = source_name;
  Result<model::Batch> batch = ParseFeedPath(path, &report.formats, &report.documents);
  if (!batch) {
    if (record_failure)
      (void)store.RecordSourceFailure(source_name, source.location, batch.error().message);
    return Fail(batch.error());
  }
  source.format = report.formats;
  if (Status s = store.ReplaceSource(source, *batch); !s) {
    if (record_failure)
      (void)store.RecordSourceFailure(source_name, source.location, s.error().message);
    return Fail(s.error());
  }
  // Repeated ids (an index file listing every record again) are stored once; count those.
  std::set<std::string_view> ids;
  for (const model::Advisory& a : batch->advisories) ids.insert(a.id);
  report.advisories = ids.size();
  report.exploits = batch->exploits.size();
  report.epss = batch->epss.size();
  report.warnings = std::move(batch->warnings);
  return report;
}

}  // namespace vs::advisory
