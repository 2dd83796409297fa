#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when it is missing; Playwright cannot download one here.
set -euo pipefail
# The path comes from scripts/browser.py (`make browser` passes it), the one place that names it.
browser="${1:?usage: ensure-chromium.sh PATH_TO_CHROMIUM (make browser passes it)}"
if [ -x "$browser" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Chromium not found at $browser: installing Debian's chromium package."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core fonts-noto-cjk >/dev/null
  exit 0
fi
echo "Chromium is needed for the browser tests but was not found at $browser." >&2
echo "Install it with: sudo apt-get install chromium fonts-noto-core fonts-noto-cjk" >&2
echo "or point CHROMIUM at another Chromium binary, e.g. CHROMIUM=\$(which chromium) make test" >&2
exit 1
