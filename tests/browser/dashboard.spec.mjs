// Browser tests of the dashboard: a real `vulnscope serve` on 127.0.0.1, seeded through the
// CLI with the real advisory subset of tests/testdata/e2e and real inventories, driven by
// playwright-core with Debian's Chromium (/usr/bin/chromium; docs: shared stack.md §5d, §7).
//
// Run: node tests/browser/dashboard.spec.mjs (CTest `browser_tests` passes the paths below).
//   VS_BINARY        the vulnscope binary (default build/src/cli/vulnscope)
//   VS_SOURCE_DIR    the repository (default: two folders up from this file)
//   VS_ARTIFACTS_DIR screenshots and server logs (default build/test-artifacts/browser)
//   VS_CHROMIUM      the browser (default /usr/bin/chromium)
// Missing Chromium or playwright-core is a failure, never a skip.
//
// Pages are being reworked while these tests exist, so elements are found by form field
// names (name="cve", name="exploit", …), link targets and table text, never by layout.

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import {
  cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";

const SRC = resolve(process.env.VS_SOURCE_DIR ?? join(dirname(fileURLToPath(import.meta.url)), "../.."));
const BIN = resolve(process.env.VS_BINARY ?? join(SRC, "build/src/cli/vulnscope"));
const ARTIFACTS = resolve(process.env.VS_ARTIFACTS_DIR ?? join(SRC, "build/test-artifacts/browser"));
const CHROMIUM = process.env.VS_CHROMIUM ?? "/usr/bin/chromium";
const E2E = join(SRC, "tests/testdata/e2e");
const PARSERS = join(SRC, "tests/testdata/parsers");

// Loud preconditions: a missing tool fails the run with the fix in the message.
assert.ok(existsSync(BIN), `vulnscope binary not found at ${BIN} (build it, or set VS_BINARY)`);
assert.ok(existsSync(CHROMIUM), `${CHROMIUM} missing: install Debian's chromium (scripts/install-deps)`);
const harnessRequire = createRequire(join(SRC, "tests/harness/package.json"));
let chromium;
try {
  ({ chromium } = harnessRequire("playwright-core"));
} catch (e) {
  assert.fail(`playwright-core missing: run \`npm ci\` in tests/harness (${e.message})`);
}

// Hostile strings stored through the normal import path; they must come back as text.
const HOSTILE_ASSET = "<img src=x onerror=alert(1)>";
const HOSTILE_TEAM = "<script>alert(2)</script>";
const HOSTILE_PACKAGE = '"><svg onload=alert(3)>';

// Seeded assets (see seed()).
const ROCKY_ACCOUNT = "210987654321";
const ROCKY_REGION = "eu-west-1";
const ROCKY_INSTANCE = "i-0a1b2c3d4e5f60718";
const ROCKY_NAME = "build-runner-rocky9";
const ADMIN = "browser-admin";
const ADMIN_PASSWORD = "correct horse battery staple 42";

const W = mkdtempSync(join(tmpdir(), "vs-browser-"));
const DB = join(W, "vulnscope.db");
const CONFIG = join(W, "vulnscope.toml");
let server; // { proc, port, base }
let browser;
let shotCount = 0;
const log = [];

function cli(args, input) {
  const r = spawnSync(BIN, ["--db", DB, "--config", CONFIG, ...args], {
    input,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, NO_PROXY: "*", no_proxy: "*" },
  });
  log.push(`$ vulnscope ${args.join(" ")}\n${(r.stdout ?? "").slice(0, 2000)}${r.stderr ?? ""}`);
  assert.equal(r.status, 0, `vulnscope ${args.join(" ")} failed (${r.status}):\n${r.stderr}${r.error ?? ""}`);
  return r.stdout;
}

// The CLI's answer to the same filters: the page must show exactly these findings.
function cliSearch(flags) {
  return JSON.parse(cli(["search", "--format", "json", "--limit", "10000", ...flags]));
}

