from django.core.management import call_command
from django.core.management.base import BaseCommand

from awards import demo


class Command(BaseCommand):
    help = "载入五个城市的规则并生成演示数据（每个城市一个周期、多种状态的申报、各角色演示账号）。可重复运行。"

    def handle(self, *args, **options):
        call_command("load_cities", stdout=self.stdout)
        logins = demo.build_all()
        for extension in demo_extensions():
            logins += extension()
        self.stdout.write(self.style.SUCCESS(f"\n演示账号（密码均为 {demo.DEMO_PASSWORD}）："))
        for username, role in logins:
            self.stdout.write(f"  {username:<28} {role}")


def demo_extensions():
    """Other apps add their demo data by defining build_demo() in <app>/demo.py."""
    from importlib import import_module

    found = []
    for module in ("awards.demo_intake", "awards.demo_office", "reviews.demo"):
        try:
            found.append(import_module(module).build_demo)
        except ModuleNotFoundError:
            continue
    return found
