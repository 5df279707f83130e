#include "config/config.h"

#include <fstream>
#include <sstream>

#include <toml++/toml.h>

namespace vs::config {
namespace {

constexpr std::string_view kOsvBase = "https://osv-vulnerabilities.storage.googleapis.com/";

Feed Osv(std::string name, std::string_view ecosystem_path) {
  return Feed{std::move(name), std::string(kOsvBase) + std::string(ecosystem_path) + "/all.zip"};
}

}  // namespace

std::vector<Feed> DefaultFeeds() {
  return {
      Osv("osv-almalinux", "AlmaLinux"),
      Osv("osv-alpine", "Alpine"),
      Osv("osv-crates.io", "crates.io"),
      Osv("osv-debian", "Debian"),
      Osv("osv-go", "Go"),
      Osv("osv-maven", "Maven"),
      Osv("osv-npm", "npm"),
      Osv("osv-nuget", "NuGet"),
      Osv("osv-packagist", "Packagist"),
      Osv("osv-pypi", "PyPI"),
      Osv("osv-rocky-linux", "Rocky%20Linux"),
      Osv("osv-rubygems", "RubyGems"),
      Osv("osv-ubuntu", "Ubuntu"),
      Feed{"cisa-kev",
           "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json"},
      Feed{"epss", "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz"},
      Feed{"exploitdb",
           "https://gitlab.com/exploit-database/exploitdb/-/raw/main/files_exploits.csv"},
      Feed{"metasploit",
           "https://raw.githubusercontent.com/rapid7/metasploit-framework/master/db/"
           "modules_metadata_base.json"},
  };
}

Result<Config> ParseConfig(std::string_view text) {
  toml::table root;
  try {
    root = toml::parse(text);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    return Fail(ErrorCode::kInvalidInput, "config: line " + std::to_string(where.line) +
                                              ", column " + std::to_string(where.column) + ": " +
                                              std::string(e.description()));
  }
  Config cfg;
  for (const auto& [key, value] : root) {
    std::string_view k = key.str();
    if (k == "database") {
      if (!value.is_string())
        return Fail(ErrorCode::kInvalidInput, "config: database must be a string");
      cfg.database = value.as_string()->get();
    } else if (k == "feeds") {
      const toml::array* feeds = value.as_array();
      if (feeds == nullptr)
        return Fail(ErrorCode::kInvalidInput,
                    "config: feeds must be an array of tables ([[feeds]])");
      for (size_t i = 0; i < feeds->size(); ++i) {
        const toml::table* t = feeds->get(i)->as_table();
        std::string where = "config: feeds[" + std::to_string(i) + "]";
        if (t == nullptr) return Fail(ErrorCode::kInvalidInput, where + " must be a table");
        Feed f;
        std::optional<std::string> name = (*t)["name"].value<std::string>();
        std::optional<std::string> url = (*t)["url"].value<std::string>();
        if (!name || name->empty() || !url || url->empty()) {
          return Fail(ErrorCode::kInvalidInput, where + " needs a name and a url");
        }
        f.name = *name;
        f.url = *url;
        if (auto mb = (*t)["max_bytes"].value<int64_t>()) {
          if (*mb <= 0)
            return Fail(ErrorCode::kInvalidInput, where + ".max_bytes must be positive");
          f.max_bytes = static_cast<uint64_t>(*mb);
        }
        if (auto ts = (*t)["timeout_seconds"].value<int64_t>()) {
          if (*ts <= 0)
            return Fail(ErrorCode::kInvalidInput, where + ".timeout_seconds must be positive");
          f.timeout_s = static_cast<long>(*ts);
        }
        cfg.feeds.push_back(std::move(f));
      }
    } else if (k == "ownership") {
      const toml::array* rules = value.as_array();
      if (rules == nullptr)
        return Fail(ErrorCode::kInvalidInput,
                    "config: ownership must be an array of tables ([[ownership]])");
      for (size_t i = 0; i < rules->size(); ++i) {
        const toml::table* t = rules->get(i)->as_table();
        std::string where = "config: ownership[" + std::to_string(i) + "]";
        if (t == nullptr) return Fail(ErrorCode::kInvalidInput, where + " must be a table");
        Ownership o;
        std::optional<std::string> team = (*t)["team"].value<std::string>();
        if (!team || team->empty()) return Fail(ErrorCode::kInvalidInput, where + " needs a team");
        o.team = *team;
        for (const char* kind : {"account", "repo", "namespace", "tag", "image"}) {
          if (auto v = (*t)[kind].value<std::string>()) {
            if (!o.kind.empty())
              return Fail(ErrorCode::kInvalidInput,
                          where + " must match on exactly one of account, repo, namespace, "
                                  "tag, image");
            o.kind = kind;
            o.pattern = *v;
          }
        }
        if (o.kind.empty())
          return Fail(ErrorCode::kInvalidInput,
                      where + " needs one of account, repo, namespace, tag, image");
        cfg.ownership.push_back(std::move(o));
      }
    } else if (k == "github") {
      const toml::table* t = value.as_table();
      if (t == nullptr) return Fail(ErrorCode::kInvalidInput, "config: [github] must be a table");
      cfg.github.org = (*t)["org"].value_or(std::string());
      cfg.github.api_url = (*t)["api_url"].value_or(std::string());
      cfg.github.token = (*t)["token"].value_or(std::string());
    } else {
      cfg.warnings.push_back("config: unknown key \"" + std::string(k) + "\" ignored");
    }
  }
  return cfg;
}

Result<Config> LoadConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, "config: cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  Result<Config> cfg = ParseConfig(ss.str());
  if (!cfg) return Fail(cfg.error().WithContext(path));
  return cfg;
}

}  // namespace vs::config
