from django.core.management.base import BaseCommand, CommandError

from cities.loader import RuleFileError
from cities.sync import sync_rule_files


class Command(BaseCommand):
    help = "载入（或更新）各城市规则文件；内容变化时生成新版本，已开启的周期仍使用原版本。"

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="规则文件目录（默认 settings.CITY_RULES_DIR）")

    def handle(self, *args, **options):
        try:
            results = sync_rule_files(options.get("dir"))
        except RuleFileError as exc:
            raise CommandError(f"规则文件有误，未载入任何城市：\n{exc}") from None
        for result in results:
            state = "新版本" if result.created else "未变化"
            self.stdout.write(f"{result.city.name}（{result.city.code}）规则 v{result.rule_set.version}：{state}")
