from django.core.management import call_command
from django.core.management.base import BaseCommand

from demo import base, honours, intake, office, reviews, stages
from demo import logins as printed


class Command(BaseCommand):
    help = "载入五个城市的规则并生成演示数据（每个城市一个周期、多种状态的申报、各角色演示账号）。可重复运行。"

    def handle(self, *args, **options):
        call_command("load_cities", stdout=self.stdout)
        logins = base.build_all()
        for build in (intake.build_demo, office.build_demo, reviews.build_demo, honours.build_demo,
                      stages.build_demo):
            logins += build()
        self.stdout.write("")
        self.stdout.write(printed.render(logins, base.DEMO_PASSWORD))
