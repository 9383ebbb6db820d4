// Restore: copy each path of the entry named by the key (exact keys only) into the workspace.
const fs = require('fs'), path = require('path');
const inp = (n) => (process.env['INPUT_' + n.toUpperCase()] || '').trim();
const ws = process.env.GITHUB_WORKSPACE || process.cwd();
const key = inp('key');
const entry = path.join(process.env.ACT_STANDIN_CACHE_DIR || '/tmp/act-standin-cache', encodeURIComponent(key));
const paths = inp('path').split('\n').map(s => s.trim()).filter(Boolean);
const hit = key !== '' && fs.existsSync(entry);
if (hit) {
  for (const p of paths) {
    const source = path.join(entry, p);
    if (fs.existsSync(source)) fs.cpSync(source, path.resolve(ws, p), { recursive: true });
  }
}
console.log(`cache stand-in: ${hit ? 'restored' : 'no entry for'} key ${key}`);
if (process.env.GITHUB_OUTPUT) fs.appendFileSync(process.env.GITHUB_OUTPUT, `cache-hit=${hit}\n`);
if (process.env.GITHUB_STATE) fs.appendFileSync(process.env.GITHUB_STATE, `hit=${hit}\n`);
