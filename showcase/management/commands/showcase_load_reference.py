from django.core.management.base import BaseCommand

from showcase.directory.reference import load_reference_data


class Command(BaseCommand):
    help = (
        "Load the showcase reference data: the sectors, the province-level regions with some of their cities, "
        "and the jurisdictions of the national campaign (the ministry, the seven river-basin bodies, the water "
        "departments of the 31 province-level regions and the XPCC water bureau). Creates only what is missing "
        "and never changes existing rows, so it is safe to run on a live site and to run again."
    )

    def handle(self, *args, **options):
        counts = load_reference_data()
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count.created} created, {count.existing} already present")
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
