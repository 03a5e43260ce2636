"""Snippet choosers that show each user only the objects they may see.

Wagtail's snippet chooser lists every object of a model to anyone who can
open the admin, and its "chosen" URL answers any id with the object's title,
because choosers usually serve shared reference data. Coverage records,
periods, award categories and nominations are not shared: an officer must not
read another body's headlines, nor an expert the nominations. Each of these
viewsets gets a chooser whose listing, results and chosen views go through
one scope function per model; an id outside the scope answers 404.
"""

from django.http import Http404
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)

from assessment.roles import is_assessor, officer_unit_ids, runs_awards


def coverage_records_in_scope(user, records):
    return records if is_assessor(user) else records.filter(unit_id__in=officer_unit_ids(user))


def periods_in_scope(user, periods):
    """Assessors see every period; an officer the periods that assess their bodies (to file records in them)."""
    if is_assessor(user):
        return periods
    return periods.filter(bodies__unit_id__in=officer_unit_ids(user)).distinct()


def awards_in_scope(user, objects):
    return objects if runs_awards(user) else objects.none()


class _Scoped:
    scope = None

    def scoped(self, objects):
        return type(self).scope(self.request.user, objects)


class ScopedChooseView(_Scoped, ChooseView):
    def get_object_list(self):
        return self.scoped(super().get_object_list())


class ScopedChooseResultsView(_Scoped, ChooseResultsView):
    def get_object_list(self):
        return self.scoped(super().get_object_list())


class ScopedChosenView(_Scoped, SnippetChosenView):
    def get_object(self, pk):
        obj = self.scoped(self.model_class.objects.filter(pk=pk)).first()
        if obj is None:
            raise Http404
        return obj


class ScopedChosenMultipleView(_Scoped, SnippetChosenMultipleView):
    def get_objects(self, pks):
        return self.scoped(super().get_objects(pks))


def scoped_chooser(scope):
    """A chooser viewset class whose views all see ``scope(user, queryset)`` only."""
    views = {
        "choose_view_class": ScopedChooseView,
        "choose_results_view_class": ScopedChooseResultsView,
        "chosen_view_class": ScopedChosenView,
        "chosen_multiple_view_class": ScopedChosenMultipleView,
    }
    attributes = {name: type(view.__name__, (view,), {"scope": staticmethod(scope)}) for name, view in views.items()}
    return type("ScopedSnippetChooserViewSet", (SnippetChooserViewSet,), attributes)
