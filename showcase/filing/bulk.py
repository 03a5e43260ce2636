"""Bulk filing: a jurisdiction's moderator files many units' activities from one XLSX sheet.

Provinces collect their units' activities by spreadsheet long before anyone
opens the admin. One service for the admin view and the
``showcase_import_activities`` command:

- :func:`template_workbook` gives the sheet to fill in, with the jurisdiction's
  units, the sectors and the regions (and the other names each accepts) on its
  second tab;
- :func:`plan_import` reads a filled-in sheet and checks every row, without
  saving anything, through the activity's own admin form (the same rules as a
  unit filing by hand or through the API: the campaign year, the unit's
  jurisdiction, the required fields) after matching each unit, sector and region
  by its name or one of its listed other names; a value matching none is
  reported with its row number, never guessed;
- :func:`apply_import` creates every row as a draft in one transaction, and
  optionally submits each into the tiered review;
- :func:`export_workbook` gives the jurisdiction's activities in the same
  columns.
"""

import datetime
import hashlib
import io
import json
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from wagtail.actions import action_registry
from wagtail.api.v3.form_data import build_page_form

from showcase.filing.dashboard import current_jurisdiction_page, item_states
from showcase.filing.forms import NEW_ACTIVITY_DEFAULTS, FormPayload
from showcase.filing.window import filing_refusal
from showcase.models import ActivityPage, Jurisdiction, JurisdictionPage, Region, Sector, Unit
from showcase.permissions.roles import files_for_units_of, has_national_scope
from showcase.review.dashboard import moderated_jurisdictions
from showcase.sheets import SheetError, clean_cell, find_header, first_sheet_rows, matching_key

MAX_DATA_ROWS = 1000
HEADER_SEARCH_ROWS = 20


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    width: int


COLUMNS = [
    Column("unit", "填报单位", True, 30),
    Column("title", "活动名称", True, 36),
    Column("sectors", "行业", True, 14),
    Column("regions", "地区", True, 16),
    Column("starts_on", "开始日期", True, 12),
    Column("ends_on", "结束日期", True, 12),
    Column("venue", "活动地点", True, 24),
    Column("participant_count", "参与人数", False, 10),
    Column("summary", "活动简介", True, 50),
    Column("keywords", "关键词", False, 20),
]
COLUMN_LABELS = {column.key: column.header for column in COLUMNS}
# Headers people write for the same columns, after folding and removing spaces.
HEADER_ALIASES = {
    **{column.header: column.key for column in COLUMNS},
    "单位": "unit",
    "单位名称": "unit",
    "填报单位名称": "unit",
    "活动标题": "title",
    "标题": "title",
    "名称": "title",
    "所属行业": "sectors",
    "行业类别": "sectors",
    "所在地区": "regions",
    "地区(省/市)": "regions",
    "开始时间": "starts_on",
    "结束时间": "ends_on",
    "地点": "venue",
    "人数": "participant_count",
    "参与人次": "participant_count",
    "简介": "summary",
    "活动内容": "summary",
    "摘要": "summary",
}
LIST_SEPARATORS = re.compile(r"[、,，;；/\n]+")
DATE_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


class BulkFilingError(SheetError):
    """The whole sheet, not one row, cannot be filed; the message says what to do."""


class Vocabulary:
    """Terms by their name and their listed other names, compared folded and without spaces."""

    def __init__(self, terms):
        self.by_key = {}
        for term in terms:
            names = [term.name, *(line for line in (term.other_names or "").splitlines() if line.strip())]
            for name in names:
                entries = self.by_key.setdefault(matching_key(name), [])
                if term not in entries:
                    entries.append(term)

    def matches(self, text):
        """Every term called ``text``: one is a match; none, or several, is reported and never guessed."""
        return self.by_key.get(matching_key(text), [])


@dataclass
class PlannedActivity:
    """One data row: what was read, the terms it names, and what is wrong with it."""

    number: int
    values: dict
    unit: Unit | None = None
    sectors: list = field(default_factory=list)
    regions: list = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    payload: dict = field(default_factory=dict)

    @property
    def is_valid(self):
        return not self.errors

    @property
    def title(self):
        return self.values.get("title", "")

    def key(self):
        return [
            self.number,
            self.values,
            self.unit.pk if self.unit else None,
            [term.pk for term in self.sectors],
            [term.pk for term in self.regions],
            self.errors,
        ]


