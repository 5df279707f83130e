// Reference for the SigV4 differential test: the official JS signer @smithy/signature-v4,
// pinned in tests/harness/package.json and installed under tests/harness/node_modules.
// Reads one JSON request per stdin line and prints one JSON line per request with the headers
// the signer added: {"authorization", "x-amz-date", "x-amz-content-sha256"?,
// "x-amz-security-token"?, "canonical_request"} or {"error": "..."}.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

// Resolve the packages relative to this script, not the working directory.
const require = createRequire(new URL('../../harness/package.json', import.meta.url))
const pinned = require('./package.json').dependencies
for (const name of ['@smithy/signature-v4', '@smithy/protocol-http', '@smithy/hash-node']) {
  const got = require(`${name}/package.json`).version
  if (got !== pinned[name]) {
    process.stderr.write(`sign.mjs: expected ${name} ${pinned[name]}, found ${got}\n`)
    process.exit(1)
  }
}
const { SignatureV4 } = require('@smithy/signature-v4')
const { HttpRequest } = require('@smithy/protocol-http')
const { Hash } = require('@smithy/hash-node')

const lines = readFileSync(0, 'utf8').split('\n').filter((l) => l !== '')
const out = []
for (const line of lines) {
  try {
    const r = JSON.parse(line)
    const signer = new SignatureV4({
      service: r.service,
      region: r.region,
      sha256: Hash.bind(null, 'sha256'),
      uriEscapePath: r.escape_path,
      applyChecksum: r.add_content_sha256,
      credentials: {
        accessKeyId: r.access_key_id,
        secretAccessKey: r.secret_access_key,
        ...(r.session_token ? { sessionToken: r.session_token } : {}),
      },
    })
    // Repeated query names become arrays, as HttpRequest represents them.
    const query = {}
    for (const [k, v] of r.query) {
      if (!Object.prototype.hasOwnProperty.call(query, k)) query[k] = v
      else if (Array.isArray(query[k])) query[k].push(v)
      else query[k] = [query[k], v]
    }
    const headers = { host: r.host }
    for (const [k, v] of r.headers) headers[k] = v
    const req = new HttpRequest({ method: r.method, protocol: 'https:', hostname: r.host,
                                  path: r.path, query, headers, body: r.body })
    // Keep the canonical request the signer built, for the test's disagreement report.
    let canonical = ''
    const build = signer.createCanonicalRequest.bind(signer)
    signer.createCanonicalRequest = (...args) => (canonical = build(...args))
    const signed = await signer.sign(req, { signingDate: new Date(r.date) })
    const h = { canonical_request: canonical }
    for (const name of ['authorization', 'x-amz-date', 'x-amz-content-sha256', 'x-amz-security-token']) {
      if (signed.headers[name] !== undefined) h[name] = signed.headers[name]
    }
    out.push(JSON.stringify(h))
  } catch (e) {
    out.push(JSON.stringify({ error: String(e) }))
  }
}
process.stdout.write(out.join('\n') + (out.length ? '\n' : ''))
