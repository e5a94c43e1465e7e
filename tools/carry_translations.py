"""Carry translations over to strings whose text is unchanged but whose context changed.

Qt keys a translation by (context, source text), and ``self.tr`` takes its context from the class: code moved to
another class (a refactoring) comes back from lupdate as new, unfinished entries, while the old ones vanish. This
gives each unfinished entry the translation its source text had in an older .ts, so nothing is retranslated by
hand. Workflow, from the repository root::

    git show HEAD:resources/translations/bpviz_zh_CN.ts > /tmp/old_zh_CN.ts   # before moving code
    python tools/update_translations.py               # the moved strings: unfinished, in their new contexts
    python tools/carry_translations.py /tmp/old_zh_CN.ts --prefer MainWindow
    python tools/update_translations.py               # compiles the .qm; status 0 when complete

A source text translated differently in several old contexts is carried only from a ``--prefer``-ed context (the
class the code came from); otherwise it is listed and left unfinished. Entries that are already finished are
never changed. Exit status 1 while an unfinished entry is left.
"""

from __future__ import annotations

import argparse
import copy
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_TS = REPO / "resources" / "translations" / "bpviz_zh_CN.ts"


def finished_translations(ts_file: Path) -> dict[str, dict[str, ElementTree.Element]]:
    """source text -> {context: its finished <translation> element} of ``ts_file``."""
    found: dict[str, dict[str, ElementTree.Element]] = {}
    for context in ElementTree.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete"):
                continue
            if not (translation.text or "").strip() and not translation.findall("numerusform"):
                continue
            found.setdefault(message.findtext("source") or "", {})[name] = translation
    return found


def _same(first: ElementTree.Element, second: ElementTree.Element) -> bool:
    def content(element: ElementTree.Element) -> tuple:
        return element.text or "", tuple(form.text or "" for form in element.findall("numerusform"))
    return content(first) == content(second)


def carry(old_ts: Path, new_ts: Path, prefer: tuple[str, ...] = ()) -> tuple[list[str], list[str], list[str]]:
    """Fill ``new_ts``'s unfinished entries from ``old_ts`` (written back only if anything changed).

    Returns (carried, ambiguous, left): "[context] source" of each entry carried, of each left unfinished because
    its old translations disagree, and of each left unfinished because the old file has no translation for it.
    """
    old = finished_translations(old_ts)
    tree = ElementTree.parse(new_ts)
    carried: list[str] = []
    ambiguous: list[str] = []
    left: list[str] = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") != "unfinished":
                continue
            source = message.findtext("source") or ""
            label = f"[{name}] {source!r}"
            candidates = old.get(source, {})
            chosen = next((candidates[c] for c in prefer if c in candidates), None)
            if chosen is None and candidates:
                first, *others = candidates.values()
                if all(_same(first, other) for other in others):
                    chosen = first
                else:
                    ambiguous.append(f"{label}: translated differently in {', '.join(sorted(candidates))}")
                    continue
            if chosen is None:
                left.append(label)
                continue
            replacement = copy.deepcopy(chosen)
            replacement.attrib.pop("type", None)
            replacement.tail = translation.tail
            message.remove(translation)
            message.append(replacement)
            carried.append(label)
    if carried:
        tree.write(new_ts, encoding="utf-8", xml_declaration=True)
    return carried, ambiguous, left


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("old", type=Path, help="the .ts from before the code moved")
    parser.add_argument("new", type=Path, nargs="?", default=DEFAULT_TS,
                        help=f"the .ts to fill (default: {DEFAULT_TS.relative_to(REPO)})")
    parser.add_argument("--prefer", action="append", default=[], metavar="CONTEXT",
                        help="take a disputed translation from this old context (repeatable, in order)")
    args = parser.parse_args(argv)
    carried, ambiguous, left = carry(args.old, args.new, tuple(args.prefer))
    for label in carried:
        print(f"carried {label}")
    for label in ambiguous:
        print(f"ambiguous {label}")
    for label in left:
        print(f"no old translation for {label}")
    print(f"{len(carried)} carried, {len(ambiguous)} ambiguous, {len(left)} without an old translation")
    return 1 if ambiguous or left else 0


if __name__ == "__main__":
    sys.exit(main())
