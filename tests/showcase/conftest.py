from wagtail.models import Page


def reload(page):
    return Page.objects.get(pk=page.pk).specific
