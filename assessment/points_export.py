"""The points table as an XLSX workbook: the table on the first sheet, the period's rules on the second."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from assessment.models import BodyKind


def points_workbook(table):
    period = table.period
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Points table")
    headers = [_("Rank"), _("Assessed body"), _("Kind of body")]
    headers += [tier.name for tier in table.tiers]
    headers += [
        _("Total before cap"),
        _("Total after cap"),
        _("Provincial WeChat acceptances"),
        _("WeChat quota"),
        _("WeChat short by"),
        _("Provincial bulletin acceptances"),
        _("Bulletin quota"),
        _("Bulletin short by"),
    ]
    sheet.append(headers)
    for row in table.rows:
        sheet.append(
            [row.rank, row.name, str(row.kind_label), *row.by_tier, row.total, row.capped]
            + [row.wechat, row.wechat_minimum, row.wechat_short, row.bulletin, row.bulletin_minimum, row.bulletin_short]
        )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "D2"

    rules = workbook.create_sheet(_("Rules"))
    rules.append([_("Assessment"), period.name])
    rules.append([_("Year"), period.year])
    rules.append([_("Days counted"), f"{period.starts_on.isoformat()} – {period.ends_on.isoformat()}"])
    rules.append([_("Cumulative bonus cap"), period.bonus_cap])
    rules.append([])
    rules.append([_("Kind of body"), _("WeChat quota"), _("Bulletin quota")])
    for quota in period.quotas.all():
        rules.append([str(BodyKind(quota.kind).label), quota.wechat_minimum, quota.bulletin_minimum])
    rules.append([])
    rules.append([_("Outlet and placement"), _("What counts"), _("Points per item"), _("Counts towards quota")])
    for tier in table.tiers:
        rules.append([tier.name, tier.placement, tier.points, str(tier.get_counts_towards_display())])
    rules.append([])
    rules.append([_("Only verified records score, at the points of their tier when they were verified.")])
    rules.append([_("Equal totals after the cap share a rank.")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
