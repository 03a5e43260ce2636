"""``python -m bench.readme``: put the latest run's table into the README, between its markers.

The performance section is regenerated from ``var/bench/results/latest-<database>.json``, never edited by hand.
"""

import json
import sys
from pathlib import Path

from bench.report import table

REPO = Path(__file__).resolve().parents[1]
START, END = "<!-- bench:{}:start -->", "<!-- bench:{}:end -->"


def main(vendor="sqlite"):
    figures = json.loads((REPO / "var" / "bench" / "results" / f"latest-{vendor}.json").read_text(encoding="utf-8"))
    readme = REPO / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = START.format(vendor), END.format(vendor)
    if start not in text or end not in text:
        sys.exit(f"README.md has no {start} … {end} markers")
    before, rest = text.split(start, 1)
    _old, after = rest.split(end, 1)
    readme.write_text(f"{before}{start}\n{table(figures)}\n{end}{after}", encoding="utf-8")
    print(f"README.md: {vendor} table updated from the run of {figures['run_at']}")


if __name__ == "__main__":
    main(*sys.argv[1:])
