// Route handlers, grouped by file; routes.cpp lists them.
#pragma once

#include "server/context.h"

namespace vs::server {

// session.cpp
void LoginPage(Ctx& ctx);
void LoginPost(Ctx& ctx);
void LogoutPost(Ctx& ctx);

// api.cpp
void ApiFindings(Ctx& ctx);
void ApiAssets(Ctx& ctx);
void ApiAsset(Ctx& ctx);
void ApiAggregates(Ctx& ctx);
void ApiVulnerability(Ctx& ctx);
void ApiSources(Ctx& ctx);
void ApiOpenapi(Ctx& ctx);

// ingest.cpp
void ApiImport(Ctx& ctx);
void VulsPost(Ctx& ctx);

// metrics.cpp
void Healthz(Ctx& ctx);
void Metrics(Ctx& ctx);

// pages.cpp and pages_*.cpp
void StaticCss(Ctx& ctx);
void OverviewPage(Ctx& ctx);
void FindingsPage(Ctx& ctx);
void FindingsExport(Ctx& ctx);
void VulnerabilityPage(Ctx& ctx);
void AssetsPage(Ctx& ctx);
void AssetPage(Ctx& ctx);
void SourcesPage(Ctx& ctx);
void AdminUsersPage(Ctx& ctx);
void AdminUsersPost(Ctx& ctx);
void AdminTokensPage(Ctx& ctx);
void AdminTokensPost(Ctx& ctx);
void AdminSuppressionsPage(Ctx& ctx);
void AdminSuppressionsPost(Ctx& ctx);
void AdminAuditPage(Ctx& ctx);

}  // namespace vs::server
