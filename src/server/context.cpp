#include "server/context.h"

#include <cstdlib>

#include "core/time.h"
#include "server/auth/csrf.h"
#include "server/templates.h"

namespace vs::server {
namespace {

std::string_view FindTemplate(std::string_view name) {
  for (const TemplateFile& f : TemplateFiles())
    if (f.name == name) return f.text;
  return {};
}

// Response::set_content without copying the body (responses are up to megabytes).
void SetBody(httplib::Response& res, std::string body, const char* content_type) {
  res.body = std::move(body);
  res.headers.erase("Content-Type");
  res.set_header("Content-Type", content_type);
}

void SplitInto(const std::string& value, std::vector<std::string>& out) {
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find(',', start);
    if (end == std::string::npos) end = value.size();
    std::string part = value.substr(start, end - start);
    while (!part.empty() && part.front() == ' ') part.erase(part.begin());
    while (!part.empty() && part.back() == ' ') part.pop_back();
    if (!part.empty()) out.push_back(part);
    start = end + 1;
  }
}

}  // namespace

std::string Ctx::Param(const std::string& name) const {
  return req.has_param(name.c_str()) ? req.get_param_value(name.c_str()) : std::string();
}

std::string Ctx::CsrfToken() const {
  if (who.csrf_secret.empty()) return "";
  return auth::MaskCsrfToken(who.csrf_secret).value_or("");
}

void Ctx::Html(int status, std::string body) {
  res.status = status;
  SetBody(res, std::move(body), "text/html; charset=utf-8");
}

void Ctx::Json(int status, std::string body) {
  res.status = status;
  SetBody(res, std::move(body), "application/json");
}

void Ctx::Text(int status, std::string body, const char* content_type) {
  res.status = status;
  SetBody(res, std::move(body), content_type);
}

void Ctx::Redirect(const std::string& location) {
  // Only local paths: a `next=` parameter must not send users to another site.
  std::string target = location;
  if (target.empty() || target[0] != '/' ||
      (target.size() > 1 && (target[1] == '/' || target[1] == '\\')))
    target = "/";
  res.status = 303;
  res.set_header("Location", target);
}

void Ctx::Error(int status, const std::string& message) {
  bool api = req.path.rfind("/api/", 0) == 0 || req.path == "/vuls" || req.path == "/metrics" ||
             req.get_header_value("Accept").find("application/json") != std::string::npos;
  if (api) {
    std::string escaped;
    for (char c : message) {
      if (c == '"' || c == '\\') escaped += '\\';
      if (static_cast<unsigned char>(c) >= 0x20) escaped += c;
    }
    Json(status, "{\"error\":\"" + escaped + "\",\"request_id\":\"" + request_id + "\"}");
    return;
  }
  mstch::map data{
      {"status", std::to_string(status)}, {"message", message}, {"request_id", request_id}};
  Html(status, RenderPage(*this, "error", "Error " + std::to_string(status), data));
}

void Ctx::Audit(const std::string& action, const std::string& detail) {
  (void)store.Audit(store::AuditEntry{0, NowRfc3339(), who.name.empty() ? "-" : who.name, action,
                                      detail, client});
}

Result<store::FindingQuery> FindingQueryFromParams(const Ctx& ctx) {
  store::FindingQuery q;
  q.vulnerability = ctx.Param("cve");
  q.exploit = ctx.Param("exploit");
  for (size_t i = 0; i < ctx.req.get_param_value_count("severity"); ++i)
    SplitInto(ctx.req.get_param_value("severity", i), q.severities);
  q.repo = ctx.Param("repo");
  q.account = ctx.Param("account");
  q.instance = ctx.Param("instance");
  q.image = ctx.Param("image");
  q.namespace_ = ctx.Param("namespace");
  q.team = ctx.Param("team");
  q.package = ctx.Param("package");
  q.ecosystem = ctx.Param("ecosystem");
  q.source = ctx.Param("source");
  for (size_t i = 0; i < ctx.req.get_param_value_count("status"); ++i)
    SplitInto(ctx.req.get_param_value("status", i), q.statuses);
  q.kind = ctx.Param("kind");
  q.asset = ctx.Param("asset");
  std::string fix = ctx.Param("fix");
  if (fix == "yes")
    q.fix_available = true;
  else if (fix == "no")
    q.fix_available = false;
  else if (!fix.empty())
    return Fail(ErrorCode::kInvalidInput, "fix must be yes or no");
  std::string epss = ctx.Param("epss");
  if (!epss.empty()) {
    char* end = nullptr;
    double v = std::strtod(epss.c_str(), &end);
    if (end == epss.c_str() || *end != '\0' || v < 0 || v > 1)
      return Fail(ErrorCode::kInvalidInput, "epss must be a number between 0 and 1");
    q.epss_min = v;
  }
  q.since = ctx.Param("since");
  std::string sort = ctx.Param("sort");
  if (!sort.empty()) q.sort = sort;
  q.ascending = ctx.Param("order") == "asc";
  std::string limit = ctx.Param("limit");
  if (!limit.empty()) {
    q.limit = std::atoi(limit.c_str());
    if (q.limit <= 0 || q.limit > 10000)
      return Fail(ErrorCode::kInvalidInput, "limit must be between 1 and 10000");
  }
  q.after = ctx.Param("after");
  q.scope_team = ctx.who.ScopeTeam();
  return q;
}

namespace {

// mstch parses every partial it is given on every render: pass them only to a template that
// uses one.
std::string Render(std::string_view tmpl, const mstch::node& root) {
  if (tmpl.find("{{>") == std::string_view::npos) return mstch::render(std::string(tmpl), root);
  std::map<std::string, std::string> partials;
  for (const TemplateFile& f : TemplateFiles())
    partials.emplace(std::string(f.name), std::string(f.text));
  return mstch::render(std::string(tmpl), root, partials);
}

}  // namespace

std::string RenderPage(const Ctx& ctx, const std::string& name, const std::string& title,
                       mstch::node data) {
  mstch::node root = mstch::map{};
  auto& page = boost::get<mstch::map>(root);
  if (auto* m = boost::get<mstch::map>(&data)) page = std::move(*m);
  page["title"] = title;
  page["user"] = ctx.who.name;
  page["role"] = ctx.who.role;
  page["team"] = ctx.who.team;
  page["is_admin"] = ctx.who.admin();
  page["logged_in"] = !ctx.who.name.empty();
  page["csrf"] = ctx.CsrfToken();
  page["request_id"] = ctx.request_id;
  std::string body = Render(FindTemplate(name), root);
  page["content"] = std::move(body);
  return Render(FindTemplate("layout"), root);
}

std::string EscapeHtml(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace vs::server
