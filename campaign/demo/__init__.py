"""The demo campaign: the 2023 "节水中国 你我同行" joint action, built from DOMAIN facts.

``campaign_demo`` runs the campaign's own step and then every step other apps
register with the ``register_demo_step`` hook, so the showcase, review and
assessment apps each add their part of the demo without this app knowing them.
Every step looks things up before creating them, so running it twice changes nothing.
"""
