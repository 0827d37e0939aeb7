"""axe-core in the page: the accessibility checks the browser tests run on every page they visit.

axe-core comes from the npm registry into tests/browser/node_modules (`make browser-deps`;
CI runs it). It is evaluated in the page through the DevTools protocol, which the Content
Security Policy does not govern, so pages are checked exactly as members get them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
AXE_PATH = Path(os.environ.get("AXE_CORE_PATH", HERE / "node_modules" / "axe-core" / "axe.min.js"))
# The impacts that fail a test; "moderate" and "minor" findings are reported, not failed.
BLOCKING = ("serious", "critical")
# WCAG 2.0-2.2 A and AA, plus axe's best practices (landmarks, one h1, regions ...).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
  }));
}"""


@dataclass
class PageResult:
    label: str
    url: str
    scheme: str
    violations: list[dict]

    @property
    def blocking(self) -> list[dict]:
        return [v for v in self.violations if v["impact"] in BLOCKING]

    def summary(self) -> str:
        if not self.violations:
            return "no violations"
        return "; ".join(f"{v['impact']}: {v['id']} ({len(v['targets'])})" for v in self.violations)


@dataclass
class AxeReport:
    """Every page checked during the run, for the summary printed at the end."""

    results: list[PageResult] = field(default_factory=list)

    def lines(self) -> Iterable[str]:
        width = max((len(r.label) for r in self.results), default=0)
        for r in self.results:
            url = r.url if len(r.url) <= 60 else r.url[:59] + "…"
            yield f"{r.label:<{width}}  {r.scheme:<5}  {r.summary()}  [{url}]"


class Axe:
    """Checks pages with axe-core and keeps the results in the session's report."""

    def __init__(self, source: str, report: AxeReport) -> None:
        self.source = source
        self.report = report

    def violations(self, page) -> list[dict]:
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(self.source)
        return page.evaluate(RUN_AXE, AXE_TAGS)

    def check(self, page, label: str) -> PageResult:
        """Run axe on the page as it is now, in light and dark colours; record and return it.

        The returned result holds the serious and critical violations of both runs in
        `.blocking`, which a test asserts is empty.
        """
        found = []
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            violations = self.violations(page)
            path = page.url.split("//", 1)[-1].split("/", 1)[-1]
            result = PageResult(label, "/" + path, scheme, violations)
            self.report.results.append(result)
            found.extend(violations)
        page.emulate_media(color_scheme="light")
        return PageResult(label, page.url, "both", found)
