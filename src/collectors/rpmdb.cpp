#include "collectors/rpmdb.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

#include <fcntl.h>
#include <rpm/header.h>
#include <rpm/rpmdb.h>
#include <rpm/rpmlib.h>
#include <rpm/rpmlog.h>
#include <rpm/rpmmacro.h>
#include <rpm/rpmtag.h>
#include <rpm/rpmts.h>

namespace vs::collectors {
namespace {

namespace fs = std::filesystem;

// Where distributions keep the database, relative to the root: /var/lib/rpm (RHEL, CentOS,
// Amazon Linux, older Fedora) and /usr/lib/sysimage/rpm (openSUSE, Fedora >= 36, where
// /var/lib/rpm is a symlink to it). Each may hold rpm >= 4.16's sqlite database, ndb
// (Packages.db, SUSE) or BerkeleyDB (Packages, rpm < 4.16).
constexpr std::array<std::string_view, 2> kDbDirs = {"var/lib/rpm", "usr/lib/sysimage/rpm"};

// librpm's backend for each database file (rpm's lib/backend/*.c). BerkeleyDB is left to
// librpm's own detection, because builds name it "bdb" or "bdb_ro" (Debian: read-only).
struct DbFile {
  std::string_view file;
  std::string_view backend;
};
constexpr std::array<DbFile, 3> kDbFiles = {DbFile{"rpmdb.sqlite", "sqlite"},
                                            DbFile{"Packages.db", "ndb"}, DbFile{"Packages", ""}};

struct DbLocation {
  std::string dbpath;  // Inside the root: "/var/lib/rpm".
  std::string_view backend;
};

// librpm keeps its configuration, macros and log hooks in process-wide state: configuration is
// read once, and one database is read at a time.
std::mutex g_rpm_mutex;

bool ConfigRead() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] { ok = rpmReadConfigFiles(nullptr, nullptr) == 0; });
  return ok;
}

// Collects librpm's error messages instead of letting it print them on stderr; warnings (e.g.
// "Found BDB Packages database while attempting sqlite backend") are dropped.
struct LogCapture {
  std::string last_error;
};

int CaptureLog(rpmlogRec rec, rpmlogCallbackData data) {
  auto* capture = static_cast<LogCapture*>(data);
  std::string message = rpmlogRecMessage(rec) != nullptr ? rpmlogRecMessage(rec) : "";
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  // A backend this librpm lacks (Debian builds no ndb) is only a warning ("using dummy
  // database, installs not possible"): librpm then reads an empty dummy database, which would
  // look like a root without packages.
  bool fatal = rpmlogRecPriority(rec) <= RPMLOG_ERR ||
               message.find("dummy database") != std::string::npos ||
               message.find("invalid %_db_backend") != std::string::npos;
  if (fatal && !message.empty()) capture->last_error = std::move(message);
  return 0;  // Not RPMLOG_DEFAULT: nothing reaches stderr.
}

// Installs CaptureLog and the _dbpath macro for one read; undoes both when it goes out of scope.
class RpmSession {
 public:
  explicit RpmSession(const DbLocation& db) : backend_(!db.backend.empty()) {
    previous_ = rpmlogSetCallback(CaptureLog, &capture_);
    rpmPushMacro(nullptr, "_dbpath", nullptr, db.dbpath.c_str(), RMIL_CMDLINE);
    if (backend_) {
      std::string backend(db.backend);
      rpmPushMacro(nullptr, "_db_backend", nullptr, backend.c_str(), RMIL_CMDLINE);
    }
  }
  ~RpmSession() {
    if (backend_) rpmPopMacro(nullptr, "_db_backend");
    rpmPopMacro(nullptr, "_dbpath");
    rpmlogSetCallback(previous_, nullptr);
    rpmlogClose();  // Frees the warning/error records librpm keeps in memory.
  }
  RpmSession(const RpmSession&) = delete;
  RpmSession& operator=(const RpmSession&) = delete;

  bool HasError() const { return !capture_.last_error.empty(); }
  std::string Error(std::string_view fallback) const {
    return capture_.last_error.empty() ? std::string(fallback) : capture_.last_error;
  }

 private:
  bool backend_;
  LogCapture capture_;
  rpmlogCallback previous_ = nullptr;
};

struct TsDeleter {
  void operator()(rpmts ts) const { rpmtsFree(ts); }
};
struct IteratorDeleter {
  void operator()(rpmdbMatchIterator mi) const { rpmdbFreeIterator(mi); }
};
using TsPtr = std::unique_ptr<std::remove_pointer_t<rpmts>, TsDeleter>;
using IteratorPtr = std::unique_ptr<std::remove_pointer_t<rpmdbMatchIterator>, IteratorDeleter>;

std::string Str(Header h, rpmTagVal tag) {
  const char* s = headerGetString(h, tag);
  return s != nullptr ? std::string(s) : std::string();
}

// Same spelling as the rpm_qa parser (docs/formats/rpm_qa.md): the epoch only when present and
// non-zero, as `rpm -q` prints EVRs.
std::string Evr(Header h, std::string_view version, std::string_view release) {
  std::string out;
  if (headerIsEntry(h, RPMTAG_EPOCH)) {
    uint64_t epoch = headerGetNumber(h, RPMTAG_EPOCH);
    if (epoch != 0) out = std::to_string(epoch) + ":";
  }
  out.append(version);
  if (!release.empty()) out.append("-").append(release);
  return out;
}

