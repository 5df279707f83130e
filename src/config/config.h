// vulnscope.toml: every option has a default so that no file is needed. Sections are added
// by the parts that use them; unknown keys are reported as warnings, not errors, so an older
// binary can read a newer file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vs::config {

// One feed that `db update` downloads and imports as the store source `name`.
struct Feed {
  std::string name;  // Store source name: "osv-pypi", "cisa-kev".
  std::string url;
  uint64_t max_bytes = 2ull << 30;
  long timeout_s = 600;
};

// [[ownership]]: which team owns an asset; the first rule that matches wins.
struct Ownership {
  std::string kind;  // "account", "repo" (glob), "namespace" (glob), "tag" ("k=v"), "image".
  std::string pattern;
  std::string team;
};

struct Github {
  std::string org;
  std::string api_url;  // "": https://api.github.com.
  std::string token;    // "": the GITHUB_TOKEN environment variable.
};

// [server]: `vulnscope serve`. Command-line flags override these.
struct Server {
  std::string listen;  // Empty: 127.0.0.1:8080.
  std::string tls_cert;
  std::string tls_key;
  bool behind_proxy = false;
  int threads = 0;  // 0: the server's default.
  int session_idle_minutes = 30;
  int session_absolute_hours = 12;
  std::vector<std::string> auth = {"local"};  // Backends tried in order: "local", "ldap".
};

// [[ldap.groups]]: members of `dn` get `role` ("admin", "viewer" or "") and `team`.
struct LdapGroup {
  std::string dn;
  std::string role;
  std::string team;
};

// [ldap]: the LDAP login backend (server/auth/ldap.h has the meaning of each field).
struct Ldap {
  std::string url;
  bool start_tls = false;
  std::string ca_file;
  std::string bind_dn;
  // A secret: never logged. `bind_password_env` names an environment variable holding it
  // instead, so the file can be world-readable; it is read by LdapBindPassword().
  std::string bind_password;
  std::string bind_password_env;
  std::string user_base;
  std::string user_filter = "(uid=%s)";
  std::string name_attribute = "uid";
  std::string group_attribute = "memberOf";
  std::string group_base;
  std::string group_filter = "(member=%s)";
  std::string default_role;  // "": users in no role-granting group are refused.
  int timeout_seconds = 5;
  std::vector<LdapGroup> groups;
};

// [[collectors]]: one collector run by the scheduler of `vulnscope serve`. `kind` is the
// registry key (collectors/registry.cpp) and the `vulnscope collect` subcommand; the other
// fields are that subcommand's options. Which fields a kind needs is checked by
// collectors::CheckCollector, not here.
struct SsmAthena {
  std::string database;  // Glue database; empty: the collector's default.
  std::string workgroup;
  std::string output;  // s3://bucket/prefix/ for query results.
  std::string catalog;
};

struct Collector {
  std::string kind;  // "ssm", "github", "prometheus".
  std::string name;  // Scheduler job name; empty: the kind (+ "-2", "-3" for repeats).
  int interval_minutes = 60;
  // ssm
  std::string from;  // Directory or s3://bucket/prefix of the Resource Data Sync.
  std::vector<std::string> accounts;
  std::vector<std::string> regions;
  bool athena = false;  // Query the sync's Glue tables instead of reading its objects.
  SsmAthena athena_options;
  // github (empty: the [github] table's values)
  std::string org;
  std::string api_url;
  // prometheus: one of url (a Prometheus server) or exporter (an exposition endpoint).
  std::string url;
  std::string exporter;
  std::string query;
};

// [schedule]: intervals of the scheduler's own jobs; 0 turns a job off.
struct Schedule {
  int db_update_minutes = 0;
  int match_minutes = 0;
  // Wait after startup before a job's first run, when the store has no earlier run of it.
  int startup_delay_seconds = 30;
};

struct Config {
  std::string database;     // Empty: the --db / VULNSCOPE_DB / ./vulnscope.db default applies.
  std::vector<Feed> feeds;  // Empty: DefaultFeeds().
  std::vector<Ownership> ownership;
  Github github;
  Server server;
  Ldap ldap;
  bool has_ldap = false;  // An [ldap] table was given.
  std::vector<Collector> collectors;
  Schedule schedule;
  std::vector<std::string> warnings;  // Never contain a configured value, only key names.
};

// The public feeds used when the configuration lists none: OSV per ecosystem, CISA KEV,
// FIRST EPSS, Exploit-DB and Metasploit's module metadata.
std::vector<Feed> DefaultFeeds();

// Parses TOML text. Errors: kInvalidInput with the line and column of a syntax error, or a
// key of the wrong type.
Result<Config> ParseConfig(std::string_view toml_text);

// The LDAP service account's password: `bind_password`, else the environment variable named by
// `bind_password_env`. Errors: kInvalidInput when that variable is unset or empty.
Result<std::string> LdapBindPassword(const Ldap& ldap);

// Reads and parses `path`. Errors: kNotFound, kIo, or ParseConfig's.
Result<Config> LoadConfig(const std::string& path);

}  // namespace vs::config
