"""The campaign in numbers: the public dashboard of a web zone, one function for its page and its API endpoint.

The press and the public want the campaign at a glance: how many activities
and videos, from how many units and jurisdictions, where in the country, in
which sectors, in which weeks around the key dates, and the recommended items.

Figures come from the search service's facet index (totals, sectors,
jurisdictions and the tiles: counted in memory whatever the number of items)
and from three aggregate queries: one pass over the published items for
views, participants and the weeks, one for the units (each found by one
published item) and one for short-link opens, so the number of queries does
not grow with the data. The result is plain values,
kept in the cache under the content generation: every public change makes a
new key, and an unchanged campaign is computed once per language.

The map is a tile grid: the 31 province-level regions and the XPCC as equal
squares placed roughly where they lie (``TILE_GRID``), with no boundary
geometry (so no map-approval question arises). A tile counts the published
activities filed under that jurisdiction (its provincial water department, or
the XPCC's water bureau); basin commissions and the ministry have no tile and
appear in the totals only.
"""

import datetime
import math

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import formats, translation

from campaign.models import ContentGeneration
from search import service
from search.types import SearchRequest
from showcase.directory.reference import PROVINCES, XPCC
from showcase.models import RecommendedSlot, ShortLink, ShowcaseItemPage, Unit

CACHE_SECONDS = 24 * 3600
LAYOUT_VERSION = 1
# (row, column) of each tile, north at the top and west at the left, by jurisdiction code.
TILE_GRID = {
    "heilongjiang": (0, 7),
    "neimenggu": (1, 3),
    "beijing": (1, 5),
    "liaoning": (1, 6),
    "jilin": (1, 7),
    "xinjiang": (2, 0),
    "xpcc": (2, 1),
    "ningxia": (2, 3),
    "shanxi": (2, 4),
    "hebei": (2, 5),
    "tianjin": (2, 6),
    "qinghai": (3, 1),
    "gansu": (3, 2),
    "shaanxi": (3, 3),
    "henan": (3, 4),
    "shandong": (3, 5),
    "xizang": (4, 0),
    "sichuan": (4, 2),
    "chongqing": (4, 3),
    "hubei": (4, 4),
    "anhui": (4, 5),
    "jiangsu": (4, 6),
    "yunnan": (5, 2),
    "guizhou": (5, 3),
    "hunan": (5, 4),
    "jiangxi": (5, 5),
    "zhejiang": (5, 6),
    "shanghai": (5, 7),
    "guangxi": (6, 3),
    "guangdong": (6, 4),
    "fujian": (6, 5),
    "hainan": (7, 4),
}
TILE, GAP = 64, 6
COLOUR_LEVELS = 5  # level 0 is "none"; 1-4 rise with the count
BAR_HEIGHT, BAR_GAP, BAR_LABEL, BAR_WIDTH = 26, 8, 150, 420
WEEK_WIDTH, WEEK_CHART_HEIGHT, MAX_WEEKS = 40, 200, 40
RECOMMENDED_SHOWN = 6


def tile_names():
    """{jurisdiction code: short name} of the 32 tiles, from the directory's reference data."""
    names = {slug: short for _region, slug, short, _department, _cities in PROVINCES}
    names[XPCC[2]] = XPCC[1]
    return names


def campaign_dashboard(showcase):
    """The dashboard of ``showcase`` (a web zone) as plain values, from the cache when nothing public changed."""
    generation, _changed_at = ContentGeneration.current()
    key = f"showcase:dashboard:{LAYOUT_VERSION}:{showcase.pk}:{generation}:{translation.get_language()}"
    figures = cache.get(key)
    if figures is None:
        figures = compute_dashboard(showcase)
        cache.set(key, figures, CACHE_SECONDS)
    return figures


def compute_dashboard(showcase):
    """Every figure of the dashboard, computed now (see the module's docstring for where each comes from)."""
    campaign = showcase.campaign
    picks = list(RecommendedSlot.objects.filter(showcase=showcase).current().values_list("item_id", flat=True))
    items = service.search(
        SearchRequest(
            text="",
            scope_path=showcase.path,
            types=("activity", "video"),
            facets=("type", "sector", "jurisdiction"),
            per_page=1,
        ),
        with_pages=picks,
    )
    activities = service.search(
        SearchRequest(text="", scope_path=showcase.path, types=("activity",), facets=("jurisdiction",), per_page=1)
    )
    by_type = {value.value: value.count for value in items.facets["type"]}
    published = ShowcaseItemPage.objects.live().public().descendant_of(showcase)
    key_dates = [(str(label), day) for label, day in campaign.key_dates()] if campaign else []
    mondays = _mondays(key_dates)
    # One pass over the published items for the sums the facet index does not hold, the weeks included; the
    # units apart, each found by its first published item (counting distinct values sorted every item).
    week = datetime.timedelta(weeks=1)
    units = Unit.objects.filter(Exists(published.filter(unit=OuterRef("pk")))).count()
    people = published.aggregate(
        views=Sum("view_count"),
        participants=Sum("activitypage__participant_count"),
        recorded=Count("activitypage__participant_count"),
        **{
            f"week_{number}": Count(
                "activitypage", filter=Q(activitypage__starts_on__gte=monday, activitypage__starts_on__lt=monday + week)
            )
            for number, monday in enumerate(mondays)
        },
    )
    opens = ShortLink.objects.filter(page__in=published.values("pk")).aggregate(total=Sum("opens"))
    return {
        "showcase_id": showcase.pk,
        "campaign": campaign.title if campaign else showcase.title,
        "totals": {
            "activities": by_type.get("activity", 0),
            "videos": by_type.get("video", 0),
            "units": units,
            "jurisdictions": sum(1 for value in items.facets["jurisdiction"] if value.count),
            "participants": people["participants"] or 0,
            "activities_with_participants": people["recorded"],
            "views": people["views"] or 0,
            "short_link_opens": opens["total"] or 0,
        },
        "tiles": _tiles({value.value: value.count for value in activities.facets["jurisdiction"]}),
        "sectors": _bars([(value.value, value.label, value.count) for value in items.facets["sector"]]),
        "weeks": _weeks(mondays, [people[f"week_{number}"] for number in range(len(mondays))], key_dates),
        "key_dates": [{"label": label, "date": day, "text": _day(day)} for label, day in key_dates],
        "recommended": [
            {"id": page.pk, "type": page.item_type, "title": page.title, "url": page.get_url()}
            for page in items.with_pages[:RECOMMENDED_SHOWN]
        ],
    }


