#include "config/config.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <toml++/toml.h>

namespace vs::config {
namespace {

constexpr std::string_view kOsvBase = "https://osv-vulnerabilities.storage.googleapis.com/";

Feed Osv(std::string name, std::string_view ecosystem_path) {
  return Feed{std::move(name), std::string(kOsvBase) + std::string(ecosystem_path) + "/all.zip"};
}

// Typed access to the keys of one table. Error messages and warnings name keys only, never
// values, so a secret in a mistyped key cannot reach a log.
class Fields {
 public:
  Fields(const toml::table& t, std::string where, std::vector<std::string>& warnings)
      : t_(t), where_(std::move(where)), warnings_(warnings) {}

  Status Str(std::string_view key, std::string& out) {
    const toml::node* n = Get(key);
    if (n == nullptr) return Ok();
    if (!n->is_string()) return Fail(ErrorCode::kInvalidInput, Name(key) + " must be a string");
    out = n->as_string()->get();
    return Ok();
  }

  Status Bool(std::string_view key, bool& out) {
    const toml::node* n = Get(key);
    if (n == nullptr) return Ok();
    if (!n->is_boolean())
      return Fail(ErrorCode::kInvalidInput, Name(key) + " must be true or false");
    out = n->as_boolean()->get();
    return Ok();
  }

  // An integer in [min, max].
  Status Int(std::string_view key, int& out, int64_t min, int64_t max) {
    const toml::node* n = Get(key);
    if (n == nullptr) return Ok();
    if (!n->is_integer()) return Fail(ErrorCode::kInvalidInput, Name(key) + " must be an integer");
    int64_t v = n->as_integer()->get();
    if (v < min || v > max)
      return Fail(ErrorCode::kInvalidInput, Name(key) + " must be between " + std::to_string(min) +
                                                " and " + std::to_string(max));
    out = static_cast<int>(v);
    return Ok();
  }

  Status StrList(std::string_view key, std::vector<std::string>& out) {
    const toml::node* n = Get(key);
    if (n == nullptr) return Ok();
    const toml::array* a = n->as_array();
    if (a == nullptr)
      return Fail(ErrorCode::kInvalidInput, Name(key) + " must be an array of strings");
    out.clear();
    for (const toml::node& e : *a) {
      if (!e.is_string())
        return Fail(ErrorCode::kInvalidInput, Name(key) + " must be an array of strings");
      out.push_back(e.as_string()->get());
    }
    return Ok();
  }

  // The sub-table or array at `key` (nullptr when absent); the caller checks its type.
  const toml::node* Node(std::string_view key) { return Get(key); }

  std::string Name(std::string_view key) const { return where_ + "." + std::string(key); }

  // Warns about every key no accessor asked for.
  void WarnUnknown() {
    for (const auto& [key, value] : t_) {
      if (seen_.count(std::string(key.str())) == 0)
        warnings_.push_back("config: unknown key \"" + Name(key.str()).substr(8) + "\" ignored");
    }
  }

 private:
  const toml::node* Get(std::string_view key) {
    seen_.insert(std::string(key));
    return t_.get(key);
  }

