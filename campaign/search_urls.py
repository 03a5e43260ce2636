"""The public search page's URLs, still named ``search:search`` and ``search:suggest``."""

from django.urls import path

from campaign import search_page as views

app_name = "search"

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("search/suggest/", views.suggestions, name="suggest"),
]
