#include "server/auth/ldap.h"

#include <algorithm>
#include <memory>

#include <ldap.h>

#include "server/auth/password.h"

namespace vs::server::auth {
namespace {

// Longest user name we search for; directory names are far shorter.
constexpr size_t kMaxUserBytes = 256;

struct LdapDeleter {
  void operator()(LDAP* ld) const { ldap_unbind_ext_s(ld, nullptr, nullptr); }
};
struct MessageDeleter {
  void operator()(LDAPMessage* m) const { ldap_msgfree(m); }
};
using Connection = std::unique_ptr<LDAP, LdapDeleter>;
using Message = std::unique_ptr<LDAPMessage, MessageDeleter>;

std::string LdapError(int rc) {
  return std::string(ldap_err2string(rc)) + " (" + std::to_string(rc) + ")";
}

// Codes that mean "could not talk to the directory" rather than "the directory said no".
bool IsUnreachable(int rc) {
  return rc == LDAP_SERVER_DOWN || rc == LDAP_TIMEOUT || rc == LDAP_CONNECT_ERROR ||
         rc == LDAP_UNAVAILABLE || rc == LDAP_BUSY || rc == LDAP_TIMELIMIT_EXCEEDED;
}

std::string ReplaceAll(std::string_view text, std::string_view what, std::string_view with) {
  std::string out;
  size_t pos = 0;
  for (size_t hit; (hit = text.find(what, pos)) != std::string_view::npos;
       pos = hit + what.size()) {
    out.append(text.substr(pos, hit - pos)).append(with);
  }
  out.append(text.substr(pos));
  return out;
}

// DNs compare case-insensitively and ignore spacing ("CN=Admins, DC=x" == "cn=admins,dc=x");
// the attribute types we map on (cn, ou, dc, uid) all have case-insensitive matching rules.
std::string NormalizeDn(std::string_view dn) {
  std::string in(dn), out = in;
  char* normalized = nullptr;
  if (ldap_dn_normalize(in.c_str(), LDAP_DN_FORMAT_LDAP, &normalized, LDAP_DN_FORMAT_LDAPV3) ==
          LDAP_SUCCESS &&
      normalized != nullptr) {
    out = normalized;
  }
  ldap_memfree(normalized);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
  return out;
}

std::vector<std::string> Values(LDAP* ld, LDAPMessage* entry, const std::string& attribute) {
  std::vector<std::string> out;
  if (attribute.empty()) return out;
  berval** values = ldap_get_values_len(ld, entry, attribute.c_str());
  if (values == nullptr) return out;
  for (berval** v = values; *v != nullptr; ++v) out.emplace_back((*v)->bv_val, (*v)->bv_len);
  ldap_value_free_len(values);
  return out;
}

class LdapAuthenticator : public Authenticator {
 public:
  explicit LdapAuthenticator(LdapConfig config) : config_(std::move(config)) {
    for (const auto& rule : config_.groups)
      normalized_groups_.push_back(NormalizeDn(rule.group_dn));
  }

