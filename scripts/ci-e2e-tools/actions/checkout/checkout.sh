#!/usr/bin/env bash
# Stand-in for actions/checkout. Mirrors its git commands (auth via http.<server>/.extraheader).
set -euo pipefail
repo="$IN_REPOSITORY"
case "$repo" in
  http://*|https://*|file://*|/*) url="$repo" ;;
  *) url="${IN_SERVER_URL%/}/$repo" ;;
esac
# strip user:password@ from the URL; take the password as token if no token input
userinfo=$(sed -nE 's#^[a-z]+://([^@/]+)@.*#\1#p' <<<"$url")
url=$(sed -E 's#^([a-z]+://)[^@/]+@#\1#' <<<"$url")
token="$IN_TOKEN"
if [ -z "$token" ] && [ -n "$userinfo" ]; then token="${userinfo#*:}"; fi
server=$(sed -nE 's#^([a-z]+://[^/]+).*#\1#p' <<<"$url")   # e.g. http://127.0.0.1:8080
dest="$GITHUB_WORKSPACE/$IN_PATH"
mkdir -p "$dest"; cd "$dest"
if [ "$IN_CLEAN" = true ] && [ -n "$(ls -A)" ] && [ ! -d .git ]; then
  echo "::warning::checkout stand-in: $dest not empty, deleting contents"; find . -mindepth 1 -delete
fi
[ -d .git ] || git init -q .
git remote remove origin 2>/dev/null || true
git remote add origin "$url"
git config --local gc.auto 0
hdrkey="http.$server/.extraheader"
git config --local --unset-all "$hdrkey" 2>/dev/null || true
auth=()
if [ -n "$token" ]; then
  b64=$(printf 'x-access-token:%s' "$token" | base64 -w0)
  echo "::add-mask::$b64"
  auth=(-c "$hdrkey=AUTHORIZATION: basic $b64")
fi
ref="$IN_REF"; sha=""
if [ -z "$ref" ]; then sha="$IN_SHA"; ref="$IN_GHREF"; fi   # like actions/checkout: github.sha + github.ref
echo "checkout stand-in: url=$url ref=$ref sha=${sha:-<none>} fetch-depth=$IN_FETCH_DEPTH persist-credentials=$IN_PERSIST"
fetch() { git "${auth[@]}" -c protocol.version=2 fetch -q --no-tags --prune --no-recurse-submodules "$@"; }
if [ "$IN_FETCH_DEPTH" = 0 ]; then
  fetch --tags origin '+refs/heads/*:refs/remotes/origin/*' '+refs/tags/*:refs/tags/*'
  depth=()
else
  depth=(--depth="$IN_FETCH_DEPTH")
fi
if [[ "$ref" =~ ^[0-9a-f]{40}$ ]]; then sha=$ref; ref=""; fi
if [ -n "$sha" ]; then
  case "$ref" in
    refs/heads/*) b=${ref#refs/heads/}; fetch "${depth[@]}" origin "+$sha:refs/remotes/origin/$b"
                  git checkout -q --force -B "$b" "refs/remotes/origin/$b" ;;
    refs/tags/*)  fetch "${depth[@]}" origin "+$sha:$ref"; git checkout -q --force "$ref" ;;
    *)            git cat-file -e "$sha^{commit}" 2>/dev/null || fetch "${depth[@]}" origin "$sha"
                  git checkout -q --force --detach "$sha" ;;   # e.g. refs/pull/N/merge: detached at the SHA
  esac
else
  case "$ref" in
    refs/heads/*) b=${ref#refs/heads/}; fetch "${depth[@]}" origin "+$ref:refs/remotes/origin/$b"; git checkout -q --force -B "$b" "refs/remotes/origin/$b" ;;
    refs/tags/*)  fetch "${depth[@]}" origin "+$ref:$ref"; git checkout -q --force "$ref" ;;
    refs/*)       fetch "${depth[@]}" origin "+$ref:refs/remotes/${ref#refs/}"; git checkout -q --force "refs/remotes/${ref#refs/}" ;;
    *)            if git "${auth[@]}" ls-remote --exit-code --heads origin "$ref" >/dev/null; then
                    fetch "${depth[@]}" origin "+refs/heads/$ref:refs/remotes/origin/$ref"; git checkout -q --force -B "$ref" "refs/remotes/origin/$ref"
                  else fetch "${depth[@]}" origin "+refs/tags/$ref:refs/tags/$ref"; git checkout -q --force "refs/tags/$ref"; fi ;;
  esac
fi
if [ "$IN_PERSIST" = true ] && [ -n "$token" ]; then
  git config --local "$hdrkey" "AUTHORIZATION: basic $b64"
fi
git --no-pager log -1 --format='checkout stand-in: HEAD %H %s'
