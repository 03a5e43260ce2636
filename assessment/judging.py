"""Use cases of the expert review: assign, score, close the round and rank.

The ranking rule, shown on the results page: a candidate's final score is
``rating weight × rating score + expert weight × expert score`` (weights in
percent). The rating score is 100 for A+, 85 for A, 70 for B and 0 when
unrated; an organizing unit's is the mean over its rated published items.
The expert score is the mean, over the experts who scored it, of their total
as a percentage of the criteria's maximum. Equal final scores share a rank;
the places go to the best ranks, so a tie on the last place takes everyone in it.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Case, DecimalField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.models import ExpertAssignment, ExpertScore, Nomination, ReviewCriterion, ReviewRound
from assessment.models.judging import DEFAULT_CRITERIA
from assessment.roles import EXPERTS, is_expert, runs_awards
from showcase.models import ItemRating

RATING_POINTS = {"A+": Decimal(100), "A": Decimal(85), "B": Decimal(70)}
HUNDREDTH = Decimal("0.01")


def ensure_round(campaign):
    """The campaign's review round with the four published criteria (25 points each)."""
    review_round, _created = ReviewRound.objects.get_or_create(campaign=campaign)
    for order, (code, name) in enumerate(DEFAULT_CRITERIA):
        ReviewCriterion.objects.get_or_create(
            round=review_round, code=code, defaults={"name": str(name), "max_score": 25, "sort_order": order}
        )
    return review_round


def experts():
    return EXPERTS.holders().filter(is_active=True).distinct().order_by("username")


def _round_of(nomination):
    return ensure_round(nomination.category.campaign)


def assign(user, nomination, expert):
    """A national editor gives a nomination to an expert to score."""
    if not runs_awards(user):
        raise PermissionDenied(_("Only national editors can assign nominations to experts."))
    if not is_expert(expert):
        raise ValidationError(_("%(user)s is not an expert.") % {"user": expert.get_username()})
    if _round_of(nomination).is_closed:
        raise ValidationError(_("The review round is closed."))
    assignment, _created = ExpertAssignment.objects.get_or_create(
        nomination=nomination, expert=expert, defaults={"assigned_by": user}
    )
    return assignment


def assignment_for(expert, assignment_id):
    """The expert's own assignment; any other id is refused as if it did not exist."""
    assignment = (
        ExpertAssignment.objects.filter(pk=assignment_id, expert=expert)
        .select_related("nomination__category__campaign", "nomination__item", "nomination__unit")
        .first()
    )
    if assignment is None:
        raise PermissionDenied(_("This nomination is not assigned to you."))
    return assignment


def score(expert, assignment_id, values, comment=""):
    """An expert scores an assigned nomination against every criterion; all or nothing is saved.

    ``values`` maps criterion codes to numbers.
    """
    assignment = assignment_for(expert, assignment_id)
    review_round = _round_of(assignment.nomination)
    if review_round.is_closed:
        raise ValidationError(_("The review round is closed; scores can no longer change."))
    errors, clean = {}, {}
    for criterion in review_round.criteria.all():
        raw = values.get(criterion.code)
        try:
            number = Decimal(str(raw)) if raw not in (None, "") else None
        except ArithmeticError:
            number = None
        if number is None or not number.is_finite() or not 0 <= number <= criterion.max_score:
            errors[criterion.code] = _("Score %(criterion)s between 0 and %(max)s.") % {
                "criterion": criterion.name,
                "max": criterion.max_score,
            }
        else:
            clean[criterion] = number.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for criterion, number in clean.items():
            ExpertScore.objects.update_or_create(assignment=assignment, criterion=criterion, defaults={"value": number})
        assignment.comment = (comment or "").strip()
        assignment.submitted_at = timezone.now()
        assignment.save(update_fields=["comment", "submitted_at"])
    return assignment


