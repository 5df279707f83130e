#include "parsers/github_api.h"

#include <simdjson.h>

namespace vs::parsers {

Result<std::vector<GithubRepo>> ParseGithubRepoList(std::string_view bytes) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(bytes);
  simdjson::dom::element doc;
  if (auto error = parser.parse(padded).get(doc); error != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidInput,
                std::string("github repos: not JSON: ") + simdjson::error_message(error));
  }
  simdjson::dom::array repos;
  if (doc.get_array().get(repos) != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidInput, "github repos: expected a JSON array");
  }
  std::vector<GithubRepo> out;
  for (simdjson::dom::element e : repos) {
    simdjson::dom::object repo;
    if (e.get_object().get(repo) != simdjson::SUCCESS) continue;
    GithubRepo r;
    std::string_view full_name, name, login;
    if (repo["full_name"].get_string().get(full_name) == simdjson::SUCCESS) {
      r.full_name = std::string(full_name);
    } else if (repo["name"].get_string().get(name) == simdjson::SUCCESS &&
               repo["owner"]["login"].get_string().get(login) == simdjson::SUCCESS) {
      r.full_name = std::string(login) + "/" + std::string(name);
    }
    if (r.full_name.empty() || r.full_name.find('/') == std::string::npos) continue;
    bool archived = false;
    if (repo["archived"].get_bool().get(archived) == simdjson::SUCCESS) r.archived = archived;
    out.push_back(std::move(r));
  }
  return out;
}

std::string GithubErrorMessage(std::string_view bytes) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(bytes);
  simdjson::dom::element doc;
  std::string_view message;
  if (parser.parse(padded).get(doc) != simdjson::SUCCESS ||
      doc["message"].get_string().get(message) != simdjson::SUCCESS) {
    return {};
  }
  return std::string(message);
}

}  // namespace vs::parsers
