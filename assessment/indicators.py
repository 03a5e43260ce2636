"""The organizers' indicators per jurisdiction: what the 优秀组织单位 are chosen on, for one campaign.

The campaign notice judges organizing units on organization, social
mobilization, cross-sector linkage and publicity reach. Per jurisdiction this
is: units in the directory and units that filed, activities by rating, the
video places used of the quota, the sectors its published items cover, the
median review time at each level, page views and short-link opens (shares
opened: typed, tapped or scanned from a poster), and whether its summary
materials came in by the deadline.

The review figures (ratings, median times) are ``showcase.review.report``'s,
reused as they are, so this report and the review report can never disagree.
Every other figure is one grouped query, whatever the number of items.
"""

import dataclasses

from django.db.models import Count, Sum

from assessment.models import SummaryMaterial
from showcase.models import (
    ShortLink,
    ShowcaseIndexPage,
    ShowcaseItemPage,
    ShowcaseItemSector,
    Unit,
    VideoQuotaSlot,
)
from showcase.review.report import review_figures


@dataclasses.dataclass
class JurisdictionIndicators:
    jurisdiction_name: str
    jurisdiction_id: int | None = None
    units_in_directory: int = 0
    units_filed: int = 0
    items_filed: int = 0
    activities_published: int = 0
    rated_a_plus: int = 0
    rated_a: int = 0
    rated_b: int = 0
    videos_used: int = 0
    video_quota: int = 0
    sectors_covered: int = 0
    median_jurisdiction_hours: float | None = None
    median_final_hours: float | None = None
    views: int = 0
    short_link_opens: int = 0
    summary_materials_on_time: int = 0
    summary_materials_late: int = 0

    @property
    def videos_of_quota(self):
        return f"{self.videos_used}/{self.video_quota}"


def organizer_indicators(campaign):
    """One row per jurisdiction with a page in ``campaign``, in directory order (see the module's docstring)."""
    review = review_figures(campaign=campaign)
    rows = {
        figures.jurisdiction.pk: JurisdictionIndicators(
            jurisdiction_name=figures.jurisdiction.name,
            jurisdiction_id=figures.jurisdiction.pk,
            rated_a_plus=figures.rated_a_plus,
            rated_a=figures.rated_a,
            rated_b=figures.rated_b,
            median_jurisdiction_hours=figures.median_jurisdiction_hours,
            median_final_hours=figures.median_final_hours,
        )
        for figures in review
    }
    showcase = ShowcaseIndexPage.objects.child_of(campaign).first()
    quota = showcase.video_quota if showcase else 0

    def fill(pairs, name):
        for jurisdiction_id, value in pairs:
            if jurisdiction_id in rows:
                setattr(rows[jurisdiction_id], name, value or 0)

    fill(
        Unit.objects.filter(jurisdiction__in=rows).values_list("jurisdiction").annotate(Count("pk")),
        "units_in_directory",
    )
    items = ShowcaseItemPage.objects.descendant_of(campaign).filter(jurisdiction__in=rows).order_by()
    filed = items.values("jurisdiction").annotate(
        units=Count("unit", distinct=True), items=Count("pk"), views=Sum("view_count")
    )
    for values in filed:
        row = rows[values["jurisdiction"]]
        row.units_filed, row.items_filed, row.views = values["units"], values["items"], values["views"] or 0
    links = ShortLink.objects.filter(page__in=items.values("pk")).order_by()
    fill(links.values_list("page__showcaseitempage__jurisdiction").annotate(Sum("opens")), "short_link_opens")
    published_activities = items.live().filter(activitypage__isnull=False)
    fill(published_activities.values_list("jurisdiction").annotate(Count("pk")), "activities_published")
    sectors = ShowcaseItemSector.objects.filter(content_object__in=items.live()).order_by()
    fill(
        sectors.values_list("content_object__jurisdiction").annotate(Count("tag", distinct=True)),
        "sectors_covered",
    )
    for row in rows.values():
        row.video_quota = quota
    if showcase is not None:
        slots = VideoQuotaSlot.objects.filter(showcase=showcase).order_by()
        fill(slots.values_list("jurisdiction").annotate(Count("pk")), "videos_used")
    materials = SummaryMaterial.objects.filter(campaign=campaign).order_by()
    if campaign.summary_deadline:
        on_time = materials.filter(uploaded_at__date__lte=campaign.summary_deadline)
        late = materials.filter(uploaded_at__date__gt=campaign.summary_deadline)
        fill(late.values_list("jurisdiction").annotate(Count("pk")), "summary_materials_late")
    else:
        on_time = materials
    fill(on_time.values_list("jurisdiction").annotate(Count("pk")), "summary_materials_on_time")
    return list(rows.values())
