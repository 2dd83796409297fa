#!/usr/bin/env bash
# Starts the SI joint guide's kiosk edition in Chromium: full screen, private, no network.
# See KIOSK.md beside this file. Run with --help for the options.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: launch-kiosk.sh [--print] [--bundle DIR] [--browser PATH]

  --print         show the Chromium command line instead of running it (for checking)
  --bundle DIR    the unzipped kiosk folder, the one holding start.html
                  (default: this script's folder, or dist/kiosk/ in a project checkout)
  --browser PATH  the Chromium (or Chrome) program (default: $CHROMIUM, else the first of
                  chromium, chromium-browser, google-chrome-stable, google-chrome on PATH)
EOF
}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bundle=""
browser="${CHROMIUM:-}"
print_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --print|--dry-run) print_only=1 ;;
    --bundle) [ $# -ge 2 ] || { echo "launch-kiosk.sh: --bundle needs a folder" >&2; exit 2; }; bundle="$2"; shift ;;
    --browser) [ $# -ge 2 ] || { echo "launch-kiosk.sh: --browser needs a program" >&2; exit 2; }; browser="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "launch-kiosk.sh: unknown option '$1' — run launch-kiosk.sh --help" >&2; exit 2 ;;
  esac
  shift
done

if [ -z "$bundle" ]; then
  if [ -f "$here/start.html" ]; then bundle="$here"; else bundle="$here/../dist/kiosk"; fi
fi
if [ ! -f "$bundle/start.html" ]; then
  echo "launch-kiosk.sh: no start.html in '$bundle' — unzip si-joint-guide-kiosk.zip and pass --bundle <that folder>, or run 'make kiosk' first" >&2
  exit 1
fi
bundle="$(cd "$bundle" && pwd)"

if [ -z "$browser" ]; then
  for candidate in chromium chromium-browser google-chrome-stable google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then browser="$(command -v "$candidate")"; break; fi
  done
fi
if [ -z "$browser" ]; then
  echo "launch-kiosk.sh: Chromium not found — install it (Debian/Ubuntu: sudo apt-get install chromium) or pass --browser PATH" >&2
  exit 1
fi

# file:// address of the start screen, with spaces and other bytes percent-encoded.
file_url() {
  local LC_ALL=C path="$1" out="" char i
  for ((i = 0; i < ${#path}; i++)); do
    char="${path:i:1}"
    case "$char" in
      [a-zA-Z0-9/._~-]) out+="$char" ;;
      *) printf -v char '%%%02X' "'$char"; out+="${char: -3}" ;;
    esac
  done
  printf 'file://%s' "$out"
}

# A fresh profile each start: nothing from the previous session survives a restart.
profile="${XDG_RUNTIME_DIR:-/tmp}/si-joint-guide-kiosk-profile"

args=(
  --kiosk
  --incognito
  "--user-data-dir=$profile"
  # Networking disabled: every web address goes to a closed local port, and no name resolves.
  "--proxy-server=127.0.0.1:9"
  "--proxy-bypass-list=<-loopback>"
  "--host-resolver-rules=MAP * ~NOTFOUND"
  # No background traffic, prompts or extras that could open a window.
  --disable-background-networking
  --disable-component-update
  --disable-sync
  --disable-extensions
  --disable-default-apps
  --disable-features=Translate,MediaRouter,OptimizationHints
  --no-first-run
  --no-default-browser-check
  --noerrdialogs
  --disable-session-crashed-bubble
  --password-store=basic
  # A swipe must not go back to the previous reader's page.
  --overscroll-history-navigation=0
  "$(file_url "$bundle/start.html")"
)

if [ "$print_only" = 1 ]; then
  printf '%q' "$browser"
  printf ' %q' "${args[@]}"
  printf '\n'
  exit 0
fi

rm -rf "$profile"
exec "$browser" "${args[@]}"
