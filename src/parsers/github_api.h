// Small GitHub REST payloads the github collector needs besides the alerts themselves: the
// organisation repository list and the `message` of an error body. Pure, like every parser;
// not a registered format (nobody imports these files).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vs::parsers {

struct GithubRepo {
  std::string full_name;  // "owner/name".
  bool archived = false;  // Read-only: its settings cannot be changed.
  bool operator==(const GithubRepo&) const = default;
};

// Parses a page of GET /orgs/{org}/repos (an array of minimal-repository objects). Entries
// without a full_name (or owner.login + name) are skipped. Fails (kInvalidInput) when the body
// is not a JSON array.
Result<std::vector<GithubRepo>> ParseGithubRepoList(std::string_view bytes);

// The `message` of a GitHub error body ({"message": "Bad credentials", …}), or "" when the
// body is not such an object.
std::string GithubErrorMessage(std::string_view bytes);

}  // namespace vs::parsers
