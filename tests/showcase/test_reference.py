"""The reference data: every jurisdiction of the national campaign, regions and sectors, loaded once."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from showcase.directory.reference import load_reference_data
from showcase.management.commands.showcase_load_reference import Command
from showcase.models import Jurisdiction, Region, Sector

pytestmark = pytest.mark.django_db

LATIN_SLUG = re.compile(r"^[a-z][a-z0-9-]*$")


def _snapshot():
    return {
        "jurisdictions": sorted(Jurisdiction.objects.values_list("code", "name", "short_name", "kind", "region_id")),
        "regions": sorted(Region.objects.values_list("slug", "name", "parent_id")),
        "sectors": sorted(Sector.objects.values_list("slug", "name")),
    }


def test_loads_every_jurisdiction_of_the_national_campaign():
    counts = load_reference_data()

    assert counts["jurisdictions"].created == 40
    kinds = Jurisdiction.Kind
    assert Jurisdiction.objects.filter(kind=kinds.BASIN).count() == 7
    assert Jurisdiction.objects.filter(kind=kinds.PROVINCE).count() == 31
    assert Jurisdiction.objects.filter(kind=kinds.XPCC).count() == 1
    assert Jurisdiction.objects.filter(kind=kinds.MINISTRY).count() == 1
    names = set(Jurisdiction.objects.values_list("name", flat=True))
    assert {
        "长江水利委员会",
        "黄河水利委员会",
        "淮河水利委员会",
        "海河水利委员会",
        "珠江水利委员会",
        "松辽水利委员会",
        "太湖流域管理局",
        "河北省水利厅",
        "北京市水务局",
        "上海市水务局",
        "海南省水务厅",
        "广西壮族自治区水利厅",
        "新疆维吾尔自治区水利厅",
        "新疆生产建设兵团水利局",
        "水利部机关及直属单位",
    } <= names
    hebei = Jurisdiction.objects.get(code="hebei")
    assert (hebei.short_name, hebei.kind, hebei.region.name) == ("河北", kinds.PROVINCE, "河北省")


def test_provinces_map_to_their_region_and_nothing_else_does():
    load_reference_data()
    for jurisdiction in Jurisdiction.objects.select_related("region"):
        if jurisdiction.kind == Jurisdiction.Kind.PROVINCE:
            assert jurisdiction.region is not None and jurisdiction.region.is_province
            assert jurisdiction.region.slug == jurisdiction.code
        else:
            assert jurisdiction.region is None, jurisdiction
    assert Region.objects.filter(parent__isnull=True).count() == 31
    assert not Region.objects.filter(name__contains="兵团").exists()
    shijiazhuang = Region.objects.get(slug="shijiazhuang")
    assert (shijiazhuang.name, shijiazhuang.parent.slug) == ("石家庄市", "hebei")
    assert Region.objects.get(slug="baoding").parent.slug == "hebei"
    assert not Region.objects.filter(parent__parent__isnull=False).exists()


def test_codes_and_slugs_are_latin_and_every_jurisdiction_gets_its_groups():
    load_reference_data()
    codes = list(Jurisdiction.objects.values_list("code", flat=True))
    slugs = list(Region.objects.values_list("slug", flat=True)) + list(Sector.objects.values_list("slug", flat=True))
    assert all(LATIN_SLUG.match(value) for value in codes + slugs), [
        v for v in codes + slugs if not LATIN_SLUG.match(v)
    ]
    assert Sector.objects.count() == 10
    assert Sector.objects.get(slug="education").name == "教育"
    assert list(Sector.objects.values_list("name", flat=True)[:2]) == ["水利", "教育"]
    for jurisdiction in Jurisdiction.objects.all():
        assert jurisdiction.moderators is not None and jurisdiction.submitters is not None
        assert jurisdiction.code in jurisdiction.moderators.name


def test_jurisdictions_are_ordered_ministry_basins_provinces_xpcc():
    load_reference_data()
    kinds = list(Jurisdiction.objects.values_list("kind", flat=True))
    assert kinds[0] == Jurisdiction.Kind.MINISTRY
    assert set(kinds[1:8]) == {Jurisdiction.Kind.BASIN}
    assert set(kinds[8:39]) == {Jurisdiction.Kind.PROVINCE}
    assert kinds[39] == Jurisdiction.Kind.XPCC
    provinces = list(Jurisdiction.objects.filter(kind=Jurisdiction.Kind.PROVINCE).values_list("code", flat=True))
    assert provinces[:3] == ["beijing", "tianjin", "hebei"]


def test_loading_again_creates_nothing_and_keeps_editors_changes():
    load_reference_data()
    Jurisdiction.objects.filter(code="hebei").update(short_name="冀")
    Sector.objects.filter(slug="media").update(sort_order=1)
    before = _snapshot()

    counts = load_reference_data()

    assert all(count.created == 0 for count in counts.values())
    assert counts["jurisdictions"].existing == 40
    assert _snapshot() == before
    assert Jurisdiction.objects.get(code="hebei").short_name == "冀"
    assert Sector.objects.get(slug="media").sort_order == 1


def test_rows_made_by_hand_with_the_same_name_are_adopted_not_duplicated():
    Sector.objects.create(name="教育", slug="jiaoyu")
    counts = load_reference_data()
    assert counts["sectors"].existing == 1
    assert Sector.objects.filter(name="教育").count() == 1
    assert not Sector.objects.filter(slug="education").exists()


def test_the_command_loads_and_reports_counts():
    out = io.StringIO()
    call_command("showcase_load_reference", stdout=out)
    assert "jurisdictions: 40 created" in out.getvalue()
    out = io.StringIO()
    call_command("showcase_load_reference", stdout=out)
    assert "jurisdictions: 0 created, 40 already present" in out.getvalue()


def test_the_command_explains_itself_and_takes_no_arguments():
    help_text = Command().create_parser("manage.py", "showcase_load_reference").format_help()
    assert "river-basin" in help_text and "safe" in help_text
    with pytest.raises(CommandError):
        call_command("showcase_load_reference", "extra")
