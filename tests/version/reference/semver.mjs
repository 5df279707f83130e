// Reference for the semver differential test: npm's node-semver, pinned in
// tests/harness/package.json and installed under tests/harness/node_modules. Reads "A\tB"
// lines on stdin and prints -1, 0, 1 or "error" (when semver.compare throws) per line.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

// Resolve the package relative to this script, not the working directory.
const require = createRequire(new URL('../../harness/package.json', import.meta.url))
const semver = require('semver')
const pinned = require('./package.json').dependencies.semver
if (semver.SEMVER_SPEC_VERSION !== '2.0.0' || require('semver/package.json').version !== pinned) {
  process.stderr.write(`semver.mjs: expected semver ${pinned}\n`)
  process.exit(1)
}

const lines = readFileSync(0, 'utf8').split('\n')
if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
const out = []
for (const line of lines) {
  const tab = line.indexOf('\t')
  if (tab < 0) {
    out.push('error: no tab')
    continue
  }
  try {
    out.push(String(semver.compare(line.slice(0, tab), line.slice(tab + 1))))
  } catch (e) {
    out.push('error')
  }
}
process.stdout.write(out.length ? out.join('\n') + '\n' : '')