@dataclass
class FilingPlan:
    jurisdiction_page: JurisdictionPage
    rows: list[PlannedActivity]

    @property
    def is_valid(self):
        return bool(self.rows) and all(row.is_valid for row in self.rows)

    @property
    def bad_rows(self):
        return [row for row in self.rows if not row.is_valid]

    def fingerprint(self):
        """A digest of everything the dry run showed, so a confirmation files exactly that."""
        payload = json.dumps([self.jurisdiction_page.pk, [row.key() for row in self.rows]], default=str)
        return hashlib.sha256(payload.encode()).hexdigest()


def filing_place(user, jurisdiction):
    """The jurisdiction's page in the current campaign, if ``user`` may file its units' activities in bulk there."""
    if not files_for_units_of(user, jurisdiction):
        return None
    page = current_jurisdiction_page(jurisdiction)
    return page if page is not None and page.permissions_for_user(user).can_add_subpage() else None


def filing_places(user):
    """Where ``user`` may file in bulk: their moderated jurisdictions, or every one for national editors."""
    jurisdictions = Jurisdiction.objects.all() if has_national_scope(user) else moderated_jurisdictions(user)
    return [place for jurisdiction in jurisdictions if (place := filing_place(user, jurisdiction)) is not None]


# Reading


def _header(rows):
    found = find_header(rows, HEADER_ALIASES, lambda columns: {"title", "unit"} <= columns.keys(), HEADER_SEARCH_ROWS)
    if found is None:
        raise BulkFilingError(
            _(
                "No header row was found in the first %(count)s rows of the first sheet. The sheet needs the "
                "template's header: %(headers)s."
            )
            % {"count": HEADER_SEARCH_ROWS, "headers": "、".join(column.header for column in COLUMNS)}
        )
    index, columns = found
    missing = [column.header for column in COLUMNS if column.required and column.key not in columns]
    if missing:
        raise BulkFilingError(
            _("The header on row %(row)s lacks the column(s) %(columns)s. Start from the template.")
            % {"row": index + 1, "columns": "、".join(f"“{header}”" for header in missing)}
        )
    return index, columns


def _read(rows):
    header_index, columns = _header(rows)
    read = []
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        values = {}
        for key, position in columns.items():
            value = row[position] if position < len(row) else None
            values[key] = value if isinstance(value, datetime.date) else clean_cell(value)
        if not any(values.values()):
            continue
        read.append(PlannedActivity(number=index + 1, values=values))
        if len(read) > MAX_DATA_ROWS:
            raise BulkFilingError(
                _("The sheet has more than %(count)s activities. Split it into smaller sheets.")
                % {"count": MAX_DATA_ROWS}
            )
    if not read:
        raise BulkFilingError(
            _("The sheet has a header on row %(row)s but no activities below it. Fill in at least one row.")
            % {"row": header_index + 1}
        )
    return read


