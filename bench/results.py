"""What a run measured: each benchmark adds its rows here, and the run ends by writing
them as JSON and drawing them as a chart (``docs/benchmarks.json``, ``.png``)."""

from __future__ import annotations

import json
import platform
import statistics
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"


@dataclass
class Row:
    group: str
    name: str
    ours: float
    baseline: float
    unit: str
    baseline_name: str
    # Medians of alternating runs; the ratio is ours as a fraction of the baseline's speed.
    ratio: float
    target: float | None = None
    extra: dict = field(default_factory=dict)


ROWS: list[Row] = []


def speed_ratio(ours: float, baseline: float, unit: str) -> float:
    """1.0 is as fast as the baseline, 0.5 half as fast (times invert)."""
    if not ours or not baseline:
        return 0.0
    return baseline / ours if unit in ("ms", "s") else ours / baseline


def add(group: str, name: str, ours: list[float] | float, baseline: list[float] | float, unit: str,
        baseline_name: str, *, target: float | None = None, **extra) -> Row:
    """Record medians of the samples (one per alternating run) and print the line."""
    ours_m = statistics.median(ours) if isinstance(ours, list) else ours
    base_m = statistics.median(baseline) if isinstance(baseline, list) else baseline
    row = Row(group, name, ours_m, base_m, unit, baseline_name, speed_ratio(ours_m, base_m, unit), target, extra)
    ROWS.append(row)
    goal = "" if target is None else f"  target {target:g} {'met' if row.ratio >= target else 'MISSED'}"
    print(f"{name:<52} {ours_m:>10.1f} {unit:<6} {baseline_name} {base_m:>10.1f}   ratio {row.ratio:5.2f}{goal}",
          flush=True)
    return row


def write(stem: str = "benchmarks") -> None:
    """``docs/<stem>.json`` and ``docs/<stem>.png`` (one bar per row: the ratio, with its target)."""
    out = {"when": datetime.now(UTC).isoformat(timespec="seconds"), "machine": platform.node(),
           "python": platform.python_version(), "rows": [asdict(r) for r in ROWS]}
    (DOCS / f"{stem}.json").write_text(json.dumps(out, indent=1) + "\n")
    try:
        import matplotlib
    except ImportError:
        print("matplotlib is not installed (pip install -e '.[bench]'): no chart drawn")
        return
    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 0.42 * len(ROWS) + 1.5))
    names = [r.name for r in ROWS][::-1]
    ratios = [r.ratio for r in ROWS][::-1]
    colors = ["#4c9a6a" if r.target is None or r.ratio >= r.target else "#c8553d" for r in ROWS][::-1]
    ax.barh(names, ratios, color=colors)
    for i, r in enumerate(ROWS[::-1]):
        if r.target is not None:
            ax.plot([r.target, r.target], [i - 0.4, i + 0.4], color="black", linewidth=2)
        ax.text(r.ratio, i, f" {r.ratio:.2f}", va="center", fontsize=8)
    ax.axvline(1.0, color="grey", linestyle=":", linewidth=1)
    ax.set_xlabel("speed as a fraction of the baseline measured in the same run (black tick: target)")
    ax.set_title(f"offkai benchmarks, {out['when']} (medians of alternating runs)")
    ax.tick_params(axis="y", labelsize=8)
    fig.tight_layout()
    fig.savefig(DOCS / f"{stem}.png", dpi=110)
    plt.close(fig)
