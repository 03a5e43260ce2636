import pytest
from wagtail.models import Page

from tests.factories import UnitFactory, UnitMemberFactory, UserFactory


def reload(page):
    return Page.objects.get(pk=page.pk).specific


@pytest.fixture
def submitter(hebei):
    """A member of 石家庄市节水办, a unit of 河北, in 河北's submitters group."""
    unit = UnitFactory(jurisdiction=hebei.jurisdiction, name="石家庄市节水办")
    user = UserFactory(groups=[hebei.jurisdiction.submitters])
    UnitMemberFactory(user=user, unit=unit)
    return user


@pytest.fixture
def moderator(hebei):
    return UserFactory(groups=[hebei.jurisdiction.moderators])
