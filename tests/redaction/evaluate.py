"""Score a redaction engine on the independent corpus: leaks, over-masking, role masks and withhold decisions.

`evaluate(cases, redact_case)` runs `redact_case(case) -> (public_text, withhold_reason | None)` on every case and
counts, with per-case details:
- leaks: a must-go string found in the public text, as written or squeezed (full-width folded, blanks, line
  breaks, hyphens and middle dots removed);
- over-masked: a must-stay string missing from the public text;
- role-mask errors: the punished natural person not shown as surname + 某 (as often as the name stood), another
  person's surname shown with 某, or fewer ×× than other persons' mentions;
- wrong withhold: withheld when it should not be, not withheld when it should, or withheld for another reason
  (the reason is compared loosely by keyword: 未成年, 秘密/密级, 警告, 当场/简易).

`python -m tests.redaction.evaluate [--seed S] [--n N] [--details K]` prints the JSON summary for the current engine.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import asdict, dataclass, field

from tests.redaction.corpus import Case, generate, squeeze

WITHHOLD_KEYWORDS = {
    "minor": ("未成年", "未满十八", "不满十八"),
    "secret": ("秘密", "密级", "机密", "绝密"),
    "warning_only": ("警告",),
    "on_the_spot": ("当场", "简易程序"),
}
_OTHER_MASK = re.compile("(?<!×)××(?!×)")


@dataclass
class CaseOutcome:
    key: str
    tags: list[str]
    leaks: list[tuple[str, str]] = field(default_factory=list)
    over_masked: list[str] = field(default_factory=list)
    role_errors: list[str] = field(default_factory=list)
    withhold_expected: str | None = None
    withhold_got: str | None = None
    withhold_wrong: bool = False
    error: str | None = None

    @property
    def failed(self) -> bool:
        return bool(self.leaks or self.over_masked or self.role_errors or self.withhold_wrong or self.error)


@dataclass
class Report:
    cases: int = 0
    leaks: int = 0
    leaked_cases: int = 0
    leaks_by_kind: dict[str, int] = field(default_factory=dict)
    must_go_total: int = 0
    over_masked: int = 0
    over_masked_cases: int = 0
    must_stay_total: int = 0
    role_mask_errors: int = 0
    wrong_withhold: int = 0
    withheld_when_it_should_not: int = 0
    not_withheld_when_it_should: int = 0
    withheld_for_another_reason: int = 0
    errors: int = 0
    seconds: float = 0.0
    outcomes: list[CaseOutcome] = field(default_factory=list)

    @property
    def failures(self) -> list[CaseOutcome]:
        return [outcome for outcome in self.outcomes if outcome.failed]

    def summary(self) -> dict:
        data = {key: value for key, value in asdict(self).items() if key != "outcomes"}
        data["leak_rate"] = round(self.leaks / self.must_go_total, 4) if self.must_go_total else 0.0
        data["over_mask_rate"] = round(self.over_masked / self.must_stay_total, 4) if self.must_stay_total else 0.0
        return data

    def describe(self, limit: int = 10) -> str:
        """The first failures, readable in a test log."""
        lines = [json.dumps(self.summary(), ensure_ascii=False)]
        for outcome in self.failures[:limit]:
            lines.append(f"--- {outcome.key} [{', '.join(outcome.tags)}]")
            if outcome.error:
                lines.append(f"  error: {outcome.error}")
            for kind, value in outcome.leaks:
                lines.append(f"  leak {kind}: {value}")
            for value in outcome.over_masked:
                lines.append(f"  over-masked: {value}")
            for message in outcome.role_errors:
                lines.append(f"  role mask: {message}")
            if outcome.withhold_wrong:
                lines.append(f"  withhold: expected {outcome.withhold_expected}, got {outcome.withhold_got!r}")
        return "\n".join(lines)


def withhold_matches(expected: str | None, got: str | None) -> bool:
    if expected is None:
        return not got
    return bool(got) and any(word in got for word in WITHHOLD_KEYWORDS[expected])


def _leaks(case: Case, public: str) -> list[tuple[str, str]]:
    squeezed_public = squeeze(public)
    return [(kind, value) for kind, value in case.must_go
            if value in public or (squeeze(value) and squeeze(value) in squeezed_public)]


def _role_errors(case: Case, public: str) -> list[str]:
    errors = []
    if case.punished_surname and case.punished_name:
        expected = case.text.count(case.punished_name) or 1
        shown = public.count(case.punished_surname + "某")
        if shown < expected:
            errors.append(f"punished {case.punished_name} should read {case.punished_surname}某/某某 "
                          f"{expected} time(s), found {shown}")
    mentions = 0
    for name, surname in case.others:
        mentions += case.text.count(name)
        if (surname and surname != case.punished_surname and surname + "某" in public
                and surname + "某" not in case.text):
            errors.append(f"{name} is not the punished party but reads {surname}某")
    masks = len(_OTHER_MASK.findall(public))
    if masks < mentions:
        errors.append(f"other persons are named {mentions} time(s) but ×× appears {masks} time(s)")
    return errors


def evaluate(cases: list[Case], redact_case) -> Report:
    report = Report()
    started = time.perf_counter()
    for case in cases:
        outcome = CaseOutcome(key=case.key, tags=sorted(case.tags), withhold_expected=case.withhold)
        report.cases += 1
        report.must_go_total += len(case.must_go)
        report.must_stay_total += len(case.must_stay)
        try:
            public, withhold = redact_case(case)
        except Exception as error:  # an engine crash is a failure of that case, not of the run
            outcome.error = f"{type(error).__name__}: {error}"
            report.errors += 1
            report.outcomes.append(outcome)
            continue
        outcome.leaks = _leaks(case, public)
        outcome.over_masked = [value for value in case.must_stay if value not in public]
        outcome.role_errors = _role_errors(case, public)
        outcome.withhold_got = withhold
        outcome.withhold_wrong = not withhold_matches(case.withhold, withhold)
        report.leaks += len(outcome.leaks)
        report.leaked_cases += bool(outcome.leaks)
        for kind, _ in outcome.leaks:
            report.leaks_by_kind[kind] = report.leaks_by_kind.get(kind, 0) + 1
        report.over_masked += len(outcome.over_masked)
        report.over_masked_cases += bool(outcome.over_masked)
        report.role_mask_errors += len(outcome.role_errors)
        if outcome.withhold_wrong:
            report.wrong_withhold += 1
            if case.withhold is None:
                report.withheld_when_it_should_not += 1
            elif not withhold:
                report.not_withheld_when_it_should += 1
            else:
                report.withheld_for_another_reason += 1
        report.outcomes.append(outcome)
    report.seconds = round(time.perf_counter() - started, 2)
    return report


def main(argv: list[str] | None = None) -> int:
    from tests.redaction.test_corpus import redact_case

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20261206)
    parser.add_argument("--n", type=int, default=360)
    parser.add_argument("--details", type=int, default=0, help="also print the first K failing cases")
    options = parser.parse_args(argv)
    report = evaluate(generate(options.seed, options.n), redact_case)
    print(json.dumps(report.summary(), ensure_ascii=False, indent=2))
    if options.details:
        print(report.describe(options.details), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
