// Fake GitHub REST API for the github collector's tests, serving the official examples from
// GitHub's OpenAPI description (npm @octokit/openapi, pinned in tests/harness/package.json).
//
// Usage: node server.js   → listens on 127.0.0.1 with an OS-assigned port, prints the port on
// stdout, and exits by itself after FAKE_GITHUB_TTL seconds (default 300) if nobody kills it.
//
// The organisation name selects the scenario (state is per process, so each test starts its
// own server):
//   octo-org            normal: 5 alerts, cursor pages (Link rel="next" with `after`, on
//                       /organizations/<id>/… like GitHub), ETag / If-None-Match → 304
//   primary-limit       1st request: 403 "API rate limit exceeded", remaining 0, reset now+2
//   primary-limit-long  always 403, remaining 0, reset in a day
//   secondary-limit     1st request: 403 + Retry-After: 1; 2nd: 429 secondary message without
//                       Retry-After; then normal
//   flaky               page 2 answers 502 once, then normal
//   broken              page 2 always answers 500
//   malformed           page 2 always answers 200 with a truncated JSON body
//   expired             401 "Bad credentials"
//   forbidden           403 "Resource not accessible by personal access token"
//   evil-link           page 1's Link rel="next" points to another host
//   duplicates          alert #1 appears again at the top of page 2
//   exhausted           page 1 is a 200 with x-ratelimit-remaining 0, reset now+2
//   example-org         the project fixture pages (tests/testdata/parsers/dependabot_alerts/
//                       org_page{1,2}.json): open Maven log4j-core (CVE-2021-44228), dismissed
//                       and fixed npm semver; normal paging
// Any request without "Authorization: Bearer test-token" gets 401. `page` on the alerts
// endpoint gets GitHub's 400. Repositories (GET /orgs/{org}/repos, page-based) and
// GET/PUT /repos/{o}/{r}/vulnerability-alerts serve enable-alerts. Paths may carry GHES's
// /api/v3 prefix. GET /_log returns one line
// per request served ("METHOD URL auth=yes|no inm=ETAG|- -> STATUS"). POST /_hide?number=N
// leaves alert N out of every later listing (an alert that disappeared between two runs).
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const SPEC = process.env.FAKE_GITHUB_SPEC ||
    path.join(__dirname, '../../harness/node_modules/@octokit/openapi/generated/api.github.com.json');
const TOKEN = 'test-token';
const examples = JSON.parse(fs.readFileSync(SPEC, 'utf8')).components.examples;
const clone = (v) => JSON.parse(JSON.stringify(v));

// ---- Alerts: the org examples plus the single-alert examples moved into the org's repos.
function buildAlerts() {
  const org = clone(examples['dependabot-alerts-for-organization'].value);
  const [octoRepo, helloWorld] = [org[0].repository, org[1].repository];
  const place = (alert, number, repo) => {
    alert.number = number;
    alert.repository = clone(repo);
    alert.url = `https://api.github.com/repos/${repo.full_name}/dependabot/alerts/${number}`;
    alert.html_url = `https://github.com/${repo.full_name}/security/dependabot/${number}`;
    return alert;
  };
  const open = place(clone(examples['dependabot-alert-open'].value), 3, octoRepo);
  const dismissed = place(clone(examples['dependabot-alert-dismissed'].value), 4, helloWorld);
  const fixed = place(clone(org[1]), 5, helloWorld);
  fixed.state = 'fixed';
  fixed.fixed_at = '2024-01-01T00:00:00Z';
  return [org[0], org[1], open, dismissed, fixed];
}
const ALERTS = buildAlerts();
const FIXTURE_ALERTS = ['org_page1.json', 'org_page2.json'].flatMap((f) => JSON.parse(
    fs.readFileSync(path.join(__dirname, '../../testdata/parsers/dependabot_alerts', f), 'utf8')));
const hidden = new Set();  // Alert numbers POST /_hide removed.

// ---- Repositories for enable-alerts: the minimal-repository example under several names.
function buildRepos(orgName) {
  const base = examples['minimal-repository-items'].value[0];
  return ['Hello-World', 'Spoon-Knife', 'octo-docs', 'legacy-app', 'no-admin'].map((name, i) => {
    const r = clone(base);
    r.id = 1296269 + i;
    r.name = name;
    r.full_name = `${orgName}/${name}`;
    r.owner.login = orgName;
    r.archived = name === 'legacy-app';
    return r;
  });
}
const alertsEnabled = new Set(['Hello-World']);  // Repo names with alerts on.

