"""Demo 双公示 data: the power list, a year of penalties and licences, a correction, and a file with broken rows.

The records are not inserted directly: RowFactory writes them as a case system would export them
(CSV files in a temporary directory) and the real importer reads them, so the demo exercises the
same validation, versioning and batches staff use. A sample file with a few per cent of broken rows
is kept in var/demo/ and imported once, so the demo has a batch with an error report to download.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from gongkai.credit.importing import import_file
from gongkai.credit.power_list import load_demo_power_list
from gongkai.credit.samples import RowFactory, rows, write_csv

# 100,000+ records in the demo database: mostly penalties (traffic and public order), a fair share of licences.
PENALTIES = 85_000
LICENSES = 20_000
CORRECTIONS = 200  # rows sent again with a corrected 处罚事由: version 2 of each, version 1 kept
SAMPLE_ROWS = 1_000
SAMPLE_BROKEN_EVERY = 25  # 4 % of the sample's rows carry one defect each
SAMPLE_FILE_NAME = "credit-sample-with-errors.csv"
IMPORTER_USERNAME = "gongkaiban"


def demo_factory(agency, today: dt.date) -> RowFactory:
    """Rows decided over the year up to yesterday (the validator refuses future decision dates)."""
    return RowFactory(agency.name, agency.uscc, seed=2026, start=today - dt.timedelta(days=365), days=365)


def _importer():
    return get_user_model().objects.filter(username=IMPORTER_USERNAME).first()


def load(agency, today: dt.date, *, penalties: int = PENALTIES, licenses: int = LICENSES,
         corrections: int = CORRECTIONS, sample_rows: int = SAMPLE_ROWS, sample_dir: Path | None = None) -> dict:
    """Load the demo's 双公示 data; returns the batches by name. Small counts make a quick test fixture."""
    user = _importer()
    load_demo_power_list(agency)
    factory = demo_factory(agency, today)
    batches = {}
    with tempfile.TemporaryDirectory(prefix="gongkai-credit-demo-") as temp:
        temp = Path(temp)
        year = f"{today.year - 1}{today.year}"
        files = (
            ("penalties", "penalty", f"行政处罚信息{year}.csv", rows(factory, "penalty", penalties)),
            ("licenses", "license", f"行政许可信息{year}.csv", rows(factory, "license", licenses)),
        )
        for name, kind, file_name, records in files:
            path = write_csv(temp / file_name, kind, records)
            batches[name] = import_file(path, agency=agency, kind=kind, user=user, today=today)
        if corrections:
            corrected = [{**row, "CF_SY": row["CF_SY"] + "（经复核更正事实描述）"}
                         for row in rows(factory, "penalty", min(corrections, penalties))]
            path = write_csv(temp / "行政处罚信息更正.csv", "penalty", corrected)
            batches["corrections"] = import_file(path, agency=agency, kind="penalty", user=user, today=today)
    if sample_rows:
        sample_dir = Path(sample_dir) if sample_dir else Path(settings.VAR_DIR) / "demo"
        sample_dir.mkdir(parents=True, exist_ok=True)
        # Numbers past the main file's, so the sample's good rows are new records, not versions of old ones.
        sample = write_csv(sample_dir / SAMPLE_FILE_NAME, "penalty",
                           rows(factory, "penalty", sample_rows, broken_every=SAMPLE_BROKEN_EVERY, first=penalties))
        batches["sample_with_errors"] = import_file(sample, agency=agency, kind="penalty", user=user, today=today)
    return batches
