"""Percentiles as the whole suite reports them."""

import statistics


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def latency(seconds):
    """{"p50_ms", "p95_ms"} of a list of durations in seconds."""
    return {
        "p50_ms": round(statistics.median(seconds) * 1000, 1),
        "p95_ms": round(percentile(seconds, 0.95) * 1000, 1),
    }
