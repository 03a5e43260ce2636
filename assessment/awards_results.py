"""What the public awards page shows: categories, places, the ranking rule and, once closed, the winners.

Expert comments and individual experts' scores are never part of it.
"""

from assessment.awards import categories_of
from assessment.judging import ranking_rule
from assessment.models import Nomination, ReviewRound


def awards_context(campaign):
    review_round = ReviewRound.objects.filter(campaign=campaign).prefetch_related("criteria").first()
    published = review_round is not None and review_round.is_closed
    categories = []
    for category in categories_of(campaign):
        winners = []
        if published:
            winners = list(
                Nomination.objects.filter(category=category, is_winner=True)
                .select_related("item__unit", "unit", "certificate")
                .order_by("rank", "pk")
            )
        categories.append({"category": category, "winners": winners})
    return {
        "award_categories": categories,
        "review_round": review_round,
        "results_published": published,
        "ranking_rule": ranking_rule(review_round) if review_round else "",
        "criteria": list(review_round.criteria.all()) if review_round else [],
    }