def _date(value):
    """A date cell, or text such as 2026-03-22, 2026/3/22, 2026.3.22 or 2026年3月22日; None if it is none of these."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = DATE_PATTERN.match(clean_cell(value, fold=True))
    if match is None:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _terms(text):
    return [part.strip() for part in LIST_SEPARATORS.split(clean_cell(text, fold=False)) if part.strip()]


# Checking


def _row_error(row, message, **values):
    return _("Row %(row)s: %(problem)s") % {"row": row.number, "problem": message % values if values else message}


def _check_required(row):
    for column in COLUMNS:
        if column.required and not row.values.get(column.key):
            row.errors.append(_row_error(row, _("“%(column)s” is empty; fill it in."), column=column.header))


def _match_unit(row, units, jurisdiction):
    name = row.values.get("unit")
    if not name:
        return
    found = units.matches(name)
    if len(found) == 1:
        row.unit = found[0]
        return
    if found:
        message = _("“%(value)s” names several units of %(jurisdiction)s; write the unit's full name.")
    else:
        message = _(
            "the unit “%(value)s” is not in %(jurisdiction)s's directory. Write its name as the template's "
            "second tab lists it, or add “%(value)s” to that unit's other names under Directory → Units."
        )
    row.errors.append(_row_error(row, message, value=name, jurisdiction=jurisdiction.short_name))


def _match_terms(row, key, vocabulary, kind):
    matched = []
    for name in _terms(row.values.get(key)):
        found = vocabulary.matches(name)
        term = found[0] if len(found) == 1 else None
        if term is None:
            row.errors.append(
                _row_error(
                    row,
                    _(
                        "the %(kind)s “%(value)s” is not on the list. Use a name from the template's second tab; "
                        "an editor can add “%(value)s” to a term's other names."
                    ),
                    kind=kind,
                    value=name,
                )
            )
        elif term not in matched:
            matched.append(term)
    setattr(row, key, matched)


def _check_dates(row):
    days = {}
    for key in ("starts_on", "ends_on"):
        value = row.values.get(key)
        if not value:
            continue
        days[key] = _date(value)
        if days[key] is None:
            row.errors.append(
                _row_error(
                    row,
                    _("“%(column)s” “%(value)s” is not a date; write it as 2026-03-22."),
                    column=COLUMN_LABELS[key],
                    value=value,
                )
            )
    return days


def _participants(row):
    value = row.values.get("participant_count")
    if not value:
        return None
    text = clean_cell(value, fold=True).replace(",", "")
    if not text.isdigit():
        row.errors.append(
            _row_error(row, _("“参与人数” “%(value)s” is not a whole number; write a number such as 120."), value=value)
        )
        return None
    return int(text)


def _form_payload(row, days, participants):
    return {
        **NEW_ACTIVITY_DEFAULTS,
        "title": row.values.get("title", ""),
        "unit": row.unit.pk if row.unit else None,
        "sectors": [term.name for term in row.sectors],
        "regions": [term.name for term in row.regions],
        "starts_on": days.get("starts_on"),
        "ends_on": days.get("ends_on"),
        "venue": row.values.get("venue", ""),
        "participant_count": participants,
        "summary": row.values.get("summary", ""),
        "keywords": _terms(row.values.get("keywords")),
    }


def _activity_form(row, parent, user):
    return build_page_form(ActivityPage, parent, FormPayload(row.payload), user)


def _check_with_the_form(row, parent, user):
    """The activity's own admin form judges the row: the same rules as filing one activity by hand."""
    form = _activity_form(row, parent, user)
    if form.is_valid():
        return
    for name, messages in form.errors.items():
        label = COLUMN_LABELS.get(name) or (form.fields[name].label if name in form.fields else "")
        for message in messages:
            problem = f"“{label}”：{message}" if label else message
            row.errors.append(_row_error(row, "%(problem)s", problem=problem))


def _check_repeats(rows, parent):
    """Two rows of the sheet, or a row and an activity already filed, for the same unit under the same title."""
    filed = {
        (unit_id, matching_key(title))
        for unit_id, title in ActivityPage.objects.child_of(parent).values_list("unit_id", "title")
    }
    seen = {}
    for row in rows:
        if row.unit is None or not row.title:
            continue
        key = (row.unit.pk, matching_key(row.title))
        if key in filed:
            row.errors.append(
                _row_error(row, _("%(unit)s has already filed “%(title)s”."), unit=row.unit.name, title=row.title)
            )
        elif key in seen:
            row.errors.append(
                _row_error(row, _("it repeats row %(other)s (same unit and title); keep one of them."), other=seen[key])
            )
        else:
            seen[key] = row.number


def plan_import(file, jurisdiction_page, user):
    """Read and check the sheet, saving nothing; raise BulkFilingError when the sheet as a whole cannot be used."""
    parent = jurisdiction_page
    refusal = filing_refusal(user, parent)
    if refusal:
        raise BulkFilingError(refusal)
    if not parent.permissions_for_user(user).can_add_subpage():
        raise BulkFilingError(_("Your account may not file activities under %(place)s.") % {"place": parent.title})
    try:
        rows = first_sheet_rows(file, _("The file is empty. Upload the filled-in bulk filing sheet as an .xlsx file."))
    except SheetError as error:
        raise BulkFilingError(str(error)) from error
    planned = _read(rows)
    jurisdiction = parent.jurisdiction
    units = Vocabulary(Unit.objects.filter(jurisdiction=jurisdiction))
    sectors, regions = Vocabulary(Sector.objects.all()), Vocabulary(Region.objects.all())
    for row in planned:
        _check_required(row)
        _match_unit(row, units, jurisdiction)
        _match_terms(row, "sectors", sectors, _("sector"))
        _match_terms(row, "regions", regions, _("region"))
        row.payload = _form_payload(row, _check_dates(row), _participants(row))
        if row.is_valid:
            _check_with_the_form(row, parent, user)
    _check_repeats(planned, parent)
    return FilingPlan(jurisdiction_page=parent, rows=planned)