// A Resource Data Sync tree: the project's fixture tree plus one Rocky Linux 9 node in a second
// account whose AWS:Application objects are the real `rpm -qa` of the rockylinux:9 image
// (go-rpmdb's CSV), written the way the SSM agent's rpm gatherer does (as in
// tests/fakes/athena/sync_tree.h). Rocky Linux falls back to the AlmaLinux:9 advisories.
function writeSyncTree(root) {
  cpSync(join(SRC, "tests/testdata/collectors/ssm/sync"), root, { recursive: true });
  const capture = "2024-05-01T03:00:12Z";
  const put = (type, body) => {
    const dir = join(root, type, `accountid=${ROCKY_ACCOUNT}`, `region=${ROCKY_REGION}`,
                     "resourcetype=ManagedInstanceInventory");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${ROCKY_INSTANCE}.json`), body);
  };
  put("AWS:InstanceInformation", JSON.stringify({
    AgentType: "amazon-ssm-agent", ComputerName: "ip-10-1-0-9", InstanceId: ROCKY_INSTANCE,
    InstanceStatus: "Active", IpAddress: "10.1.0.9", PlatformName: "Rocky Linux",
    PlatformType: "Linux", PlatformVersion: "9.3", ResourceType: "EC2Instance",
    resourceId: ROCKY_INSTANCE, captureTime: capture, schemaVersion: "1.0" }) + "\n");
  put("AWS:Tag", [["Name", ROCKY_NAME], ["Env", "ci"]]
    .map(([Key, Value]) => JSON.stringify({
      Key, Value, resourceId: ROCKY_INSTANCE, captureTime: capture, schemaVersion: "1.0" }))
    .join("\n") + "\n");
  const lines = readFileSync(join(E2E, "rockylinux9.csv"), "utf8").trim().split("\n").slice(1);
  const apps = [];
  for (const line of lines) {
    const f = line.split(","); // epoch,name,version,release,arch,sourcerpm,size,license,vendor,…
    if (f.length < 9) continue;
    apps.push(JSON.stringify({ Name: f[1], Publisher: f[8], Version: f[2], Release: f[3], Epoch: f[0],
      Architecture: f[4], PackageId: f[5], resourceId: ROCKY_INSTANCE, captureTime: capture,
      schemaVersion: "1.1" }));
  }
  assert.ok(apps.length > 100, "rockylinux9.csv should list the image's packages");
  put("AWS:Application", apps.join("\n") + "\n");
}

// A CycloneDX SBOM with a vulnerable PyPI package (Django 3.0.14, from pygoat's requirements)
// and a package whose name is markup.
function writeHostileSbom(path) {
  writeFileSync(path, JSON.stringify({
    bomFormat: "CycloneDX", specVersion: "1.4", version: 1,
    metadata: { component: { type: "application", name: HOSTILE_ASSET, version: "1.0" } },
    components: [
      { type: "library", name: "Django", version: "3.0.14", purl: "pkg:pypi/django@3.0.14" },
      { type: "library", name: HOSTILE_PACKAGE, version: "1.0.0",
        purl: `pkg:npm/${encodeURIComponent(HOSTILE_PACKAGE)}@1.0.0` },
    ],
  }, null, 2));
}

function seed() {
  // Account ownership from the config file, the way an operator assigns teams.
  writeFileSync(CONFIG, [
    "[[ownership]]", `account = "${ROCKY_ACCOUNT}"`, 'team = "platform"',
    "[[ownership]]", 'account = "123456789012"', 'team = "web"', ""].join("\n"));
  cli(["db", "import", ...["almalinux9-subset.jsonl.gz", "pypa-subset.jsonl.gz",
    "go-vulndb-subset.jsonl.gz", "ghsa-curated.jsonl.gz", "kev-subset.json", "poc-subset.csv",
    "exploitdb-map-subset.json"].map((f) => join(E2E, f))]);
  writeSyncTree(join(W, "sync"));
  cli(["collect", "ssm", "--from", join(W, "sync")]);
  cli(["import", "--kind", "repository", "--asset", "pygoat", "--team", "appsec",
       join(E2E, "pygoat-2021-04-requirements.txt")]);
  cli(["import", "--kind", "repository", "--asset", "caddy", "--team", "edge",
       join(E2E, "caddy-v2.0.0-go.sum")]);
  cli(["import", "--team", "images", join(PARSERS, "trivy_json/debian-buster.json")]);
  // kube-trivy-exporter series + kube-state-metrics pods: images with their namespaces.
  cli(["import", "--team", "shop", join(PARSERS, "prometheus_text/exporter_with_kube_state_metrics.txt")]);
  writeHostileSbom(join(W, "hostile.cdx.json"));
  cli(["import", "--kind", "repository", "--asset", HOSTILE_ASSET, "--team", HOSTILE_TEAM,
       join(W, "hostile.cdx.json")]);
  cli(["user", "add", ADMIN, "--role", "admin", "--password-stdin"], ADMIN_PASSWORD + "\n");
}

function startServer() {
  return new Promise((resolveStart, rejectStart) => {
    const proc = spawn(BIN, ["--db", DB, "--config", CONFIG, "serve", "--listen", "127.0.0.1:0"], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NO_PROXY: "*", no_proxy: "*" },
    });
    let err = "";
    const timer = setTimeout(() => rejectStart(new Error(`serve did not start in 15 s:\n${err}`)), 15_000);
    proc.stderr.on("data", (d) => {
      err += d;
      const m = /serving on http:\/\/127\.0\.0\.1:(\d+)/.exec(err);
      if (m && !server) {
        clearTimeout(timer);
        server = { proc, port: Number(m[1]), base: `http://127.0.0.1:${m[1]}`, log: () => err };
        resolveStart();
      }
    });
    proc.stdout.on("data", (d) => { err += d; });
    proc.on("exit", (code) => {
      if (!server) {
        clearTimeout(timer);
        rejectStart(new Error(`serve exited with ${code}:\n${err}`));
      }
    });
  });
}

