"""Operations shared by data migrations of our apps."""

from django.db import migrations


def rename_rows(renames):
    """A reversible operation renaming rows by their ``name``: ``{"app.Model": {old: new}}``.

    Rows whose name is neither (renamed by an administrator since) are left alone.
    """

    def rename(apps, schema_editor, reverse=False):
        for label, names in renames.items():
            model = apps.get_model(label)
            for old, new in names.items():
                before, after = (new, old) if reverse else (old, new)
                model.objects.filter(name=before).update(name=after)

    def unrename(apps, schema_editor):
        rename(apps, schema_editor, reverse=True)

    return migrations.RunPython(rename, unrename)
