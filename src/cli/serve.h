// `vulnscope serve`, and `user` / `token` administration of the dashboard's accounts.
#pragma once

#include "cli/commands.h"
#include "config/config.h"
#include "core/result.h"
#include "server/app.h"

namespace vs::cli {

void AddServe(CLI::App& app, GlobalOptions& global);

// ServeOptions from the [server] and [ldap] tables (plus the whole config, for the scheduler);
// `serve` then applies the flags given on its command line. Errors: kInvalidInput for
// auth = ["ldap"] without [ldap], or an LDAP password variable that is not set.
Result<server::ServeOptions> ServeOptionsFrom(const config::Config& cfg);
void AddUser(CLI::App& app, GlobalOptions& global);
void AddToken(CLI::App& app, GlobalOptions& global);

}  // namespace vs::cli