async function stopServer() {
  if (!server || server.proc.exitCode !== null) return;
  const exited = new Promise((r) => server.proc.once("exit", r));
  server.proc.kill("SIGTERM"); // By pid: the child we spawned.
  const t = setTimeout(() => server.proc.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(t);
}

// Full-page screenshots, except of long tables (a 100-row page costs seconds to capture).
async function shot(page, name) {
  shotCount += 1;
  const tall = await page.evaluate(() => document.documentElement.scrollHeight > 2700);
  const file = `${String(shotCount).padStart(2, "0")}-${name}.png`;
  await page.screenshot({ path: join(ARTIFACTS, file), fullPage: !tall });
}

// A page that records what must never happen: dialogs (alert from injected markup), uncaught
// page errors and console errors (a CSP report of a blocked inline script lands there too).
async function watchedPage(context) {
  const page = await context.newPage();
  page.incidents = [];
  page.on("dialog", async (d) => {
    page.incidents.push(`dialog ${d.type()}: ${d.message()}`);
    await d.dismiss();
  });
  page.on("pageerror", (e) => page.incidents.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    // Expected HTTP errors only: the browser's own favicon probe and the deliberate failed login.
    const url = m.location().url ?? "";
    const path = new URL(url, server.base).pathname;
    if (/status of (401|404)/.test(m.text()) && /^\/(favicon\.ico|login)$/.test(path)) return;
    if (m.type() === "error") page.incidents.push(`console error: ${m.text()} (${m.location().url})`);
  });
  return page;
}

async function submitLogin(page) {
  await Promise.all([page.waitForNavigation(),
                     page.locator('form:has([name="password"]) [type="submit"]').click()]);
}

async function login(page) {
  await page.goto(`${server.base}/findings`);
  assert.match(new URL(page.url()).pathname, /^\/login/, "an anonymous visit is sent to the login page");
  await page.locator('input[name="username"]').fill(ADMIN);
  await page.locator('input[name="password"]').fill(ADMIN_PASSWORD);
  await submitLogin(page);
  assert.equal(new URL(page.url()).pathname, "/findings", "login returns to the page asked for");
}

// Rows of the results table (rows carrying a vulnerability link), as their text.
async function findingRows(page) {
  return page.$$eval('tr:has(a[href^="/vulnerabilities/"])', (trs) =>
    trs.map((tr) => Array.from(tr.cells, (c) => c.innerText.trim()).join(" | ")));
}

// Rows of every page of results, following the pager's links (the `after` cursor in the URL).
async function allFindingRows(page) {
  const rows = [];
  for (let n = 0; n < 20; n += 1) {
    rows.push(...(await findingRows(page)));
    const next = page.locator('a[href^="/findings?"][href*="after="]');
    if ((await next.count()) === 0) return rows;
    await Promise.all([page.waitForNavigation(), next.first().click()]);
  }
  assert.fail("more than 20 pages of findings");
}

