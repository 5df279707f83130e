#include "io/documents.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

#include <archive.h>
#include <archive_entry.h>

namespace vs::io {
namespace {

namespace fs = std::filesystem;

bool HasSuffix(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Magic numbers of the containers we open with libarchive: zip, gzip, xz, zstd, bzip2, tar.
bool LooksLikeContainer(std::string_view head) {
  return head.starts_with("PK\x03\x04") || head.starts_with("PK\x05\x06") ||
         head.starts_with("\x1f\x8b") ||
         head.starts_with(
             "\xfd"
             "7zXZ") ||
         head.starts_with("\x28\xb5\x2f\xfd") || head.starts_with("BZh") ||
         (head.size() > 262 && head.substr(257, 5) == "ustar");
}

struct ArchiveDeleter {
  void operator()(archive* a) const { archive_read_free(a); }
};

class Walker {
 public:
  Walker(const DocumentFn& fn, const ReadLimits& limits) : fn_(fn), limits_(limits) {}

  Status Path(const fs::path& p) {
    std::error_code ec;
    fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st))
      return Fail(ErrorCode::kNotFound, p.string() + ": no such file or directory");
    if (fs::is_directory(st)) return Directory(p);
    return File(p);
  }

 private:
  Status Directory(const fs::path& dir) {
    std::vector<fs::path> entries;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (!name.empty() && name[0] == '.') continue;
      entries.push_back(it->path());
    }
    if (ec) return Fail(ErrorCode::kIo, dir.string() + ": " + ec.message());
    std::sort(entries.begin(), entries.end());
    for (const fs::path& e : entries) {
      std::error_code sec;
      if (fs::is_directory(e, sec)) {
        if (Status s = Directory(e); !s) return s;
      } else if (fs::is_regular_file(e, sec)) {
        if (Status s = File(e); !s) return s;
      }
    }
    return Ok();
  }

  Status File(const fs::path& p) {
    Result<std::string> bytes = ReadFile(p.string());
    if (!bytes) return Fail(bytes.error());
    return Bytes(p.string(), std::move(*bytes), 0);
  }

  Status Bytes(const std::string& name, std::string bytes, int depth) {
    if (depth < 2 && LooksLikeContainer(std::string_view(bytes).substr(0, 512))) {
      return Container(name, bytes, depth);
    }
    return Emit(name, bytes);
  }

  Status Emit(const std::string& name, std::string_view bytes) {
    total_ += bytes.size();
    if (total_ > limits_.max_total_bytes) {
      return Fail(ErrorCode::kInvalidInput, name + ": total size over the limit of " +
                                                std::to_string(limits_.max_total_bytes) + " bytes");
    }
    return fn_(name, bytes);
  }

  // Opens zip/tar (possibly compressed) and bare compressed streams (.gz, .xz, .zst).
  Status Container(const std::string& name, const std::string& bytes, int depth) {
    std::unique_ptr<archive, ArchiveDeleter> a(archive_read_new());
    archive_read_support_filter_all(a.get());
    archive_read_support_format_all(a.get());
    archive_read_support_format_raw(a.get());  // A bare .gz is a "raw" archive of one entry.
    if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
      return Fail(ErrorCode::kIo, name + ": cannot open archive: " + archive_error_string(a.get()));
    }
    archive_entry* entry = nullptr;
    for (;;) {
      int rc = archive_read_next_header(a.get(), &entry);
      if (rc == ARCHIVE_EOF) break;
      if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
        return Fail(ErrorCode::kIo, name + ": corrupt archive: " + archive_error_string(a.get()));
      }
      bool raw = archive_format(a.get()) == ARCHIVE_FORMAT_RAW;
      if (!raw && archive_entry_filetype(entry) != AE_IFREG) continue;
      std::string entry_name =
          raw ? StripCompressionSuffix(name) : name + "!" + archive_entry_pathname(entry);
      std::string base = entry_name.substr(entry_name.find_last_of("/!") + 1);
      if (!raw && (base.empty() || base[0] == '.' ||
                   (entry_name.substr(name.size() + 1)).starts_with("__MACOSX"))) {
        continue;
      }
      std::string content;
      char buf[1 << 16];
      la_ssize_t n;
      while ((n = archive_read_data(a.get(), buf, sizeof(buf))) > 0) {
        content.append(buf, static_cast<size_t>(n));
        if (content.size() > limits_.max_document_bytes) {
          return Fail(ErrorCode::kInvalidInput, entry_name + ": document larger than " +
                                                    std::to_string(limits_.max_document_bytes) +
                                                    " bytes");
        }
      }
      if (n < 0)
        return Fail(ErrorCode::kIo,
                    entry_name + ": corrupt data: " + archive_error_string(a.get()));
      if (Status s = Bytes(entry_name, std::move(content), depth + 1); !s) return s;
    }
    return Ok();
  }

  static std::string StripCompressionSuffix(const std::string& name) {
    for (std::string_view suffix : {".gz", ".xz", ".zst", ".bz2"}) {
      if (HasSuffix(name, suffix)) return name.substr(0, name.size() - suffix.size());
    }
    return name;
  }

  const DocumentFn& fn_;
  const ReadLimits& limits_;
  uint64_t total_ = 0;
};

}  // namespace

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::error_code ec;
    if (!fs::exists(path, ec)) return Fail(ErrorCode::kNotFound, path + ": no such file");
    return Fail(ErrorCode::kIo, path + ": cannot read");
  }
  std::string out;
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  if (size > 0) out.resize(static_cast<size_t>(size));
  if (size > 0 && !in.read(out.data(), size)) return Fail(ErrorCode::kIo, path + ": read failed");
  return out;
}

Status ForEachDocument(const std::string& path, const DocumentFn& fn, const ReadLimits& limits) {
  Walker walker(fn, limits);
  return walker.Path(path);
}

}  // namespace vs::io
