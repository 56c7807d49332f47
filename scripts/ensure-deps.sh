# Sourced by the start and test scripts: installs the npm dependencies when missing or out of date.
if [[ ! -f node_modules/.package-lock.json ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "[dolbom] installing npm dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund >&2
fi