// The table must list exactly the CLI's findings for the same filters.
function assertSameFindings(rows, expected, what) {
  assert.equal(rows.length, expected.length,
    `${what}: the page shows ${rows.length} rows, \`vulnscope search\` ${expected.length}:\n${rows.join("\n")}`);
  const left = [...rows];
  for (const f of expected) {
    const i = left.findIndex((r) => r.includes(f.vulnerability_id) && r.includes(f.package.name) &&
                                    r.includes(f.asset.name));
    assert.ok(i >= 0, `${what}: no row for ${f.vulnerability_id} ${f.package.name} on ` +
                      `${f.asset.name}:\n${left.join("\n")}`);
    left.splice(i, 1);
  }
}

// Fills one filter of the findings form and submits it with the form's own button.
async function applyFilter(page, name, value) {
  await page.goto(`${server.base}/findings`);
  const field = page.locator(`form [name="${name}"]`);
  assert.equal(await field.count(), 1, `the findings form has one field named ${name}`);
  if ((await field.evaluate((e) => e.tagName)) === "SELECT") await field.selectOption(value);
  else await field.fill(value);
  await Promise.all([page.waitForNavigation(),
                     page.locator(`form:has([name="${name}"]) [type="submit"]`).first().click()]);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get(name), value, `the ${name} filter lives in the URL`);
  assert.equal(await field.inputValue(), value, `the form shows the ${name} filter back`);
}

let context;
let page;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // Screenshots of an earlier run would pass for this run's.
  for (const f of readdirSync(ARTIFACTS)) if (/^\d\d-.*\.png$/.test(f)) rmSync(join(ARTIFACTS, f));
  seed();
  await startServer();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Flags of stack.md §5d: no sandbox (root in CI), nothing that phones home.
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  page = await watchedPage(context);
});

after(async () => {
  await browser?.close();
  await stopServer();
  if (server) writeFileSync(join(ARTIFACTS, "serve.log"), server.log());
  writeFileSync(join(ARTIFACTS, "seed.log"), log.join("\n"));
  rmSync(W, { recursive: true, force: true });
});

test("login: anonymous users are sent to /login, and an admin gets in", async () => {
  await page.goto(`${server.base}/login`);
  await shot(page, "login");
  // A wrong password keeps the user out.
  await page.locator('input[name="username"]').fill(ADMIN);
  await page.locator('input[name="password"]').fill("not the password at all");
  await submitLogin(page);
  assert.match(new URL(page.url()).pathname, /^\/login/);
  assert.equal(await page.locator('input[name="password"]').count(), 1);
  await login(page);
  assert.ok((await page.locator("body").innerText()).includes(ADMIN), "the signed-in user is shown");
  await shot(page, "findings-all");
});

// Each of the eight filters of the original platform, seeded so that each has a known,
// non-empty answer taken from the real data.
const FILTERS = [
  // ALSA-2024:1530 fixes CVE-2023-52425 in expat; the rockylinux:9 image has 2.5.0-1.el9.
  { name: "cve", value: "CVE-2023-52425", flags: ["--cve", "CVE-2023-52425"],
    expect: [["CVE-2023-52425", "expat", ROCKY_NAME]] },
  // CVE-2020-11023 (gcc/libgcc via ALSA-2025:1346) is in the CISA KEV subset.
  { name: "exploit", value: "kev", flags: ["--exploit", "kev"],
    expect: [["CVE-2020-11023", "libgcc", ROCKY_NAME]] },
  // Trivy rates CVE-2019-18224 (libidn2-0) in the debian-buster image critical.
  { name: "severity", value: "critical", flags: ["--severity", "critical"],
    expect: [["CVE-2019-18224", "libidn2-0", "debian-buster"]] },
  // Django 3.0.14 from pygoat's requirements.txt: admindocs directory traversal, fixed in 3.1.12.
  { name: "repo", value: "pygoat", flags: ["--repo", "pygoat"],
    expect: [["CVE-2021-33203", "django", "pygoat"]] },
  { name: "account", value: ROCKY_ACCOUNT, flags: ["--account", ROCKY_ACCOUNT],
    expect: [["CVE-2023-52425", "expat", ROCKY_NAME]] },
  { name: "instance", value: ROCKY_INSTANCE, flags: ["--instance", ROCKY_INSTANCE],
    expect: [["CVE-2020-11023", "libgcc", ROCKY_NAME]] },
  { name: "image", value: "debian-buster", flags: ["--image", "debian-buster"],
    expect: [["CVE-2019-18276", "bash", "debian-buster"]] },
  // kube-state-metrics puts registry.example.com/shop/web:1.4.2 in namespace "shop".
  { name: "namespace", value: "shop", flags: ["--namespace", "shop"],
    expect: [["CVE-2023-3817", "libssl3", "registry.example.com/shop/web:1.4.2"]] },
];

