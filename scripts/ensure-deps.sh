# Sourced by the start and test scripts: installs the npm dependencies when missing or out of date, or when a patch
# to one of them (patches/, applied by the postinstall script) is newer than the install.
stale_patch=false
for p in patches/*.patch; do [[ -f "$p" && "$p" -nt node_modules/.package-lock.json ]] && stale_patch=true; done
if [[ ! -f node_modules/.package-lock.json ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]] || $stale_patch; then
  echo "[dolbom] installing npm dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund >&2
fi