  const toml::table& t_;
  std::string where_;  // "config: server"
  std::vector<std::string>& warnings_;
  std::set<std::string> seen_;
};

// Runs the accessors in order and stops at the first error.
#define VS_TRY(expr)                        \
  do {                                      \
    if (Status s_ = (expr); !s_) return s_; \
  } while (0)

Status ParseServer(const toml::node& node, Config& cfg) {
  const toml::table* t = node.as_table();
  if (t == nullptr) return Fail(ErrorCode::kInvalidInput, "config: [server] must be a table");
  Fields f(*t, "config: server", cfg.warnings);
  Server& s = cfg.server;
  VS_TRY(f.Str("listen", s.listen));
  VS_TRY(f.Str("tls_cert", s.tls_cert));
  VS_TRY(f.Str("tls_key", s.tls_key));
  VS_TRY(f.Bool("behind_proxy", s.behind_proxy));
  VS_TRY(f.Int("threads", s.threads, 0, 1024));
  VS_TRY(f.Int("session_idle_minutes", s.session_idle_minutes, 1, 7 * 24 * 60));
  VS_TRY(f.Int("session_absolute_hours", s.session_absolute_hours, 1, 24 * 365));
  VS_TRY(f.StrList("auth", s.auth));
  if (s.auth.empty())
    return Fail(ErrorCode::kInvalidInput, "config: server.auth needs at least one backend");
  if (s.tls_cert.empty() != s.tls_key.empty())
    return Fail(ErrorCode::kInvalidInput, "config: server.tls_cert and tls_key go together");
  f.WarnUnknown();
  return Ok();
}

Status ParseLdap(const toml::node& node, Config& cfg) {
  const toml::table* t = node.as_table();
  if (t == nullptr) return Fail(ErrorCode::kInvalidInput, "config: [ldap] must be a table");
  Fields f(*t, "config: ldap", cfg.warnings);
  Ldap& l = cfg.ldap;
  VS_TRY(f.Str("url", l.url));
  VS_TRY(f.Bool("start_tls", l.start_tls));
  VS_TRY(f.Str("ca_file", l.ca_file));
  VS_TRY(f.Str("bind_dn", l.bind_dn));
  VS_TRY(f.Str("bind_password", l.bind_password));
  VS_TRY(f.Str("bind_password_env", l.bind_password_env));
  VS_TRY(f.Str("user_base", l.user_base));
  VS_TRY(f.Str("user_filter", l.user_filter));
  VS_TRY(f.Str("name_attribute", l.name_attribute));
  VS_TRY(f.Str("group_attribute", l.group_attribute));
  VS_TRY(f.Str("group_base", l.group_base));
  VS_TRY(f.Str("group_filter", l.group_filter));
  VS_TRY(f.Str("default_role", l.default_role));
  VS_TRY(f.Int("timeout_seconds", l.timeout_seconds, 1, 300));
  if (!l.bind_password.empty() && !l.bind_password_env.empty())
    return Fail(ErrorCode::kInvalidInput,
                "config: ldap takes bind_password or bind_password_env, not both");
  auto role_ok = [](const std::string& r) { return r.empty() || r == "admin" || r == "viewer"; };
  if (!role_ok(l.default_role))
    return Fail(ErrorCode::kInvalidInput, "config: ldap.default_role must be admin or viewer");
  if (const toml::node* groups = f.Node("groups")) {
    const toml::array* a = groups->as_array();
    if (a == nullptr)
      return Fail(ErrorCode::kInvalidInput,
                  "config: ldap.groups must be an array of tables ([[ldap.groups]])");
    for (size_t i = 0; i < a->size(); ++i) {
      std::string where = "config: ldap.groups[" + std::to_string(i) + "]";
      const toml::table* g = a->get(i)->as_table();
      if (g == nullptr) return Fail(ErrorCode::kInvalidInput, where + " must be a table");
      Fields gf(*g, where, cfg.warnings);
      LdapGroup rule;
      VS_TRY(gf.Str("dn", rule.dn));
      VS_TRY(gf.Str("role", rule.role));
      VS_TRY(gf.Str("team", rule.team));
      if (rule.dn.empty()) return Fail(ErrorCode::kInvalidInput, where + " needs a dn");
      if (!role_ok(rule.role))
        return Fail(ErrorCode::kInvalidInput, where + ".role must be admin or viewer");
      if (rule.role.empty() && rule.team.empty())
        return Fail(ErrorCode::kInvalidInput, where + " needs a role or a team");
      gf.WarnUnknown();
      l.groups.push_back(std::move(rule));
    }
  }
  f.WarnUnknown();
  cfg.has_ldap = true;
  return Ok();
}

Status ParseCollectors(const toml::node& node, Config& cfg) {
  const toml::array* a = node.as_array();
  if (a == nullptr)
    return Fail(ErrorCode::kInvalidInput,
                "config: collectors must be an array of tables ([[collectors]])");
  for (size_t i = 0; i < a->size(); ++i) {
    std::string where = "config: collectors[" + std::to_string(i) + "]";
    const toml::table* t = a->get(i)->as_table();
    if (t == nullptr) return Fail(ErrorCode::kInvalidInput, where + " must be a table");
    Fields f(*t, where, cfg.warnings);
    Collector c;
    VS_TRY(f.Str("kind", c.kind));
    if (c.kind.empty()) return Fail(ErrorCode::kInvalidInput, where + " needs a kind");
    VS_TRY(f.Str("name", c.name));
    VS_TRY(f.Int("interval_minutes", c.interval_minutes, 1, 366 * 24 * 60));
    VS_TRY(f.Str("from", c.from));
    VS_TRY(f.StrList("accounts", c.accounts));
    VS_TRY(f.StrList("regions", c.regions));
    if (const toml::node* athena = f.Node("athena")) {
      // `athena = true` (defaults) or a table of its settings.
      if (athena->is_boolean()) {
        c.athena = athena->as_boolean()->get();
      } else if (const toml::table* at = athena->as_table()) {
        c.athena = true;
        Fields af(*at, where + ".athena", cfg.warnings);
        VS_TRY(af.Str("database", c.athena_options.database));
        VS_TRY(af.Str("workgroup", c.athena_options.workgroup));
        VS_TRY(af.Str("output", c.athena_options.output));
        VS_TRY(af.Str("catalog", c.athena_options.catalog));
        af.WarnUnknown();
      } else {
        return Fail(ErrorCode::kInvalidInput, where + ".athena must be true/false or a table");
      }
    }
    VS_TRY(f.Str("org", c.org));
    VS_TRY(f.Str("api_url", c.api_url));
    VS_TRY(f.Str("url", c.url));
    VS_TRY(f.Str("exporter", c.exporter));
    VS_TRY(f.Str("query", c.query));
    f.WarnUnknown();
    cfg.collectors.push_back(std::move(c));
  }
  // Job names are unique: the scheduler and the sources page key on them.
  std::map<std::string, int> per_kind;
  std::set<std::string> names;
  for (Collector& c : cfg.collectors) {
    if (c.name.empty()) {
      int n = ++per_kind[c.kind];
      c.name = n == 1 ? c.kind : c.kind + "-" + std::to_string(n);
    }
    if (!names.insert(c.name).second)
      return Fail(ErrorCode::kInvalidInput,
                  "config: two collectors are named \"" + c.name + "\": give each a name");
  }
  return Ok();
}

Status ParseSchedule(const toml::node& node, Config& cfg) {
  const toml::table* t = node.as_table();
  if (t == nullptr) return Fail(ErrorCode::kInvalidInput, "config: [schedule] must be a table");
  Fields f(*t, "config: schedule", cfg.warnings);
  VS_TRY(f.Int("db_update_minutes", cfg.schedule.db_update_minutes, 0, 366 * 24 * 60));
  VS_TRY(f.Int("match_minutes", cfg.schedule.match_minutes, 0, 366 * 24 * 60));
  VS_TRY(f.Int("startup_delay_seconds", cfg.schedule.startup_delay_seconds, 0, 24 * 3600));
  f.WarnUnknown();
  return Ok();
}

#undef VS_TRY

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
                          where +
                              " must match on exactly one of account, repo, namespace, "
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
    } else if (k == "server") {
      if (Status s = ParseServer(value, cfg); !s) return Fail(s.error());
    } else if (k == "ldap") {
      if (Status s = ParseLdap(value, cfg); !s) return Fail(s.error());
    } else if (k == "collectors") {
      if (Status s = ParseCollectors(value, cfg); !s) return Fail(s.error());
    } else if (k == "schedule") {
      if (Status s = ParseSchedule(value, cfg); !s) return Fail(s.error());
    } else {
      cfg.warnings.push_back("config: unknown key \"" + std::string(k) + "\" ignored");
    }
  }
  return cfg;
}

Result<std::string> LdapBindPassword(const Ldap& ldap) {
  if (ldap.bind_password_env.empty()) return ldap.bind_password;
  const char* v = std::getenv(ldap.bind_password_env.c_str());
  if (v == nullptr || *v == '\0')
    return Fail(ErrorCode::kInvalidInput, "config: ldap.bind_password_env names " +
                                              ldap.bind_password_env +
                                              ", which is not set in the environment");
  return std::string(v);
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
