from decimal import Decimal

from django.db import migrations

# The points table of the city's 2022 publicity plan (DOMAIN.md §2), one tier per line:
# (name, what counts, points per item, counts towards quota).
PLAN_TIERS = [
    ("人民日报头版、中央电视台一套《新闻联播》", "人民日报头版；CCTV-1《新闻联播》", "5", ""),
    (
        "人民日报其他版面、中央电视台其他频道、省级日报头版",
        "人民日报其他版面；央视其他频道（专版、广告除外）；省级日报头版",
        "3",
        "",
    ),
    ("省级卫视《新闻联播》", "省级卫视新闻联播节目", "2", ""),
    ("省五水共治《简报》录用", "被省五水共治办《简报》录用，每篇", "2", "provincial_bulletin"),
    ("省五水共治微信公众号录用或转载", "被省五水共治办微信公众号录用或转载，每篇", "1", "provincial_wechat"),
    ("其他中央主流媒体", "其他中央主流媒体报道", "2", ""),
    ("省级、部级主流媒体", "省级或部级主流媒体报道", "1", ""),
    ("市级媒体", "市级媒体报道", "0.5", ""),
    ("生态环境微信公众号录用", "被“生态环境”微信公众号录用", "0.3", ""),
    ("市治水办工作动态采用", "被市治水办《工作动态》采用", "0.2", ""),
]


def load_plan_tiers(apps, schema_editor):
    OutletTier = apps.get_model("assessment", "OutletTier")
    for order, (name, placement, points, counts) in enumerate(PLAN_TIERS, start=1):
        OutletTier.objects.get_or_create(
            name=name,
            defaults={"placement": placement, "points": Decimal(points), "counts_towards": counts, "sort_order": order},
        )


def remove_plan_tiers(apps, schema_editor):
    apps.get_model("assessment", "OutletTier").objects.filter(name__in=[tier[0] for tier in PLAN_TIERS]).delete()


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]

    operations = [migrations.RunPython(load_plan_tiers, remove_plan_tiers)]
