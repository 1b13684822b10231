from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from awards.diagram import workflow_graph
from cities.loader import load_all


class Command(BaseCommand):
    help = "根据规则文件与状态机定义绘制各城市流程图（docs/workflows/<city>.svg 与 .dot）。"

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "docs" / "workflows"))

    def handle(self, *args, **options):
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        for code, rules in load_all().items():
            graph = workflow_graph(rules)
            (out / f"{code}.dot").write_text(graph.source, encoding="utf-8")
            (out / f"{code}.svg").write_bytes(graph.pipe(format="svg"))
            self.stdout.write(f"{rules.name}: {out / f'{code}.svg'}")