for (const f of FILTERS) {
  test(`filter ${f.name}=${f.value} shows exactly the matching findings`, async () => {
    await applyFilter(page, f.name, f.value);
    await shot(page, `filter-${f.name}`);
    const rows = await allFindingRows(page);
    const expected = cliSearch(f.flags);
    assert.ok(expected.length > 0, `seed data gives ${f.name}=${f.value} at least one finding`);
    assertSameFindings(rows, expected, `${f.name}=${f.value}`);
    for (const [id, pkg, asset] of f.expect) {
      assert.ok(rows.some((r) => r.includes(id) && r.toLowerCase().includes(pkg) && r.includes(asset)),
        `${f.name}=${f.value}: expected a row ${id} ${pkg} on ${asset} among:\n${rows.join("\n")}`);
    }
  });
}

test("filters combine, and a filter with no match says so", async () => {
  await page.goto(`${server.base}/findings?account=${ROCKY_ACCOUNT}&exploit=kev&severity=medium`);
  const rows = await allFindingRows(page);
  assertSameFindings(rows, cliSearch(["--account", ROCKY_ACCOUNT, "--exploit", "kev",
                                     "--severity", "medium"]), "account+kev+medium");
  assert.ok(rows.some((r) => r.includes("CVE-2020-11023")));
  await page.goto(`${server.base}/findings?namespace=no-such-namespace`);
  assert.equal((await findingRows(page)).length, 0);
  assert.ok(await page.locator("tbody").first().isVisible());
});

test("vulnerability page: where is it, exploits and advisories", async () => {
  await applyFilter(page, "cve", "CVE-2020-11023");
  await Promise.all([page.waitForNavigation(),
                     page.locator('a[href="/vulnerabilities/CVE-2020-11023"]').first().click()]);
  assert.equal(new URL(page.url()).pathname, "/vulnerabilities/CVE-2020-11023");
  const text = await page.locator("body").innerText();
  assert.ok(text.includes("CVE-2020-11023"));
  assert.ok(text.includes(ROCKY_NAME), "the affected host is listed");
  assert.ok(text.includes("libgcc"), "with its package");
  assert.ok(/KEV/i.test(text), "CISA KEV is named");
  // Exploit-DB 49767 (from the Exploit-DB CVE map) is linked to exploit-db.com.
  assert.equal(await page.locator('a[href="https://www.exploit-db.com/exploits/49767"]').count(), 1);
  await shot(page, "vulnerability");
  // The distro advisory's own id opens the same vulnerability, with its summary and links.
  await page.goto(`${server.base}/vulnerabilities/${encodeURIComponent("ALSA-2025:1346")}`);
  const alsa = await page.locator("body").innerText();
  assert.ok(alsa.includes("gcc security update"), "the advisory summary is shown");
  assert.ok(alsa.includes(ROCKY_NAME) && alsa.includes("libgcc"));
  assert.equal(await page.locator('a[href="https://errata.almalinux.org/9/ALSA-2025-1346.html"]').count(), 1,
    "references are links");
  await shot(page, "vulnerability-alias");
  assert.deepEqual(page.incidents, []);
});

