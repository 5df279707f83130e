// Dependabot alert ingest benchmark: alerts per second through ParseDependabotAlerts plus
// AssembleGithubCollection (what `collect github` does with each page once it has arrived),
// network excluded. The pages are what tests/fakes/github serves: GitHub's own example alerts
// (OpenAPI examples and the formats fixtures in tests/testdata/parsers/dependabot_alerts),
// renumbered and spread over REPOS repositories, 100 alerts per page, serialised compactly as
// the API does. In the same run it measures the limit: simdjson's DOM parse of the same pages
// (no extraction). Best of 3.
//
//   bench_github_ingest [ALERTS=20000] [REPOS=500]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include "bench/common.h"
#include "collectors/github.h"
#include "parsers/dependabot_alerts.h"

using vs::bench::Now;

namespace {

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "missing %s\n", path.c_str());
    std::exit(1);
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

int main(int argc, char** argv) {
  const size_t alerts = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 20000;
  const size_t repos = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 500;
  const size_t per_page = 100;

  // Templates: every org-endpoint alert of the test inputs (5 alerts, 4 ecosystems/states).
  std::vector<nlohmann::json> templates;
  const std::string dir = std::string(VS_SOURCE_DIR) + "/tests/testdata/parsers/dependabot_alerts/";
  for (const char* name : {"openapi_org.json", "org_page1.json", "org_page2.json"}) {
    for (const nlohmann::json& a : nlohmann::json::parse(Read(dir + name))) templates.push_back(a);
  }

  std::vector<std::string> pages;
  size_t bytes = 0;
  for (size_t start = 0; start < alerts; start += per_page) {
    nlohmann::json page = nlohmann::json::array();
    for (size_t i = start; i < std::min(alerts, start + per_page); ++i) {
      nlohmann::json a = templates[i % templates.size()];
      const std::string name = "repo-" + std::to_string(i % repos);
      const std::string full = "octo-org/" + name;
      a["number"] = i + 1;
      a["html_url"] =
          "https://github.com/" + full + "/security/dependabot/" + std::to_string(i + 1);
      a["url"] =
          "https://api.github.com/repos/" + full + "/dependabot/alerts/" + std::to_string(i + 1);
      a["repository"]["name"] = name;
      a["repository"]["full_name"] = full;
      a["repository"]["html_url"] = "https://github.com/" + full;
      page.push_back(std::move(a));
    }
    pages.push_back(page.dump());
    bytes += pages.back().size();
  }
  std::printf("pages: %zu of up to %zu alerts, %zu alerts over %zu repositories, %.1f MB\n",
              pages.size(), per_page, alerts, repos, bytes / 1e6);

  double best_limit = 1e9, best_ours = 1e9;
  size_t ingested = 0, assets = 0;
  for (int run = 0; run < 3; ++run) {
    double t0 = Now();
    simdjson::dom::parser parser;
    size_t elements = 0;
    for (const std::string& p : pages) {
      simdjson::dom::element doc;
      if (parser.parse(p).get(doc) != simdjson::SUCCESS) return 1;
      elements += doc.get_array().size();
    }
    best_limit = std::min(best_limit, Now() - t0);
    if (elements != alerts) return 1;

    t0 = Now();
    std::vector<vs::model::Batch> batches;
    batches.reserve(pages.size());
    for (const std::string& p : pages) {
      vs::Result<vs::model::Batch> b = vs::parsers::ParseDependabotAlerts(p);
      if (!b) {
        std::fprintf(stderr, "%s\n", b.error().message.c_str());
        return 1;
      }
      batches.push_back(std::move(*b));
    }
    vs::model::Collection c =
        vs::collectors::AssembleGithubCollection("octo-org", std::move(batches));
    best_ours = std::min(best_ours, Now() - t0);
    ingested = std::stoul(c.stats["alerts"]);
    assets = c.assets.size();
  }
  if (ingested != alerts) {
    std::fprintf(stderr, "ingested %zu of %zu alerts\n", ingested, alerts);
    return 1;
  }
  std::printf("limit (simdjson DOM parse only): %.3f s  %.0f alerts/s  %.0f MB/s\n", best_limit,
              alerts / best_limit, bytes / 1e6 / best_limit);
  std::printf("ours (parse + assemble, %zu assets): %.3f s  %.0f alerts/s  %.0f MB/s\n", assets,
              best_ours, alerts / best_ours, bytes / 1e6 / best_ours);
  std::printf("ratio ours/limit time: %.2fx\n", best_ours / best_limit);
  return 0;
}
