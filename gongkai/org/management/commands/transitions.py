"""`gongkai transitions`: the table of every registered staff action × role (allowed or refused), from the code.

Read from the transition registry (org/transitions.py) and the role table (org/roles.py), so the table in
the documentation is never typed by hand: `gongkai transitions --format markdown` prints it.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from gongkai.org.roles import ALL_ROLES
from gongkai.org.transitions import Transition, registered, roles_allowed

ALLOWED, REFUSED = "✓", "✗"


def _sources(transition: Transition) -> str:
    if not transition.sources:
        return "任意"
    choices = dict(transition.model_class()._meta.get_field(transition.state_field).choices or ())
    return "、".join(str(choices.get(state, state)) for state in sorted(transition.sources))


def _scope(transition: Transition) -> str:
    scope = "本机关" if transition.unit_field is None else "本机关；单位人员限本单位"
    return scope + ("；系统任务可执行" if transition.system_may_run else "")


class Command(BaseCommand):
    help = "打印每个工作人员操作（状态转换）对五种角色的允许或拒绝表，由代码生成"

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=("markdown", "json"), default="markdown")

    def handle(self, *args, **options):
        rows = [{"transition": t.name, "label": t.label, "model": t.model, "permission": t.permission,
                 "sources": _sources(t), "scope": _scope(t), "roles": roles_allowed(t)} for t in registered()]
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        header = ["操作", "transition", "permission", "起始状态", "范围", *ALL_ROLES]
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for row in rows:
            cells = [row["label"], f"`{row['transition']}`", f"`{row['permission']}`", row["sources"], row["scope"],
                     *(ALLOWED if row["roles"][role] else REFUSED for role in ALL_ROLES)]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
        lines.append(f"{ALLOWED} 允许（仍受机关、单位范围限制），{REFUSED} 拒绝。超级用户不受角色表限制，但同样受“双人审核”约束。")
        self.stdout.write("\n".join(lines))
