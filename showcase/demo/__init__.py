"""The showcase's part of ``campaign_demo``: reference data, the web zone and its items.

Registered in ``showcase.wagtail_hooks`` with the campaign app's
``register_demo_arguments`` (the ``--activities N`` option) and
``register_demo_step`` hooks, so the campaign app never names the showcase.
"""
