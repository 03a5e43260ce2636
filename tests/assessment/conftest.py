"""An assessment period with three bodies, its officers, an assessor, national editors and experts."""

import datetime

import pytest

from assessment.access import add_officer
from assessment.coverage import record_coverage, verify_record
from assessment.models import OutletTier
from assessment.roles import ASSESSORS, EXPERTS
from showcase.permissions.roles import NATIONAL_EDITORS
from tests.factories import AssessmentPeriodFactory, JurisdictionFactory, UnitFactory, UserFactory

DAY = datetime.date(2022, 5, 10)


@pytest.fixture
def tiers(db):
    """The plan's tiers as loaded by the data migration, by their line number (1-10)."""
    return {tier.sort_order: tier for tier in OutletTier.objects.all()}


@pytest.fixture
def zhejiang(db):
    return JurisdictionFactory(name="浙江省水利厅", short_name="浙江", code="zhejiang")


@pytest.fixture
def bodies(zhejiang):
    return {
        "dinghai": UnitFactory(name="定海区治水办", jurisdiction=zhejiang),
        "putuo": UnitFactory(name="普陀区治水办", jurisdiction=zhejiang),
        "xincheng": UnitFactory(name="新城管委会", jurisdiction=zhejiang),
    }


@pytest.fixture
def period(bodies):
    return AssessmentPeriodFactory(
        name="2022年宣传考核",
        year=2022,
        bodies={bodies["dinghai"]: "county", bodies["putuo"]: "county", bodies["xincheng"]: "zone"},
        quotas={"county": (3, 1), "zone": (1, 0)},
    )


@pytest.fixture
def assessor(db):
    return UserFactory(username="assessor", groups=[ASSESSORS.group()])


@pytest.fixture
def officers(bodies, period):
    people = {}
    for key, unit in bodies.items():
        user = UserFactory(username=f"{key}-officer")
        add_officer(user, unit)
        people[key] = user
    return people


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", groups=[NATIONAL_EDITORS.group()])


@pytest.fixture
def experts(db):
    group = EXPERTS.group()
    return [UserFactory(username=f"expert{n}", groups=[group]) for n in (1, 2, 3)]


class Recorder:
    """Records (and optionally verifies) coverage through the services, with unique stories by default."""

    def __init__(self, period, assessor, tiers):
        self.period, self.assessor, self.tiers, self.count = period, assessor, tiers, 0

    def __call__(self, unit, tier_line, *, verify=True, period=None, **fields):
        self.count += 1
        data = {
            "period": period or self.period,
            "unit": unit,
            "tier": self.tiers[tier_line],
            "outlet": "舟山日报",
            "headline": f"治水新闻第{self.count}篇",
            "published_on": DAY,
            "url": f"https://news.example.cn/{self.count}.html",
        }
        data.update(fields)
        record = record_coverage(self.assessor, **data)
        return verify_record(record, self.assessor) if verify else record


@pytest.fixture
def record(period, assessor, tiers):
    return Recorder(period, assessor, tiers)


def assert_denied(response):
    """Refused: 404 for another's object, or Wagtail's admin answer to PermissionDenied (back to the dashboard)."""
    assert response.status_code in (403, 404) or (response.status_code == 302 and response.url == "/admin/"), (
        response.status_code,
        getattr(response, "url", ""),
    )


@pytest.fixture
def zone(campaign):
    from tests.factories import ShowcaseIndexPageFactory

    return ShowcaseIndexPageFactory(parent=campaign)


@pytest.fixture
def hebei_page(zone):
    from tests.factories import JurisdictionPageFactory

    jurisdiction = JurisdictionFactory(name="河北省水利厅", short_name="河北", code="hebei")
    return JurisdictionPageFactory(parent=zone, jurisdiction=jurisdiction)


def scores(total_per_criterion):
    """Equal scores on the four published criteria (25 points each)."""
    return dict.fromkeys(("organization", "mobilization", "linkage", "reach"), total_per_criterion)