  Result<Identity> Authenticate(std::string_view user, std::string_view password) override {
    if (user.empty()) return Fail(ErrorCode::kAuth, "ldap: empty user name");
    // Must come before any bind: a simple bind with a DN and an empty password is an
    // "unauthenticated bind" (RFC 4513 §5.1.2) that some servers (AD) answer with success.
    if (password.empty()) return Fail(ErrorCode::kAuth, "ldap: empty password");
    if (user.size() > kMaxUserBytes || password.size() > kMaxPasswordBytes) {
      return Fail(ErrorCode::kAuth, "ldap: user name or password too long");
    }
    auto conn = Connect();
    if (!conn) return Fail(conn.error());
    LDAP* ld = conn->get();

    if (auto bound = BindService(ld); !bound) return Fail(bound.error());

    std::string filter = ReplaceAll(config_.user_filter, "%s", EscapeLdapFilterValue(user));
    std::vector<std::string> attrs_owned = {config_.name_attribute};
    if (config_.group_base.empty()) attrs_owned.push_back(config_.group_attribute);
    auto found = Search(ld, config_.user_base, filter, attrs_owned, 2);
    if (!found) return Fail(found.error().WithContext("ldap: user search"));
    int count = ldap_count_entries(ld, found->get());
    if (count == 0) return Fail(ErrorCode::kAuth, "ldap: unknown user");
    if (count > 1) return Fail(ErrorCode::kAuth, "ldap: user filter matches several entries");
    LDAPMessage* entry = ldap_first_entry(ld, found->get());
    char* dn_raw = ldap_get_dn(ld, entry);
    if (dn_raw == nullptr) return Fail(ErrorCode::kInternal, "ldap: user entry without a DN");
    std::string dn = dn_raw;
    ldap_memfree(dn_raw);
    // An empty DN would turn the password check into an anonymous bind.
    if (dn.empty()) return Fail(ErrorCode::kInternal, "ldap: user entry with an empty DN");
    Identity identity;
    identity.dn = dn;
    auto names = Values(ld, entry, config_.name_attribute);
    identity.name = names.empty() ? std::string(user) : names.front();
    std::vector<std::string> groups;
    if (config_.group_base.empty()) groups = Values(ld, entry, config_.group_attribute);

    // The user bind is the password check.
    int rc = SimpleBind(ld, dn, password);
    if (rc == LDAP_INVALID_CREDENTIALS) return Fail(ErrorCode::kAuth, "ldap: wrong password");
    if (IsUnreachable(rc)) return Fail(ErrorCode::kNetwork, "ldap: user bind: " + LdapError(rc));
    if (rc != LDAP_SUCCESS) return Fail(ErrorCode::kAuth, "ldap: user bind: " + LdapError(rc));

    if (!config_.group_base.empty()) {
      // Group entries may not be readable by the user; search as the service account again.
      if (auto bound = BindService(ld); !bound) return Fail(bound.error());
      std::string group_filter = ReplaceAll(config_.group_filter, "%s", EscapeLdapFilterValue(dn));
      auto result = Search(ld, config_.group_base, group_filter, {"1.1"}, 0);
      if (!result) return Fail(result.error().WithContext("ldap: group search"));
      for (LDAPMessage* g = ldap_first_entry(ld, result->get()); g != nullptr;
           g = ldap_next_entry(ld, g)) {
        char* gdn = ldap_get_dn(ld, g);
        if (gdn == nullptr) continue;
        groups.emplace_back(gdn);
        ldap_memfree(gdn);
      }
    }
    return MapGroups(std::move(identity), groups);
  }

 private:
  Result<Connection> Connect() {
    LDAP* raw = nullptr;
    int rc = ldap_initialize(&raw, config_.url.c_str());
    Connection ld(raw);
    if (rc != LDAP_SUCCESS || !ld) {
      return Fail(ErrorCode::kInvalidInput, "ldap: bad url " + config_.url + ": " + LdapError(rc));
    }
    int version = LDAP_VERSION3;
    timeval tv{static_cast<time_t>(config_.timeout.count()), 0};
    int require_cert = LDAP_OPT_X_TLS_DEMAND;
    int new_ctx = 0;
    // Referrals would send the user's password to whatever server the directory names.
    bool ok =
        ldap_set_option(ld.get(), LDAP_OPT_PROTOCOL_VERSION, &version) == LDAP_OPT_SUCCESS &&
        ldap_set_option(ld.get(), LDAP_OPT_REFERRALS, LDAP_OPT_OFF) == LDAP_OPT_SUCCESS &&
        ldap_set_option(ld.get(), LDAP_OPT_NETWORK_TIMEOUT, &tv) == LDAP_OPT_SUCCESS &&
        ldap_set_option(ld.get(), LDAP_OPT_TIMEOUT, &tv) == LDAP_OPT_SUCCESS &&
        ldap_set_option(ld.get(), LDAP_OPT_X_TLS_REQUIRE_CERT, &require_cert) == LDAP_OPT_SUCCESS;
    if (ok && !config_.ca_file.empty()) {
      ok = ldap_set_option(ld.get(), LDAP_OPT_X_TLS_CACERTFILE, config_.ca_file.c_str()) ==
           LDAP_OPT_SUCCESS;
    }
    // Per-connection TLS options take effect only in a new TLS context.
    if (ok) ok = ldap_set_option(ld.get(), LDAP_OPT_X_TLS_NEWCTX, &new_ctx) == LDAP_OPT_SUCCESS;
    if (!ok) return Fail(ErrorCode::kInvalidInput, "ldap: cannot set connection options");
    if (config_.start_tls) {
      rc = ldap_start_tls_s(ld.get(), nullptr, nullptr);
      if (rc != LDAP_SUCCESS) {
        return Fail(ErrorCode::kNetwork,
                    "ldap: StartTLS with " + config_.url + ": " + LdapError(rc));
      }
    }
    return ld;
  }

  static int SimpleBind(LDAP* ld, const std::string& dn, std::string_view password) {
    berval cred{static_cast<ber_len_t>(password.size()), const_cast<char*>(password.data())};
    return ldap_sasl_bind_s(ld, dn.c_str(), LDAP_SASL_SIMPLE, &cred, nullptr, nullptr, nullptr);
  }