const orgIds = new Map();  // Org name ↔ numeric id, for /organizations/<id>/… links.
const counters = new Map();
const log = [];
const bump = (key) => {
  const n = (counters.get(key) || 0) + 1;
  counters.set(key, n);
  return n;
};

function orgId(name) {
  if (!orgIds.has(name)) orgIds.set(name, 90123456 + orgIds.size);
  return orgIds.get(name);
}
function orgById(id) {
  for (const [name, v] of orgIds) if (String(v) === id) return name;
  return null;
}

function rateHeaders(remaining, reset) {
  return {
    'X-RateLimit-Limit': '5000',
    'X-RateLimit-Remaining': String(remaining),
    'X-RateLimit-Reset': String(reset ?? Math.floor(Date.now() / 1000) + 3600),
    'X-RateLimit-Used': String(5000 - remaining),
    'X-RateLimit-Resource': 'core',
  };
}

function send(res, status, body, headers = {}) {
  const text = body === undefined ? '' : (typeof body === 'string' ? body : JSON.stringify(body));
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'X-GitHub-Api-Version-Selected': '2022-11-28',
    ...rateHeaders(4990), ...headers,
  });
  res.end(text);
  return status;
}

const DOCS = 'https://docs.github.com/rest/dependabot/alerts#list-dependabot-alerts-for-an-organization';
const cursor = (i) => Buffer.from(`cursor:v2:${i}`).toString('base64');
const fromCursor = (c) => {
  const m = /^cursor:v2:(\d+)$/.exec(Buffer.from(c, 'base64').toString());
  return m ? Number(m[1]) : null;
};

function serveAlerts(req, res, url, org, host) {
  const q = url.searchParams;
  if (q.has('page')) {
    return send(res, 400, {message: 'Pagination using the `page` parameter is not supported.',
                           documentation_url: DOCS, status: '400'});
  }
  const perPage = Math.min(100, Math.max(1, Number(q.get('per_page') || 30)));
  const start = q.has('after') ? fromCursor(q.get('after')) : 0;
  if (start === null) return send(res, 400, {message: 'Invalid cursor', status: '400'});
  const pageNo = Math.floor(start / perPage) + 1;
  const now = Math.floor(Date.now() / 1000);
  const n = bump(`${org}:all`);
  const nPage = bump(`${org}:page${pageNo}`);

  switch (org) {
    case 'expired':
      return send(res, 401, {message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest',
                             status: '401'});
    case 'forbidden':
      return send(res, 403, {message: 'Resource not accessible by personal access token',
                             documentation_url: DOCS, status: '403'});
    case 'primary-limit':
      if (n === 1) {
        return send(res, 403, {message: 'API rate limit exceeded for user ID 1.',
                               documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
                               status: '403'}, rateHeaders(0, now + 2));
      }
      break;
    case 'primary-limit-long':
      return send(res, 403, {message: 'API rate limit exceeded for user ID 1.', status: '403'},
                  rateHeaders(0, now + 86400));
    case 'secondary-limit':
      if (n === 1 || n === 2) {
        // Message of GitHub's documented secondary limit response (fixture
        // secondary-rate-limit.response.txt); the first carries Retry-After, the second not.
        return send(res, n === 1 ? 403 : 429, {
          message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          documentation_url: 'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
          status: String(n === 1 ? 403 : 429)}, n === 1 ? {'Retry-After': '1'} : {});
      }
      break;
    case 'flaky':
      if (pageNo === 2 && nPage === 1) return send(res, 502, '<html>502 Bad Gateway</html>');
      break;
    case 'broken':
      if (pageNo === 2) return send(res, 500, {message: 'Server Error'});
      break;
    case 'malformed':
      if (pageNo === 2) return send(res, 200, JSON.stringify(ALERTS.slice(start, start + perPage)).slice(0, 300));
      break;
  }

  // `duplicates`: alert 1 shows up again on the next page, as when it changes while paging.
  const all = org === 'duplicates'    ? [...ALERTS.slice(0, 2), ALERTS[1], ...ALERTS.slice(2)]
              : org === 'example-org' ? FIXTURE_ALERTS
                                      : ALERTS;
  const pool = all.filter((a) => !hidden.has(a.number));
  const page = pool.slice(start, start + perPage);
  const body = JSON.stringify(page);
  const etag = `W/"${crypto.createHash('sha1').update(body).digest('hex')}"`;
  const base = `http://${host}/organizations/${orgId(org)}/dependabot/alerts`;
  const keep = new URLSearchParams(q);
  keep.delete('after');
  keep.delete('before');
  keep.set('per_page', String(perPage));
  const links = [];
  if (start + perPage < pool.length) {
    const next = new URLSearchParams(keep);
    next.set('after', cursor(start + perPage));
    const target = org === 'evil-link' ? `http://example.invalid/organizations/1/dependabot/alerts`
                                       : base;
    links.push(`<${target}?${next}>; rel="next"`);
  }
  if (start > 0) {
    const prev = new URLSearchParams(keep);
    prev.set('before', cursor(start));
    links.push(`<${base}?${prev}>; rel="prev"`);
  }
  // `exhausted`: page 1 succeeds but uses up the primary limit (remaining 0, reset now+2).
  const headers = {ETag: etag, ...(org === 'exhausted' && pageNo === 1 ? rateHeaders(0, now + 2) : {})};
  if (links.length) headers.Link = links.join(', ');
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, {ETag: etag, ...rateHeaders(4990)});
    res.end();
    return 304;
  }
  return send(res, 200, body, headers);
}

