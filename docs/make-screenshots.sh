#!/usr/bin/env bash
# Remakes the screenshots in docs/ with `beacon render`, the same drawing code
# the kiosk uses. Usage: docs/make-screenshots.sh [path/to/beacon]
set -euo pipefail
cd "$(dirname "$0")/.."
beacon=${1:-build/beacon}
playlist=playlists/default.xml
"$beacon" render "$playlist" --screen hotline --lang en --out docs/hotline-en.png
"$beacon" render "$playlist" --screen hotline --lang es --out docs/hotline-es.png
"$beacon" render "$playlist" --screen what-is --lang en --out docs/factsheet-what-is-en.png
"$beacon" render "$playlist" --screen what-is --lang es --out docs/factsheet-what-is-es.png
"$beacon" render "$playlist" --screen hotline --lang en --size 1080x1920 --out docs/hotline-portrait-en.png
