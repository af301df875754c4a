#!/bin/sh
# Makes Debian's chromium available for StatusPageIT (the status page in a real headless browser).
# Idempotent and quiet: does nothing when a chromium is already on the PATH; installs it with apt
# as root; otherwise prints ONE line (the test prints the same line and does not run).
# npm's browser packages download their browsers at install time, which this build cannot do.
for b in chromium chromium-browser; do
  if command -v "$b" >/dev/null 2>&1; then
    exit 0
  fi
done
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "status page browser test: chromium is not installed and cannot be installed here (needs root and apt-get); install Debian's 'chromium' package to run it."
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
# Another apt run may hold the lock: wait for it instead of failing.
if ! apt-get -o DPkg::Lock::Timeout=600 install -y -q=2 --no-install-recommends chromium >/dev/null 2>&1; then
  apt-get -o DPkg::Lock::Timeout=600 update -q=2 >/dev/null 2>&1
  if ! apt-get -o DPkg::Lock::Timeout=600 install -y -q=2 --no-install-recommends chromium >/dev/null 2>&1; then
    echo "status page browser test: 'apt-get install chromium' failed; install Debian's 'chromium' package to run it."
  fi
fi
exit 0
