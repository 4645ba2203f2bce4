"""docs/benchmarks.md: the machine, every figure as a median with its min and
max over the runs, each peer as a ratio to Beacon, and the targets."""

import math
import statistics


def summary(values):
    values = [v for v in values if v is not None and not math.isnan(v)]
    if not values:
        return None
    return statistics.median(values), min(values), max(values), len(values)


def fmt(value, digits):
    return f"{value:.{digits}f}"


def cell(stats, digits=1):
    if stats is None:
        return "–"
    median, low, high, n = stats
    if n == 1:
        return fmt(median, digits)
    return f"{fmt(median, digits)} ({fmt(low, digits)}–{fmt(high, digits)})"


def ratio(peer, beacon):
    if peer is None or beacon is None or beacon[0] == 0:
        return "–"
    return f"{peer[0] / beacon[0]:.2f}×"


class Results:
    """results[measure][player] = list of per-run dicts, or an error string."""

    def __init__(self):
        self.data = {}
        self.errors = {}

    def add(self, measure, player, figures):
        self.data.setdefault(measure, {}).setdefault(player, []).append(figures)

    def fail(self, measure, player, why):
        self.errors.setdefault(measure, {})[player] = why

    def stats(self, measure, player, key):
        runs = self.data.get(measure, {}).get(player, [])
        return summary([r[key] for r in runs if key in r])

    def runs(self, measure, player):
        return len(self.data.get(measure, {}).get(player, []))

    def error(self, measure, player):
        return self.errors.get(measure, {}).get(player)


def peer_table(results, measure, players, columns):
    """One row per player; `columns` = [(key, heading, digits)]."""
    head = "| player | runs | " + " | ".join(
        f"{h} | ratio" for _, h, _ in columns) + " |"
    lines = [head, "|" + "---|" * (2 + 2 * len(columns))]
    for player in players:
        why = results.error(measure, player.name)
        if not player.available or (why and results.runs(measure, player.name) == 0):
            reason = player.why if not player.available else why
            lines.append(f"| {player.label} | 0 | not measured: {reason} |"
                         + " |" * (2 * len(columns) - 1))
            continue
        cells = []
        for key, _, digits in columns:
            stats = results.stats(measure, player.name, key)
            base = results.stats(measure, "beacon", key)
            cells.append(cell(stats, digits))
            cells.append("1.00×" if player.name == "beacon" else ratio(stats, base))
        lines.append(f"| {player.label} | {results.runs(measure, player.name)} | "
                     + " | ".join(cells) + " |")
        if why:
            lines.append(f"| | | {player.label} failed in some runs: {why} |"
                         + " |" * (2 * len(columns) - 1))
    return "\n".join(lines)


def verdict(ok):
    if isinstance(ok, str):
        return ok
    if ok is None:
        return "not measured"
    return "**met**" if ok else "**missed**"
