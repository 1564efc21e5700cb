"""axe-core in the browser tests (#19): the accessibility engine, vendored from its npm package into var/vendor/ by
`make install` (test-only, never served), run on the page Playwright shows.

The page's Content-Security-Policy refuses inline scripts, and a <script> added with the library's text is one:
axe is evaluated through the DevTools protocol instead (page.evaluate), which the policy does not govern, so that the
tests' page fixture sees no violation of it."""

from pathlib import Path

AXE_SOURCE = Path(__file__).resolve().parents[1] / "var" / "vendor" / "axe-core" / "axe.min.js"
# What the "Done when" counts: a person is kept from using the page (critical) or has real trouble (serious).
BLOCKING = ("serious", "critical")

_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 160)})),
  }));
}"""


def axe_preload(context) -> None:
    """Gives axe to every page the context opens, from its first line: an init script, sent once through the same
    protocol, which the policy does not govern either. For a test that checks many pages: axe_violations then need not
    send the library's 650 kB with each one. Frames get none, as when axe_violations adds it to the page."""
    context.add_init_script(script="if (window === window.top) {\n" + AXE_SOURCE.read_text(encoding="utf-8") + "\n}")


def axe_violations(page, impacts=BLOCKING) -> list[dict]:
    """The violations of axe's rules (WCAG 2.0–2.2 A/AA and best practices) on the page as it is now, of the given
    impacts: [{"rule", "impact", "help", "nodes": [{"target", "html"}]}]."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    return [v for v in page.evaluate(_RUN) if v["impact"] in impacts]


def describe(violations: list[dict], max_nodes: int = 3) -> list[str]:
    """One line per violation: its rule, impact and the first nodes, for a failure message a person can act on."""
    lines = []
    for v in violations:
        nodes = "; ".join(f"{n['target']} {n['html']}" for n in v["nodes"][:max_nodes])
        more = f" (+{len(v['nodes']) - max_nodes} more)" if len(v["nodes"]) > max_nodes else ""
        lines.append(f"{v['rule']} [{v['impact']}] {v['help']}: {nodes}{more}")
    return lines
