#!/usr/bin/env bash
# Remakes the screenshots in docs/ with `beacon render`, the same drawing code
# the kiosk uses. Usage: docs/make-screenshots.sh [path/to/beacon]
set -euo pipefail
cd "$(dirname "$0")/.."
beacon=${1:-build/beacon}
playlist=playlists/default.xml
"$beacon" render "$playlist" --screen hotline --lang en --out docs/hotline-en.png
"$beacon" render "$playlist" --screen hotline --lang es --out docs/hotline-es.png
# One fact sheet in each of the default playlist's languages, and the
# right-to-left hotline screen.
for lang in en es zh-Hans zh-Hant vi tl ko ar ru ht km; do
  "$beacon" render "$playlist" --screen what-is --lang "$lang" --out "docs/factsheet-what-is-$lang.png"
done
"$beacon" render "$playlist" --screen hotline --lang ar --out docs/hotline-ar.png
"$beacon" render "$playlist" --screen hotline --lang en --size 1080x1920 --out docs/hotline-portrait-en.png
# The discreet style (issue 23): neutral title, no web address, a QR code
# that dials; for restrooms and shelters.
for lang in en es ar; do
  "$beacon" render "$playlist" --screen hotline --lang "$lang" --hotline-style discreet --qr tel \
    --out "docs/hotline-discreet-$lang.png"
done
