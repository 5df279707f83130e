#include "cli/db.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "advisory/import.h"
#include "advisory/update.h"
#include "cli/commands.h"
#include "config/config.h"
#include "core/time.h"
#include "store/store.h"

namespace vs::cli {
namespace {

// "3h", "2d": how long ago an RFC 3339 UTC time was.
std::string Age(const std::string& rfc3339) {
  std::optional<int64_t> t = ParseRfc3339(rfc3339);
  if (!t) return "-";
  long long secs = static_cast<long long>(static_cast<int64_t>(std::time(nullptr)) - *t);
  if (secs < 120) return fmt::format("{}s", secs);
  if (secs < 7200) return fmt::format("{}m", secs / 60);
  if (secs < 172800) return fmt::format("{}h", secs / 3600);
  return fmt::format("{}d", secs / 86400);
}

int RunImport(const GlobalOptions& global, const std::vector<std::string>& paths,
              const std::string& name) {
  Result<std::unique_ptr<store::Store>> store = store::OpenStore(global.db);
  if (!store) {
    std::fprintf(stderr, "vulnscope: %s\n", store.error().message.c_str());
    return 2;
  }
  if (!name.empty() && paths.size() != 1) {
    std::fprintf(stderr, "vulnscope: --name takes exactly one PATH\n");
    return 2;
  }
  // A failed re-import is recorded on its source; a path that never imported leaves no trace.
  std::set<std::string> existing;
  if (Result<std::vector<store::SourceInfo>> sources = (*store)->Sources()) {
    for (const store::SourceInfo& s : *sources) existing.insert(s.name);
  }
  int rc = 0;
  for (const std::string& path : paths) {
    std::string source = name.empty() ? advisory::SourceNameForPath(path) : name;
    store::SourceInfo info;
    info.name = source;
    Result<advisory::ImportReport> r =
        advisory::ImportPath(**store, path, info, existing.count(source) > 0);
    if (!r) {
      std::fprintf(stderr, "vulnscope: import %s failed, previous data kept: %s\n", path.c_str(),
                   r.error().message.c_str());
      rc = 2;
      continue;
    }
    std::printf(
        "imported %s [%s]: %zu documents, %zu advisories, %zu exploit references, %zu EPSS scores, "
        "%zu warnings\n",
        path.c_str(), r->formats.c_str(), r->documents, r->advisories, r->exploits, r->epss,
        r->warnings.size());
    size_t shown = 0;
    for (const model::Warning& w : r->warnings) {
      if (++shown > 10) {
        std::fprintf(stderr, "  … %zu more warnings\n", r->warnings.size() - 10);
        break;
      }
      std::fprintf(stderr, "  warning: %s: %s\n", w.record.c_str(), w.reason.c_str());
    }
  }
  return rc;
}

int RunStatus(const GlobalOptions& global, const std::string& format) {
  Result<std::unique_ptr<store::Store>> store = store::OpenStore(global.db);
  if (!store) {
    std::fprintf(stderr, "vulnscope: %s\n", store.error().message.c_str());
    return 2;
  }
  Result<std::vector<store::SourceInfo>> sources = (*store)->Sources();
  if (!sources) {
    std::fprintf(stderr, "vulnscope: %s\n", sources.error().message.c_str());
    return 2;
  }
  if (format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const store::SourceInfo& s : *sources) {
      out.push_back({{"name", s.name},
                     {"format", s.format},
                     {"location", s.location},
                     {"imported_at", s.imported_at},
                     {"advisories", s.advisories},
                     {"exploits", s.exploits},
                     {"epss", s.epss},
                     {"warnings", s.warnings},
                     {"status", s.status},
                     {"error", s.error}});
    }
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::printf("database: %s\n", global.db.c_str());
  if (sources->empty()) {
    std::printf("no sources yet: run `vulnscope db import PATH` or `vulnscope db update`\n");
    return 0;
  }
  std::printf("%-48s %-22s %10s %9s %9s %6s %-7s\n", "SOURCE", "FORMAT", "ADVISORIES", "EXPLOITS",
              "EPSS", "AGE", "STATUS");
  long long adv = 0, exp = 0, epss = 0;
  for (const store::SourceInfo& s : *sources) {
    std::string name = s.name.size() > 48 ? "..." + s.name.substr(s.name.size() - 45) : s.name;
    std::printf("%-48s %-22s %10lld %9lld %9lld %6s %-7s\n", name.c_str(), s.format.c_str(),
                s.advisories, s.exploits, s.epss, Age(s.imported_at).c_str(), s.status.c_str());
    if (!s.error.empty()) std::printf("    last error: %s\n", s.error.c_str());
    adv += s.advisories;
    exp += s.exploits;
    epss += s.epss;
  }
  std::printf("total: %lld advisories, %lld exploit references, %lld EPSS scores in %zu sources\n",
              adv, exp, epss, sources->size());
  return 0;
}

int RunUpdate(const GlobalOptions& global, const std::vector<std::string>& only) {
  std::vector<config::Feed> feeds = config::DefaultFeeds();
  if (!global.config.empty()) {
    Result<config::Config> cfg = config::LoadConfig(global.config);
    if (!cfg) {
      std::fprintf(stderr, "vulnscope: %s\n", cfg.error().message.c_str());
      return 2;
    }
    for (const std::string& w : cfg->warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
    if (!cfg->feeds.empty()) feeds = cfg->feeds;
  }
  if (!only.empty()) {
    std::vector<config::Feed> chosen;
    for (const std::string& name : only) {
      auto it = std::find_if(feeds.begin(), feeds.end(),
                             [&](const config::Feed& f) { return f.name == name; });
      if (it == feeds.end()) {
        std::fprintf(stderr, "vulnscope: no feed named %s\n", name.c_str());
        return 2;
      }
      chosen.push_back(*it);
    }
    feeds = std::move(chosen);
  }
  Result<std::unique_ptr<store::Store>> store = store::OpenStore(global.db);
  if (!store) {
    std::fprintf(stderr, "vulnscope: %s\n", store.error().message.c_str());
    return 2;
  }
  advisory::UpdateOptions options;
  bool tty = isatty(fileno(stderr)) != 0;
  if (tty) {
    options.progress = [](const std::string& line) {
      std::fprintf(stderr, "\r\033[K%s", line.c_str());
    };
  }
  Result<std::vector<advisory::FeedResult>> results =
      advisory::UpdateFeeds(**store, feeds, options);
  if (tty) std::fprintf(stderr, "\r\033[K");
  if (!results) {
    std::fprintf(stderr, "vulnscope: %s\n", results.error().message.c_str());
    return 2;
  }
  int rc = 0;
  for (const advisory::FeedResult& r : *results) {
    const char* what = r.outcome == advisory::FeedOutcome::kUpdated ? "updated"
                       : r.outcome == advisory::FeedOutcome::kNotModified
                           ? "unchanged"
                           : "FAILED (previous data kept)";
    std::printf("%-20s %s: %s\n", r.name.c_str(), what, r.detail.c_str());
    if (r.outcome == advisory::FeedOutcome::kFailed) rc = 2;
  }
  return rc;
}

}  // namespace

void AddDb(CLI::App& app, GlobalOptions& global) {
  CLI::App* db = app.add_subcommand("db", "Advisory and exploit-intelligence database");
  db->require_subcommand(1);

  struct ImportArgs {
    std::vector<std::string> paths;
    std::string name;
  };
  auto args = std::make_shared<ImportArgs>();
  CLI::App* imp = db->add_subcommand(
      "import", "Import feeds from files, directories or archives (format detected from content)");
  imp->add_option("paths", args->paths, "Files, directories, .zip/.tar/.gz archives")->required();
  imp->add_option("--name", args->name, "Source name (default: the absolute path)");
  imp->callback([&global, args] {
    int rc = RunImport(global, args->paths, args->name);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });

  auto only = std::make_shared<std::vector<std::string>>();
  CLI::App* upd = db->add_subcommand(
      "update", "Download the configured feeds ([[feeds]] in the config, or the public defaults)");
  upd->add_option("--feed", *only, "Update only these feeds (repeatable)");
  upd->callback([&global, only] {
    int rc = RunUpdate(global, *only);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });

  auto format = std::make_shared<std::string>("table");
  CLI::App* status = db->add_subcommand("status", "Sources, record counts and age");
  status->add_option("--format", *format, "table or json")->check(CLI::IsMember({"table", "json"}));
  status->callback([&global, format] {
    int rc = RunStatus(global, *format);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace vs::cli
