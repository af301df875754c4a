#!/usr/bin/env bash
# Checks the Bicep with the real tools where they exist: `az bicep build` on every file, then
# `az deployment sub what-if` of main.bicep when logged in. Prints one clear line for whatever it
# cannot run, and exits 0 in that case (the offline checks run in `mvn verify`).
#   infra/scripts/check-azure.sh [location]      (AZURE_ENV_NAME names the what-if environment)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v az >/dev/null 2>&1; then
  echo "check-azure: SKIPPED - the Azure CLI (az) is not installed; offline checks: mvn -pl infra -am verify"
  exit 0
fi
if ! az bicep version >/dev/null 2>&1; then
  echo "check-azure: SKIPPED - az has no Bicep compiler (run 'az bicep install')"
  exit 0
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for file in main.bicep modules/*.bicep; do
  az bicep build --file "$file" --outdir "$out" >/dev/null
  echo "check-azure: bicep build OK  $file"
done

if ! az account show >/dev/null 2>&1; then
  echo "check-azure: what-if SKIPPED - not logged in (az login)"
  exit 0
fi
location="${1:-${AZURE_LOCATION:-westeurope}}"
env_name="${AZURE_ENV_NAME:-contextbus-whatif}"
az deployment sub what-if --location "$location" --template-file main.bicep \
  --parameters environmentName="$env_name" location="$location" \
  replayToken="$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)"
echo "check-azure: what-if done for environment $env_name in $location"
