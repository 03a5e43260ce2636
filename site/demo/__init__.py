"""The demo campaign: the 2023 "节水中国 你我同行" joint action, built from DOMAIN facts.

A Django app of the host project only: the installable apps ship no demo.
``manage.py campaign_demo`` builds the campaign (``demo.campaign``), the web
zone with its units, accounts and items (``demo.showcase``, ``demo.items``,
written in bulk by ``demo.bulk``), puts some items through the tiered review
(``demo.review``), builds the 2022 assessment and the 2023 award round
(``demo.assessment``) and indexes the items for search. The texts are in
``demo.content``. Every step looks things up before creating them, so running
the command twice changes nothing.
"""
