// Save (after a successful job, when the key missed): copy each path from the workspace into the key's entry.
const fs = require('fs'), path = require('path');
const inp = (n) => (process.env['INPUT_' + n.toUpperCase()] || '').trim();
const ws = process.env.GITHUB_WORKSPACE || process.cwd();
const key = inp('key');
const entry = path.join(process.env.ACT_STANDIN_CACHE_DIR || '/tmp/act-standin-cache', encodeURIComponent(key));
const paths = inp('path').split('\n').map(s => s.trim()).filter(Boolean);
if (process.env.STATE_hit === 'true' || key === '' || fs.existsSync(entry)) {
  console.log(`cache stand-in: key ${key} ${key === '' ? 'empty' : 'exists'}, not saving`);
  process.exit(0);
}
for (const p of paths) {
  const source = path.resolve(ws, p);
  if (fs.existsSync(source)) fs.cpSync(source, path.join(entry, p), { recursive: true });
}
console.log(`cache stand-in: saved ${paths.join(', ')} as key ${key}`);