def visible_assignments(user, nomination):
    """Scores are private to each expert until the round closes; then editors see them all."""
    assignments = nomination.assignments.select_related("expert").prefetch_related("scores__criterion")
    if _round_of(nomination).is_closed and runs_awards(user):
        return list(assignments)
    return list(assignments.filter(expert=user))


def _rating_score(nomination):
    if nomination.item_id:
        rating = ItemRating.objects.filter(item_id=nomination.item_id).values_list("rating", flat=True).first()
        return RATING_POINTS.get(rating, Decimal(0))
    points = Case(
        *[When(rating=rating, then=Value(value)) for rating, value in RATING_POINTS.items()],
        default=Value(Decimal(0)),
        output_field=DecimalField(max_digits=6, decimal_places=2),
    )
    mean = (
        ItemRating.objects.filter(
            item__unit_id=nomination.unit_id, item__live=True, item__path__startswith=nomination.category.campaign.path
        )
        .annotate(points=points)
        .aggregate(mean=Avg("points"))["mean"]
    )
    return Decimal(mean or 0)


def _expert_score(nomination, maximum):
    totals = [
        sum((score.value for score in assignment.scores.all()), Decimal(0))
        for assignment in nomination.assignments.filter(submitted_at__isnull=False).prefetch_related("scores")
    ]
    if not totals or not maximum:
        return Decimal(0)
    return sum(totals) / len(totals) * 100 / maximum


def combine(rating_score, expert_score, review_round):
    final = (rating_score * review_round.rating_weight + expert_score * review_round.expert_weight) / 100
    return final.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def competition_ranks(scores):
    """Ranks for scores in descending order, equal scores sharing a rank (1, 1, 3)."""
    ordered = sorted(scores, reverse=True)
    return [ordered.index(value) + 1 for value in scores]


@transaction.atomic
def close_round(user, review_round):
    """Close the round: freeze every nomination's scores, rank and winner flag; the results can then be published."""
    if not runs_awards(user):
        raise PermissionDenied(_("Only national editors can close the review round."))
    review_round = ReviewRound.objects.select_for_update().get(pk=review_round.pk)
    if review_round.is_closed:
        raise ValidationError(_("The review round is already closed."))
    pending = ExpertAssignment.objects.filter(
        nomination__category__campaign=review_round.campaign, submitted_at__isnull=True
    ).count()
    if pending:
        raise ValidationError(
            _("%(count)d assigned nominations have not been scored yet; the round cannot close.") % {"count": pending}
        )
    maximum = sum(criterion.max_score for criterion in review_round.criteria.all())
    nominations = list(
        Nomination.objects.filter(category__campaign=review_round.campaign).select_related("category__campaign")
    )
    for nomination in nominations:
        nomination.rating_score = _rating_score(nomination).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
        nomination.expert_score = _expert_score(nomination, maximum).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
        nomination.final_score = combine(nomination.rating_score, nomination.expert_score, review_round)
    by_category = {}
    for nomination in nominations:
        by_category.setdefault(nomination.category_id, []).append(nomination)
    for group in by_category.values():
        for nomination, rank in zip(group, competition_ranks([n.final_score for n in group]), strict=True):
            nomination.rank = rank
            nomination.is_winner = rank <= nomination.category.places
    Nomination.objects.bulk_update(nominations, ["rating_score", "expert_score", "final_score", "rank", "is_winner"])
    review_round.closed_at = timezone.now()
    review_round.closed_by = user
    review_round.save(update_fields=["closed_at", "closed_by"])
    return review_round


def ranking_rule(review_round):
    return _(
        "Final score = %(rating)s%% × rating score + %(expert)s%% × expert score. Rating score: A+ 100, A 85, "
        "B 70, unrated 0 (for an organizing unit, the mean over its rated published items). Expert score: the "
        "mean of the experts' totals as a percentage of the maximum of the criteria. Equal final scores share a "
        "rank; the places go to the best ranks, so a tie for the last place takes everyone in it."
    ) % {"rating": review_round.rating_weight, "expert": review_round.expert_weight}
