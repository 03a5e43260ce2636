from django.core.management.base import BaseCommand
from tqdm import tqdm
from wagtail import hooks

from campaign.demo.builder import build_campaign, demo_news_count, ensure_admin


class Command(BaseCommand):
    help = (
        "Build the demo campaign (2023 “节水中国 你我同行”) with its pages, news and bulletins, "
        "then run the demo steps other apps register with the `register_demo_step` hook "
        "(their options, such as the number of items to make, come from the `register_demo_arguments` hook). "
        "Safe to run again: existing content is found and reused, nothing is duplicated."
    )

    # Steps get stdout and stderr as the command's output wrappers, not as the raw streams call_command() passes.
    OUTPUT_OPTIONS = {"stdout", "stderr"}

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where the demo will be served, for the links printed at the end.",
        )
        # Apps that add demo steps add their own options here; the parsed values reach every step.
        for add_arguments in hooks.get_hooks("register_demo_arguments"):
            add_arguments(parser)

    def handle(self, *args, base_url, **options):
        accounts = [ensure_admin()]
        with tqdm(total=demo_news_count(), desc="演示活动 / demo campaign", unit="page", file=self.stderr._out) as bar:
            campaign = build_campaign(progress=bar)
        step_options = {key: value for key, value in options.items() if key not in self.OUTPUT_OPTIONS}
        for step in hooks.get_hooks("register_demo_step"):
            accounts.extend(step(campaign=campaign, stdout=self.stdout, stderr=self.stderr, **step_options) or [])

        base_url = base_url.rstrip("/")
        self.stdout.write(self.style.SUCCESS(f"演示活动已就绪 / demo campaign ready: {campaign.title}"))
        self.stdout.write(f"网站 / site:  {base_url}/")
        self.stdout.write(f"后台 / admin: {base_url}/admin/")
        self.stdout.write("演示账号 / demo accounts:")
        for account in accounts:
            self.stdout.write(f"  {account.username:<20} {account.password:<24} {account.role}")