# Filing


def apply_import(plan, user, submit=False):
    """File every row of a valid plan as a draft, all or none; with ``submit``, each enters the tiered review."""
    if not plan.is_valid:
        raise BulkFilingError(_("The sheet still has rows with problems; fix them and upload it again."))
    parent = plan.jurisdiction_page
    created = []
    with transaction.atomic():
        for row in plan.rows:
            form = _activity_form(row, parent, user)
            action = action_registry.get_action_class(ActivityPage, "create")(
                form.instance, parent, user=user, form=form
            )
            page = action.execute()
            if submit:
                workflow = page.get_workflow()
                if workflow is None:
                    raise BulkFilingError(_("No review workflow applies here; ask the campaign office."))
                workflow.start(page, user)
            created.append(page)
    return created


# Workbooks


def _styled_header(sheet, headers, widths):
    sheet.append(headers)
    for cell, width in zip(sheet[1], widths, strict=True):
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "A2"


def _workbook_bytes(workbook):
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def template_workbook(jurisdiction_page):
    """The sheet to fill in, and on its second tab the names each column accepts and the campaign's dates."""
    jurisdiction = jurisdiction_page.jurisdiction
    campaign = jurisdiction_page.campaign
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "活动"
    _styled_header(sheet, [column.header for column in COLUMNS], [column.width for column in COLUMNS])

    guide = workbook.create_sheet("填写说明")
    guide.append([_("Bulk filing of %(place)s") % {"place": jurisdiction_page.title}])
    if campaign is not None:
        guide.append(
            [
                _("Campaign %(title)s: activities take place in %(year)s; filing is open from %(opens)s to %(closes)s.")
                % {
                    "title": campaign.title,
                    "year": campaign.year,
                    "opens": campaign.filing_opens_on.isoformat(),
                    "closes": campaign.filing_closes_on.isoformat(),
                }
            ]
        )
    guide.append(
        [
            _(
                "Required columns: %(columns)s. Dates as 2026-03-22. Several sectors or regions are separated "
                "by 、. Each name must be one of those below (or one of its other names); nothing is guessed."
            )
            % {"columns": "、".join(column.header for column in COLUMNS if column.required)}
        ]
    )
    guide.append([])
    guide.append(["填报单位", "其他名称", "行业", "其他名称", "地区", "其他名称"])
    for cell in guide[guide.max_row]:
        cell.font = Font(bold=True)
    lists = [
        Unit.objects.filter(jurisdiction=jurisdiction).order_by("name"),
        Sector.objects.order_by("sort_order", "name"),
        Region.objects.order_by("sort_order", "name"),
    ]
    columns = [[(term.name, " ".join((term.other_names or "").split())) for term in terms] for terms in lists]
    for position in range(max(len(column) for column in columns)):
        line = []
        for column in columns:
            line += list(column[position]) if position < len(column) else ["", ""]
        guide.append(line)
    for letter, width in zip("ABCDEF", (30, 20, 12, 12, 16, 12), strict=True):
        guide.column_dimensions[letter].width = width
    return _workbook_bytes(workbook)


def export_workbook(jurisdiction_page):
    """The jurisdiction's activities in this campaign, in the template's columns, with their review state."""
    pages = list(
        ActivityPage.objects.child_of(jurisdiction_page)
        .select_related("unit")
        .prefetch_related("sectors", "regions", "keywords")
        .order_by("pk")
    )
    states = item_states(pages)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "活动"
    headers = [column.header for column in COLUMNS] + ["状态", "后台编号"]
    _styled_header(sheet, headers, [column.width for column in COLUMNS] + [16, 10])
    for page in pages:
        latest = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
        sheet.append(
            [
                page.unit.name if page.unit else "",
                latest.title,
                "、".join(term.name for term in latest.sectors.all()),
                "、".join(term.name for term in latest.regions.all()),
                latest.starts_on,
                latest.ends_on,
                latest.venue,
                latest.participant_count,
                latest.summary,
                "、".join(term.name for term in latest.keywords.all()),
                str(states[page.pk].label),
                page.pk,
            ]
        )
    for row in sheet.iter_rows(min_row=2, min_col=5, max_col=6):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    return _workbook_bytes(workbook)
