#!/usr/bin/env bash
# A newcomer's first hour, checked: clone this repository's HEAD into a temporary folder, install from
# the lock file, see that installing leaves the checkout clean, and run the README's test command with
# no browser to be found (nothing but Node.js and npm). Used by .ci/run and by `npm run test:long`.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
dir="$(mktemp -d "${TMPDIR:-/tmp}/mindsim-fresh-XXXXXX")"
trap 'rm -rf "$dir"' EXIT
git clone -q "$repo" "$dir/mindsim"
cd "$dir/mindsim"
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
npm ci --no-progress
npm install --no-progress > /dev/null
if [ -n "$(git status --porcelain)" ]; then
  echo "fresh-clone-test: installing changed the checkout:" >&2
  git status --short >&2
  exit 1
fi
# no browser: CHROME_PATH names none and CI is unset, so the Chromium check is skipped, not failed;
# the README's plain `npm test`, not the long campaign that runs this script (no recursion)
env -u CI -u MINDSIM_LONG CHROME_PATH=/nonexistent/chromium npm test
echo "fresh-clone-test: passed in $dir/mindsim"