// "openssl-3.0.7-24.el9.src.rpm" → name "openssl", version-release "3.0.7-24.el9"; false when
// the name does not split at its last two hyphens.
bool SplitSourceRpm(std::string_view srpm, std::string& name, std::string& version_release) {
  for (std::string_view suffix : {".src.rpm", ".nosrc.rpm"}) {
    if (srpm.size() <= suffix.size() || srpm.substr(srpm.size() - suffix.size()) != suffix)
      continue;
    std::string_view nvr = srpm.substr(0, srpm.size() - suffix.size());
    size_t r = nvr.rfind('-');
    if (r == std::string_view::npos || r == 0) return false;
    size_t v = nvr.rfind('-', r - 1);
    if (v == std::string_view::npos || v == 0) return false;
    name = std::string(nvr.substr(0, v));
    version_release = std::string(nvr.substr(v + 1));
    return true;
  }
  return false;
}

model::Package ToPackage(Header h) {
  model::Package pkg;
  pkg.name = Str(h, RPMTAG_NAME);
  std::string version = Str(h, RPMTAG_VERSION);
  std::string release = Str(h, RPMTAG_RELEASE);
  pkg.version = Evr(h, version, release);
  pkg.arch = Str(h, RPMTAG_ARCH);
  std::string src_name, src_vr;
  if (SplitSourceRpm(Str(h, RPMTAG_SOURCERPM), src_name, src_vr)) {
    pkg.source_name = std::move(src_name);
    // The SRPM file name has no epoch; a binary inherits its source package's epoch.
    std::string_view vr = src_vr;
    size_t dash = vr.rfind('-');
    pkg.source_version =
        Evr(h, vr.substr(0, dash), dash == std::string_view::npos ? "" : vr.substr(dash + 1));
  }
  return pkg;
}

// The first database under `root`, in kDbDirs then kDbFiles order; dbpath "" when none.
DbLocation FindDb(const fs::path& root) {
  for (std::string_view dir : kDbDirs) {
    std::error_code ec;
    fs::path full = root / dir;
    // An absolute symlink (/var/lib/rpm -> /usr/lib/sysimage/rpm) would lead out of the root
    // filesystem into the host's; the symlink's target is the next candidate anyway.
    if (fs::is_symlink(full, ec)) continue;
    for (const DbFile& f : kDbFiles) {
      if (fs::is_regular_file(full / f.file, ec)) return {"/" + std::string(dir), f.backend};
    }
  }
  return {};
}

}  // namespace

Result<std::vector<model::Package>> ReadRpmDatabase(const std::string& rootfs) {
  std::error_code ec;
  fs::path root = rootfs.empty() ? fs::path("/") : fs::path(rootfs);
  if (!fs::is_directory(root, ec)) return Fail(ErrorCode::kNotFound, rootfs + ": not a directory");
  DbLocation db = FindDb(root);
  const std::string& dbpath = db.dbpath;
  if (dbpath.empty()) {
    return Fail(ErrorCode::kNotFound,
                rootfs + ": no rpm database in var/lib/rpm or usr/lib/sysimage/rpm");
  }

  std::lock_guard<std::mutex> lock(g_rpm_mutex);
  if (!ConfigRead()) return Fail(ErrorCode::kIo, "rpmdb: cannot read librpm's configuration");
  RpmSession session(db);
  TsPtr ts(rpmtsCreate());
  if (!ts) return Fail(ErrorCode::kIo, "rpmdb: cannot create an rpm transaction set");
  std::string root_dir = fs::absolute(root, ec).string();
  if (ec || rpmtsSetRootDir(ts.get(), root_dir.c_str()) != 0) {
    return Fail(ErrorCode::kIo, rootfs + ": librpm rejects the root directory");
  }
  // Reading only: signature checks would need the root's keyring and add nothing here; the header
  // structure is still validated on import.
  rpmtsSetVSFlags(ts.get(), _RPMVSF_NOSIGNATURES | _RPMVSF_NODIGESTS);
  if (rpmtsOpenDB(ts.get(), O_RDONLY) != 0 || session.HasError()) {
    std::string why = session.Error("librpm cannot open the database");
    if (db.backend == "ndb") why = "this librpm has no ndb backend for Packages.db (" + why + ")";
    return Fail(ErrorCode::kIo, rootfs + dbpath + ": " + why);
  }
  IteratorPtr it(rpmtsInitIterator(ts.get(), RPMDBI_PACKAGES, nullptr, 0));
  if (!it) {
    return Fail(ErrorCode::kIo,
                rootfs + dbpath + ": " + session.Error("librpm cannot iterate the database"));
  }
  std::vector<model::Package> packages;
  while (Header h = rpmdbNextIterator(it.get())) {
    model::Package pkg = ToPackage(h);                           // The iterator owns h.
    if (pkg.name.empty() || pkg.name == "gpg-pubkey") continue;  // Signing keys, not software.
    packages.push_back(std::move(pkg));
  }
  // rpmdbNextIterator ends early on a damaged record or index and only logs why: a partial list
  // would hide packages, so it is an error.
  if (session.HasError()) return Fail(ErrorCode::kIo, rootfs + dbpath + ": " + session.Error(""));
  return packages;
}

}  // namespace vs::collectors
