#!/usr/bin/env bash
# systemd-analyze verify on platform/systemd/beacon.service, pointed at the
# binary under test (verify checks that ExecStart exists). Any complaint
# fails: verify itself exits 0 on unknown keys. Then the hardening score.
set -euo pipefail
binary=${1:?usage: verify-unit.sh BEACON_BINARY UNIT_FILE}
unit=${2:?usage: verify-unit.sh BEACON_BINARY UNIT_FILE}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed "s|^ExecStart=/usr/bin/beacon|ExecStart=$binary|" "$unit" > "$work/beacon.service"
grep -q "^ExecStart=$binary" "$work/beacon.service"
if ! output=$(systemd-analyze verify "$work/beacon.service" 2>&1) || [ -n "$output" ]; then
    echo "systemd-analyze verify complained:" >&2
    echo "$output" >&2
    exit 1
fi
for key in Type=notify WatchdogSec= Restart=always User=beacon NoNewPrivileges=yes \
    ProtectSystem=strict ProtectHome=yes PrivateTmp=yes ReadWritePaths=/var/lib/beacon; do
    grep -q "^$key" "$unit" || { echo "the unit lacks $key" >&2; exit 1; }
done
# Exposure 0 (locked down) to 10 (unprotected); "OK" is below 4.
systemd-analyze security --offline=yes --threshold=40 "$work/beacon.service" > "$work/security.txt" \
    || { tail -n 5 "$work/security.txt" >&2; echo "exposure above 4.0" >&2; exit 1; }
tail -n 1 "$work/security.txt"
echo "beacon.service verifies"
