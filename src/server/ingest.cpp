// Token-authenticated ingestion: report uploads from pipelines (POST /api/v1/import) and the
// Vuls server protocol (POST /vuls).
#include <nlohmann/json.hpp>

#include "collectors/report_import.h"
#include "collectors/vuls.h"
#include "core/time.h"
#include "match/evaluator.h"
#include "server/handlers.h"

namespace vs::server {
namespace {

using nlohmann::ordered_json;

Result<store::RunSummary> Apply(Ctx& ctx, const model::Collection& c) {
  Result<std::shared_ptr<const match::Engine>> engine = ctx.app.Engine();
  if (!engine) return Fail(engine.error());
  return ctx.store.ApplyCollection(c, match::MakeEvaluator(**engine), ctx.app.options().ownership);
}

}  // namespace

void ApiImport(Ctx& ctx) {
  collectors::ImportOptions opts;
  opts.asset = ctx.Param("asset");
  if (!ctx.Param("kind").empty()) opts.kind = ctx.Param("kind");
  opts.team = ctx.Param("team");
  opts.os = ctx.Param("os");
  // A team-bound token can only write its own team's assets.
  if (!ctx.who.ScopeTeam().empty()) opts.team = ctx.who.ScopeTeam();
  std::string name = ctx.Param("name").empty() ? "upload" : ctx.Param("name");
  std::string_view body = ctx.req.body;
  std::string part;  // The uploaded file's bytes (get_file_value returns a copy).
  if (ctx.req.is_multipart_form_data()) {
    if (!ctx.req.has_file("file")) return ctx.Error(400, "multipart upload needs a 'file' part");
    httplib::MultipartFormData f = ctx.req.get_file_value("file");
    if (!f.filename.empty()) name = f.filename;
    part = std::move(f.content);
    body = part;
  }
  if (body.empty()) return ctx.Error(400, "empty body: send the report as the request body");
  Result<model::Collection> c = collectors::CollectionFromDocument(name, body, opts);
  if (!c) return ctx.Error(400, c.error().message);
  Result<store::RunSummary> r = Apply(ctx, *c);
  if (!r) return ctx.Error(500, "nothing stored: " + r.error().message);
  ctx.app.InvalidateAggregates();
  ctx.Audit("import", name + " (" + c->stats["format"] + ")");
  ordered_json j{
      {"run_id", r->run_id},     {"status", r->status},     {"format", c->stats["format"]},
      {"assets", r->assets},     {"packages", r->packages}, {"opened", r->opened},
      {"resolved", r->resolved}, {"reopened", r->reopened}, {"warnings", c->warnings}};
  ctx.Json(200, j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
}

void VulsPost(Ctx& ctx) {
  collectors::VulsHeaders headers;
  for (const auto& [k, v] : ctx.req.headers) headers[k] = v;
  Result<model::AssetReport> rep = collectors::ParseVulsPush(headers, ctx.req.body);
  if (!rep) return ctx.Error(400, rep.error().message);
  if (!ctx.who.ScopeTeam().empty()) rep->asset.team = ctx.who.ScopeTeam();
  model::Collection c;
  c.source = "vuls";
  c.assets.push_back(*rep);
  c.asset_scopes.push_back("");
  Result<std::shared_ptr<const match::Engine>> engine = ctx.app.Engine();
  if (!engine) return ctx.Error(503, engine.error().message);
  store::Evaluator ev = match::MakeEvaluator(**engine);
  Result<store::RunSummary> r = ctx.store.ApplyCollection(c, ev, ctx.app.options().ownership);
  if (!r) return ctx.Error(500, "nothing stored: " + r.error().message);
  ctx.app.InvalidateAggregates();
  // The answer is the host's findings, as a Vuls server would return them.
  std::vector<model::Finding> findings = ev.match(rep->asset, rep->packages);
  ctx.Json(200, collectors::RenderVulsResult(*rep, findings, NowRfc3339()));
}

}  // namespace vs::server
