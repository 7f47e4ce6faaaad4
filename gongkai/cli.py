"""The `gongkai` command: a thin front over Django's management commands.

`gongkai check uscc X` cannot be a management command called `check` (Django's system check
owns that name), so a few public names map onto differently named commands.
"""

from __future__ import annotations

import os
import sys

ALIASES = {
    "check": "check_identifier",
    "build-site": "build_site",
    "reconcile-site": "reconcile_site",
    "import": "import_data",
    "export": "export_data",
}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.config.settings")
    if len(argv) > 1:
        argv[1] = ALIASES.get(argv[1], argv[1])
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(argv)
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"configuration error: {exc}\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
