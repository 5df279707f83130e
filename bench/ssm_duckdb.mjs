// DuckDB reference for bench_ssm_ingest (issue 6 item 8): reads the same sync tree with
// read_json_auto + hive partitioning, joins the three types and groups packages by instance.
// Usage: node bench/ssm_duckdb.mjs DIR   (needs `npm ci` in tests/harness for @duckdb/node-api)
import { createRequire } from "node:module";

const require = createRequire(new URL("../tests/harness/package.json", import.meta.url));
const { DuckDBInstance } = await import(require.resolve("@duckdb/node-api"));

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node bench/ssm_duckdb.mjs DIR");
  process.exit(2);
}
// hive_types_autocast=false: account ids are 12-digit strings that may start with 0.
const src = (type) =>
  `read_json_auto('${dir}/${type}/*/*/*/*.json', hive_partitioning=true, ` +
  `hive_types_autocast=false, format='newline_delimited', union_by_name=true)`;
const sql = `
  WITH app AS (SELECT accountid, region, resourceId, count(*) AS n, max(Version) AS v
                 FROM ${src("AWS:Application")} WHERE Architecture <> '' GROUP BY ALL),
       info AS (SELECT accountid, region, resourceId, PlatformName, PlatformVersion, InstanceStatus
                  FROM ${src("AWS:InstanceInformation")}),
       tag AS (SELECT accountid, region, resourceId, "Value" AS asg
                 FROM ${src("AWS:Tag")} WHERE "Key" = 'aws:autoscaling:groupName')
  SELECT count(*) AS instances, sum(n) AS packages, count(DISTINCT asg) AS asgs
    FROM info LEFT JOIN app USING (accountid, region, resourceId)
              LEFT JOIN tag USING (accountid, region, resourceId)
   WHERE InstanceStatus <> 'Terminated'`;
const t0 = process.hrtime.bigint();
const conn = await (await DuckDBInstance.create(":memory:")).connect();
const reader = await conn.runAndReadAll(sql);
const t1 = process.hrtime.bigint();
const row = reader.getRowObjects()[0];
console.log(
  `duckdb: ${(Number(t1 - t0) / 1e9).toFixed(3)} s wall, ${row.instances} instances, ` +
    `${row.packages} packages, ${row.asgs} ASG names, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
);