test("CSV export downloads the filtered findings", async () => {
  await applyFilter(page, "account", ROCKY_ACCOUNT);
  const link = page.locator('a[href^="/findings.csv"]').first();
  assert.match(await link.getAttribute("href"), new RegExp(`account=${ROCKY_ACCOUNT}`),
               "the export keeps the filter");
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  assert.equal(download.suggestedFilename(), "findings.csv");
  const path = join(W, "export.csv");
  await download.saveAs(path);
  const lines = readFileSync(path, "utf8").trim().split(/\r?\n/);
  const expected = cliSearch(["--account", ROCKY_ACCOUNT]);
  // Every finding of the account, one line each, under a header line.
  assert.ok(/vulnerability/i.test(lines[0]), `CSV header: ${lines[0]}`);
  assert.equal(lines.length - 1, expected.length, `CSV rows:\n${lines.join("\n")}`);
  for (const f of expected) {
    assert.ok(lines.some((l) => l.includes(f.vulnerability_id) && l.includes(f.package.name)),
      `CSV lacks ${f.vulnerability_id} ${f.package.name}`);
  }
  assert.ok(lines.slice(1).every((l) => l.includes(ROCKY_NAME) || l.includes(ROCKY_INSTANCE)),
    "only the filtered account's findings are exported");
  // The same CLI command the CSV mirrors agrees on the content.
  const cliCsv = cli(["search", "--format", "csv", "--limit", "10000", "--account", ROCKY_ACCOUNT])
    .trim().split(/\r?\n/);
  assert.deepEqual([...lines].sort(), [...cliCsv].sort(), "the download equals `vulnscope search --format csv`");
});

test("hostile names are shown as text and never execute", async () => {
  const earlier = page.incidents.length;
  await page.goto(`${server.base}/findings?repo=${encodeURIComponent(HOSTILE_ASSET)}`);
  const rows = await allFindingRows(page);
  assert.ok(rows.length > 0, "the hostile asset has findings (Django 3.0.14)");
  assert.ok(rows.every((r) => r.includes(HOSTILE_ASSET) && r.includes(HOSTILE_TEAM)),
    `the markup is visible as text:\n${rows.join("\n")}`);
  await shot(page, "hostile-findings");
  await page.goto(`${server.base}/assets`);
  assert.ok((await page.locator("body").innerText()).includes(HOSTILE_ASSET));
  // The asset page lists the package whose name is markup.
  await Promise.all([page.waitForNavigation(),
                     page.locator("a", { hasText: HOSTILE_ASSET }).first().click()]);
  const text = await page.locator("body").innerText();
  assert.ok(text.includes(HOSTILE_PACKAGE), "the hostile package name is shown as text");
  assert.ok(text.includes(HOSTILE_TEAM));
  await shot(page, "hostile-asset");
  await page.goto(`${server.base}/`);
  await shot(page, "overview");
  for (const url of ["/findings?repo=" + encodeURIComponent(HOSTILE_ASSET), "/assets", "/"]) {
    await page.goto(server.base + url);
    // No element came out of the data: no <img src=x>, no <svg onload>, no inline script.
    const injected = await page.evaluate(() => ({
      img: document.querySelectorAll('img[src="x"], [onerror], [onload]').length,
      svg: document.querySelectorAll("svg[onload]").length,
      scripts: Array.from(document.scripts).filter((s) => !s.src && /alert/.test(s.text)).length,
    }));
    assert.deepEqual(injected, { img: 0, svg: 0, scripts: 0 }, `markup injected on ${url}`);
  }
  // Give a late onerror/onload a moment to fire before judging.
  await page.waitForTimeout(300);
  assert.deepEqual(page.incidents.slice(earlier), [], "no dialog, page error or console error");
});

test("the dashboard works with JavaScript disabled", async () => {
  const noJs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1400, height: 900 } });
  try {
    const p = await watchedPage(noJs);
    await login(p);
    // A select filter (exploit) and a text filter (namespace) through plain form submits.
    await applyFilter(p, "exploit", "kev");
    assertSameFindings(await allFindingRows(p), cliSearch(["--exploit", "kev"]), "no-JS exploit=kev");
    await applyFilter(p, "namespace", "shop");
    assertSameFindings(await allFindingRows(p), cliSearch(["--namespace", "shop"]), "no-JS namespace=shop");
    await shot(p, "nojs-findings");
    await Promise.all([p.waitForNavigation(),
                       p.locator('a[href^="/vulnerabilities/CVE-2023-3817"]').first().click()]);
    assert.ok((await p.locator("body").innerText()).includes("registry.example.com/shop/web:1.4.2"));
    await shot(p, "nojs-vulnerability");
    // Sign out is a form too.
    await Promise.all([p.waitForNavigation(), p.locator('form[action="/logout"] [type="submit"]').click()]);
    await p.goto(`${server.base}/findings`);
    assert.match(new URL(p.url()).pathname, /^\/login/, "signed out");
    assert.deepEqual(p.incidents, []);
  } finally {
    await noJs.close();
  }
});
