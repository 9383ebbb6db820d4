const fs = require('fs'), path = require('path'), cp = require('child_process');
const inp = (n) => (process.env['INPUT_' + n.toUpperCase()] || '').trim();
const ws = process.env.GITHUB_WORKSPACE || process.cwd();
const name = inp('name') || 'artifact', mode = inp('if-no-files-found') || 'warn';
const dest = path.join(process.env.ACT_STANDIN_ARTIFACT_DIR || '/tmp/act-standin-artifacts', process.env.GITHUB_RUN_ID || '0', name);
const pats = inp('path').split('\n').map(s => s.trim()).filter(Boolean);
// expand globs with bash (globstar); '!pattern' exclusions are ignored by this stand-in
const files = cp.execFileSync('bash', ['-O', 'globstar', '-O', 'nullglob', '-c', 'for p in "$@"; do for f in $p; do printf "%s\\0" "$f"; done; done', 'x',
  ...pats.filter(p => !p.startsWith('!'))], { cwd: ws }).toString().split('\0').filter(Boolean);
if (!files.length) {
  const msg = `No files were found with the provided path: ${pats.join(', ')}. No artifacts will be uploaded.`;
  if (mode === 'error') { console.log(`::error::${msg}`); process.exit(1); }
  if (mode === 'warn') console.log(`::warning::${msg}`);
  process.exit(0);
}
if (fs.existsSync(dest) && inp('overwrite') !== 'true') { console.log(`::error::artifact ${name} already exists at ${dest}`); process.exit(1); }
fs.rmSync(dest, { recursive: true, force: true }); fs.mkdirSync(dest, { recursive: true });
for (const f of files) {
  const src = path.resolve(ws, f), rel = path.isAbsolute(f) ? path.basename(f) : f;
  fs.cpSync(src, path.join(dest, rel), { recursive: true });
}
console.log(`upload-artifact stand-in: ${files.length} path(s) -> ${dest}`);
if (process.env.GITHUB_OUTPUT) fs.appendFileSync(process.env.GITHUB_OUTPUT, `artifact-id=1\nartifact-url=file://${dest}\n`);
