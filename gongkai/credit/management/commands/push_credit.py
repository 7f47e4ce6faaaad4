"""`gongkai push_credit`: one push to the credit platform by hand (the same run the Monday/Thursday job makes).

Runs as the system, like the job, unless `--user` names a member of staff: the push then goes through the
`credit.push` transition with their permission and scope (their own agency's records only).

Exit codes: 0 nothing left to send now; 1 some batches failed (they wait out their back-off; the
reason is on stderr); 2 no push target configured; 3 the named user may not push (or does not exist).
"""

from __future__ import annotations

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from gongkai.credit.push import PushConfig, PushNotConfigured, outbox_counts, push_once
from gongkai.org.transitions import TransitionRefused


class Command(BaseCommand):
    help = "向信用平台报送双公示信息（经报送队列，失败自动退避重试）"
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--endpoint", help="接口地址（覆盖 CREDIT_PUSH_ENDPOINT）")
        parser.add_argument("--drop-dir", help="交换目录（覆盖 CREDIT_PUSH_DROP_DIR）")
        parser.add_argument("--batch-size", type=int, help="每批条数（覆盖 CREDIT_PUSH_BATCH_SIZE）")
        parser.add_argument("--timeout", type=float, help="超时秒数（覆盖 CREDIT_PUSH_TIMEOUT）")
        parser.add_argument("--max-batches", type=int, help="本次最多发送的批数")
        parser.add_argument("--user", help="以该工作人员身份报送（须有报送权限，只报送其本机关的记录）；默认以系统身份")

    def handle(self, *args, endpoint=None, drop_dir=None, batch_size=None, timeout=None, max_batches=None, user=None,
               **options):
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user, is_active=True).first()
            if actor is None:
                self.stderr.write(f"没有名为“{user}”的在职工作人员账号")
                sys.exit(3)
        try:  # an endpoint refused (not https) is a configuration error, like a missing one
            config = PushConfig.from_settings(endpoint=endpoint, drop_dir=drop_dir, batch_size=batch_size,
                                              timeout=timeout)
            if endpoint:
                config = PushConfig(endpoint=endpoint, batch_size=config.batch_size, timeout=config.timeout)
            elif drop_dir:
                config = PushConfig(drop_dir=drop_dir, batch_size=config.batch_size, timeout=config.timeout)
            result = push_once(config, user=actor, max_batches=max_batches)
        except PushNotConfigured as exc:
            self.stderr.write(str(exc))
            sys.exit(2)
        except TransitionRefused as exc:
            self.stderr.write(str(exc))
            sys.exit(3)
        self.stdout.write(result.summary())
        counts = outbox_counts()
        self.stdout.write(f"队列：待报送{counts['pending']}，已送达{counts['delivered']}，已取代{counts['superseded']}")
        if result.failed_batches:
            self.stderr.write(result.summary())
            sys.exit(1)
