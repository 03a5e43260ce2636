"""Reproducible choices for the demo: seeded generators, exact proportional shares, jurisdictions' weights."""

import random

from demo.content import showcase as content


def seeded_random(*seed):
    """A reproducible generator seeded by names and counts, not keys: the same request gives the same demo."""
    return random.Random("-".join(str(part) for part in seed))  # noqa: S311 - demo data, not security


def apportion(total, weights):
    """Split ``total`` over the keys of ``weights`` in proportion, exactly (largest remainder)."""
    whole = sum(weights.values())
    if total <= 0 or whole <= 0:
        return dict.fromkeys(weights, 0)
    exact = {key: total * weight / whole for key, weight in weights.items()}
    shares = {key: int(value) for key, value in exact.items()}
    remainder = total - sum(shares.values())
    for key in sorted(exact, key=lambda key: shares[key] - exact[key])[:remainder]:
        shares[key] += 1
    return shares


def jurisdiction_weight(jurisdiction):
    """A jurisdiction's share of the demo's units and items: populous provinces and the big basins file more."""
    return content.WEIGHTS.get(jurisdiction.code, content.DEFAULT_WEIGHT)