def _tiles(counts):
    names = tile_names()
    highest = max((counts.get(code, 0) for code in TILE_GRID), default=0)
    tiles = []
    for code, (row, column) in TILE_GRID.items():
        count = counts.get(code, 0)
        level = math.ceil(count * (COLOUR_LEVELS - 1) / highest) if count else 0
        tiles.append(
            {
                "code": code,
                "name": names[code],
                "count": count,
                "level": level,
                "row": row,
                "column": column,
                "x": column * (TILE + GAP),
                "y": row * (TILE + GAP),
            }
        )
    return {
        "tiles": tiles,
        "width": 8 * (TILE + GAP) - GAP,
        "height": 8 * (TILE + GAP) - GAP,
        "size": TILE,
        "highest": highest,
        "legend": _legend(highest),
    }


def _legend(highest):
    """What each colour stands for: none, then four equal steps up to the highest count (fewer when it is small)."""
    legend = [{"level": 0, "text": "0", "x": 0}]
    lower = 1
    for level in range(1, COLOUR_LEVELS):
        upper = level * highest // (COLOUR_LEVELS - 1)
        if upper >= lower:
            text = str(upper) if upper == lower else f"{lower}–{upper}"
            legend.append({"level": level, "text": text, "x": len(legend) * 90})
            lower = upper + 1
    return legend


def _bars(values):
    values = [value for value in values if value[2]]
    highest = max((count for _slug, _label, count in values), default=0)
    bars = [
        {
            "slug": slug,
            "label": label,
            "count": count,
            "y": position * (BAR_HEIGHT + BAR_GAP),
            "width": max(2, round(BAR_WIDTH * count / highest)),
        }
        for position, (slug, label, count) in enumerate(sorted(values, key=lambda value: -value[2]))
    ]
    return {
        "bars": bars,
        "label_width": BAR_LABEL,
        "height": len(bars) * (BAR_HEIGHT + BAR_GAP),
        "width": BAR_LABEL + BAR_WIDTH + 60,
        "bar_height": BAR_HEIGHT,
    }


def _mondays(key_dates):
    """The Mondays of the weeks charted: from a week before the first key date to a week after the last."""
    if not key_dates:
        return []
    first = _monday(min(day for _label, day in key_dates)) - datetime.timedelta(weeks=1)
    last = min(
        _monday(max(day for _label, day in key_dates)) + datetime.timedelta(weeks=1),
        first + datetime.timedelta(weeks=MAX_WEEKS - 1),
    )
    return [first + datetime.timedelta(weeks=number) for number in range((last - first).days // 7 + 1)]


def _weeks(mondays, week_counts, key_dates):
    """Activities by the week they start in, one count per Monday of ``mondays``."""
    if not mondays:
        return {"weeks": [], "width": 0, "height": WEEK_CHART_HEIGHT}
    counts = dict(zip(mondays, week_counts, strict=True))
    highest = max(counts.values(), default=0)
    weeks = []
    for monday in mondays:
        count = counts[monday]
        height = round((WEEK_CHART_HEIGHT - 40) * count / highest) if highest else 0
        marks = [label for label, day in key_dates if monday <= day < monday + datetime.timedelta(weeks=1)]
        weeks.append(
            {
                "starts_on": monday,
                "text": _day(monday),
                "short": f"{monday.month}/{monday.day}",
                "count": count,
                "x": len(weeks) * WEEK_WIDTH,
                "height": height,
                "y": WEEK_CHART_HEIGHT - 20 - height,
                "key_dates": marks,
            }
        )
    return {
        "weeks": weeks,
        "width": len(weeks) * WEEK_WIDTH,
        "height": WEEK_CHART_HEIGHT,
        "bar_width": WEEK_WIDTH - 6,
        "baseline": WEEK_CHART_HEIGHT - 20,
    }


def _monday(day):
    return day - datetime.timedelta(days=day.weekday())


def _day(day):
    return formats.date_format(day, "MONTH_DAY_FORMAT")
