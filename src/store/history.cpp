// Finding history (finding_events) of one asset, for the asset page.
#include "store/sql_ops.h"

namespace vs::store::ops {

using sql::Connection;

Result<std::vector<FindingEvent>> FindingHistory(Connection& db, int64_t asset_id, int limit) {
  Result<std::unique_ptr<sql::Statement>> q = db.Prepare(
      "SELECT e.finding_id, e.at, e.state, e.reason, COALESCE(e.run_id, 0), f.vulnerability_id, "
      "f.package, f.version FROM finding_events e JOIN findings f ON f.id = e.finding_id "
      "WHERE f.asset_id = ? ORDER BY e.at DESC, e.finding_id DESC LIMIT ?");
  if (!q) return Fail(q.error());
  (*q)->Bind(1, asset_id).Bind(2, int64_t{limit});
  std::vector<FindingEvent> out;
  for (;;) {
    Result<bool> row = (*q)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    const sql::Statement& s = **q;
    out.push_back(FindingEvent{s.Int(0), std::string(s.Text(1)), std::string(s.Text(2)),
                               std::string(s.Text(3)), s.Int(4), std::string(s.Text(5)),
                               std::string(s.Text(6)), std::string(s.Text(7))});
  }
  return out;
}

}  // namespace vs::store::ops