  Status BindService(LDAP* ld) {
    // An empty DN and password is an anonymous bind, which is what the config asked for.
    int rc = SimpleBind(ld, config_.bind_dn, config_.bind_password);
    if (rc == LDAP_SUCCESS) return Ok();
    std::string who = config_.bind_dn.empty() ? "anonymous" : config_.bind_dn;
    ErrorCode code = IsUnreachable(rc) ? ErrorCode::kNetwork : ErrorCode::kInternal;
    return Fail(code, "ldap: service bind as " + who + " to " + config_.url + ": " + LdapError(rc));
  }

  Result<Message> Search(LDAP* ld, const std::string& base, const std::string& filter,
                         const std::vector<std::string>& attributes, int size_limit) {
    std::vector<char*> attrs;
    for (const auto& a : attributes) {
      if (!a.empty()) attrs.push_back(const_cast<char*>(a.c_str()));
    }
    attrs.push_back(nullptr);
    timeval tv{static_cast<time_t>(config_.timeout.count()), 0};
    LDAPMessage* raw = nullptr;
    int rc = ldap_search_ext_s(ld, base.c_str(), LDAP_SCOPE_SUBTREE, filter.c_str(), attrs.data(),
                               0, nullptr, nullptr, &tv, size_limit, &raw);
    Message result(raw);
    // More than one match for a user is refused by the caller; the entries returned say so.
    if (rc == LDAP_SUCCESS || rc == LDAP_SIZELIMIT_EXCEEDED) {
      if (result) return result;
      return Fail(ErrorCode::kInternal, "ldap: search returned no result");
    }
    if (rc == LDAP_NO_SUCH_OBJECT) {
      return Fail(ErrorCode::kInvalidInput, "base " + base + " does not exist");
    }
    ErrorCode code = IsUnreachable(rc) ? ErrorCode::kNetwork : ErrorCode::kInternal;
    return Fail(code, "filter " + filter + ": " + LdapError(rc));
  }

  Result<Identity> MapGroups(Identity identity, const std::vector<std::string>& groups) {
    std::vector<std::string> member_of;
    for (const auto& g : groups) member_of.push_back(NormalizeDn(g));
    std::optional<Role> role;
    bool have_team = false;
    for (size_t i = 0; i < config_.groups.size(); ++i) {
      if (std::find(member_of.begin(), member_of.end(), normalized_groups_[i]) == member_of.end()) {
        continue;
      }
      const LdapGroupRule& rule = config_.groups[i];
      if (rule.role && (!role || *rule.role == Role::kAdmin)) role = rule.role;
      if (!have_team && !rule.team.empty()) {
        identity.team = rule.team;
        have_team = true;
      }
    }
    if (!role) role = config_.default_role;
    if (!role) return Fail(ErrorCode::kAuth, "ldap: " + identity.dn + " is in no authorised group");
    identity.role = *role;
    return identity;
  }

  const LdapConfig config_;
  std::vector<std::string> normalized_groups_;
};

}  // namespace

std::string EscapeLdapFilterValue(std::string_view value) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '*' || c == '(' || c == ')' || c == '\\' || c == '\0') {
      auto u = static_cast<unsigned char>(c);
      out += '\\';
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    } else {
      out += c;
    }
  }
  return out;
}

Result<std::unique_ptr<Authenticator>> MakeLdapAuthenticator(LdapConfig config) {
  auto invalid = [](std::string why) { return Fail(ErrorCode::kInvalidInput, "ldap: " + why); };
  if (config.url.empty()) return invalid("url is not set");
  bool ldaps = config.url.starts_with("ldaps://");
  if (!ldaps && !config.url.starts_with("ldap://"))
    return invalid("url must be ldap:// or ldaps://");
  if (ldaps && config.start_tls) return invalid("StartTLS on an ldaps:// url");
  if (config.user_base.empty()) return invalid("user_base is not set");
  if (config.user_filter.find("%s") == std::string::npos) return invalid("user_filter lacks %s");
  if (!config.group_base.empty() && config.group_filter.find("%s") == std::string::npos) {
    return invalid("group_filter lacks %s");
  }
  if (!config.bind_dn.empty() && config.bind_password.empty()) {
    return invalid("bind_dn without bind_password would be an unauthenticated bind");
  }
  if (config.timeout.count() <= 0) return invalid("timeout must be positive");
  for (const auto& rule : config.groups) {
    if (rule.group_dn.empty()) return invalid("group rule without a DN");
  }
  return std::unique_ptr<Authenticator>(std::make_unique<LdapAuthenticator>(std::move(config)));
}

}  // namespace vs::server::auth
