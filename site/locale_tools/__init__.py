"""Maintenance scripts for the translation catalogs; not part of any app and never imported at run time."""
