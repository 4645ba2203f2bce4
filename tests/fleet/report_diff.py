#!/usr/bin/env python3
"""Prints the dotted paths where two fleet reports differ, one per line,
leaving out what is measured rather than counted (memory, free space,
uptime, temperature), the envelope's key and signature, and the name."""
import json
import sys

MEASURED = {"memory_bytes", "store_free_bytes", "uptime_minutes", "cpu_celsius", "name"}


def differences(a, b, path):
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key in MEASURED or path == "" and key in ("public_key", "signature"):
                continue
            yield from differences(a.get(key), b.get(key), f"{path}.{key}" if path else key)
    elif a != b:
        yield path


first, second = (json.load(open(name)) for name in sys.argv[1:3])
for difference in differences(first, second, ""):
    print(difference)