function serveRepos(req, res, url, org, host) {
  const repos = buildRepos(org);
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') || 30)));
  const page = Math.max(1, Number(url.searchParams.get('page') || 1));
  const slice = repos.slice((page - 1) * perPage, page * perPage);
  const headers = {};
  if (page * perPage < repos.length) {
    const next = new URLSearchParams(url.searchParams);
    next.set('page', String(page + 1));
    headers.Link = `<http://${host}/orgs/${org}/repos?${next}>; rel="next"`;
  }
  return send(res, 200, slice, headers);
}

function serveVulnerabilityAlerts(req, res, owner, repo) {
  const known = buildRepos(owner).some((r) => r.name === repo);
  if (req.method === 'GET') {
    if (known && alertsEnabled.has(repo)) {
      res.writeHead(204, rateHeaders(4990));
      res.end();
      return 204;
    }
    return send(res, 404, {message: 'Not Found', status: '404'});
  }
  if (req.method === 'PUT') {
    if (!known) return send(res, 404, {message: 'Not Found', status: '404'});
    if (repo === 'no-admin') return send(res, 403, {message: 'Must have admin rights to Repository.', status: '403'});
    alertsEnabled.add(repo);
    res.writeHead(204, rateHeaders(4990));
    res.end();
    return 204;
  }
  return send(res, 405, {message: 'Method Not Allowed'});
}

function route(req, res) {
  let host = req.headers.host;
  const url = new URL(req.url, `http://${host}`);
  if (url.pathname === '/_log') {
    res.writeHead(200, {'Content-Type': 'text/plain'});
    res.end(log.join('\n') + (log.length ? '\n' : ''));
    return null;
  }
  if (url.pathname === '/_hide' && req.method === 'POST') {
    hidden.add(Number(url.searchParams.get('number')));
    res.writeHead(204);
    res.end();
    return null;
  }
  if (req.headers.authorization !== `Bearer ${TOKEN}`) {
    return send(res, 401, {message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest',
                           status: '401'});
  }
  // GitHub Enterprise Server serves the same API under /api/v3; links keep the prefix.
  let pathname = url.pathname;
  if (pathname.startsWith('/api/v3/')) {
    pathname = pathname.slice('/api/v3'.length);
    host += '/api/v3';
  }
  let m;
  if ((m = /^\/orgs\/([^/]+)\/dependabot\/alerts$/.exec(pathname))) {
    orgId(m[1]);
    return serveAlerts(req, res, url, m[1], host);
  }
  if ((m = /^\/organizations\/(\d+)\/dependabot\/alerts$/.exec(pathname))) {
    const org = orgById(m[1]);
    if (!org) return send(res, 404, {message: 'Not Found', status: '404'});
    return serveAlerts(req, res, url, org, host);
  }
  if ((m = /^\/orgs\/([^/]+)\/repos$/.exec(pathname))) return serveRepos(req, res, url, m[1], host);
  if ((m = /^\/repos\/([^/]+)\/([^/]+)\/vulnerability-alerts$/.exec(pathname))) {
    return serveVulnerabilityAlerts(req, res, m[1], m[2]);
  }
  return send(res, 404, {message: 'Not Found', status: '404'});
}

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const status = route(req, res);
    if (status !== null) {
      log.push(`${req.method} ${req.url} auth=${req.headers.authorization ? 'yes' : 'no'} ` +
               `inm=${req.headers['if-none-match'] || '-'} -> ${status}`);
    }
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`);
});
const ttl = Number(process.env.FAKE_GITHUB_TTL || 300);
setTimeout(() => process.exit(0), ttl * 1000).unref();
