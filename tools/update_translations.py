"""Extract bpviz's translatable strings into the .ts files and compile them to .qm.

Workflow (run from anywhere; the script finds the repository itself)::

    1. write code: every visible string goes through self.tr("...") in a QObject subclass or
       QCoreApplication.translate("Context", "...") elsewhere (a literal context: lupdate does not resolve
       variables, and it misreads a helper called ``tr("Context", "text")``). Numbers and names go in as
       placeholders (%1, {name}) that the code fills in after translating.
    2. python tools/update_translations.py
       -> runs pyside6-lupdate over bpviz/**/*.py into resources/translations/bpviz_zh_CN.ts and bpviz_en.ts
          (existing translations are kept, strings gone from the code are dropped), fills bpviz_en.ts
          (English is the source language: each translation is its source text, editable there to polish
          the wording without touching code), then runs pyside6-lrelease -> bpviz_*.qm.
       It lists the zh_CN entries that still need a translation and exits with status 1 while any do.
    3. translate those entries in resources/translations/bpviz_zh_CN.ts, in Qt Linguist
       (pyside6-linguist resources/translations/bpviz_zh_CN.ts, mark each "done") or by hand (write the
       <translation> and delete its type="unfinished"). Keep placeholders and formulas as they are.
    4. python tools/update_translations.py again (compiles the .qm; status 0 when complete)
    5. commit the .ts and .qm files (the .qm are shipped; nothing builds them at install time).

pyqtgraph's own menus and export dialog (right-click on a plot: "View All", "Plot Options", "Export...") are
translatable too but not translated by pyqtgraph: their strings go into resources/translations/pyqtgraph_zh_CN.ts
(from the installed pyqtgraph, without file locations), which bpviz.ui.i18n installs next to bpviz_zh_CN.qm.
After a pyqtgraph upgrade, run the script and translate what it lists. Run it with the newest pyqtgraph: one
catalogue serves every supported release, so ``--check`` accepts strings that an older pyqtgraph (the lowest
supported one, which CI also tests) does not have, and only reports strings that are missing.

``python tools/update_translations.py --check`` changes nothing: it exits 1 (and says why) if the .ts files miss
a string of the code or keep one the code no longer has, if a zh_CN entry is unfinished, or if a .qm is not
what lrelease makes of its .ts. tests/ui/test_i18n.py runs it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TRANSLATIONS = REPO / "resources" / "translations"
SOURCE_LANGUAGE = "en"
TARGET_LANGUAGES = ("zh_CN", "en")  # en: identity translations of the English source


def qt_tool(name: str) -> list[str]:
    """The command that runs Qt's ``lupdate``/``lrelease`` from this Python's PySide6 (no PATH lookup needed)."""
    import PySide6

    folder = Path(PySide6.__file__).resolve().parent
    for candidate in (folder / name, folder / f"{name}.exe", folder / "Qt" / "bin" / name):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return [str(candidate)]
    wrapper = shutil.which(f"pyside6-{name}")
    if wrapper:
        return [wrapper]
    raise SystemExit(f"cannot find Qt's {name}: install PySide6 (pip install PySide6-Essentials) in this Python")


def source_files(repo: Path = REPO) -> list[str]:
    """Every Python file of the bpviz package, relative to the repository, in a stable order."""
    package = repo / "bpviz"
    return sorted(path.relative_to(repo).as_posix() for path in package.rglob("*.py")
                  if "__pycache__" not in path.parts)


def ts_path(language: str, folder: Path = TRANSLATIONS, catalogue: str = "bpviz") -> Path:
    return folder / f"{catalogue}_{language}.ts"


PYQTGRAPH_MODULES = (
    "graphicsItems/ViewBox/ViewBoxMenu.py", "graphicsItems/ViewBox/axisCtrlTemplate_generic.py",
    "graphicsItems/PlotItem/PlotItem.py", "graphicsItems/PlotItem/plotConfigTemplate_generic.py",
    "GraphicsScene/GraphicsScene.py", "GraphicsScene/exportDialogTemplate_generic.py", "exporters/*.py",
)
PYQTGRAPH_LANGUAGES = ("zh_CN",)
#: strings pyqtgraph translates inside f-strings (lupdate does not look there)
PYQTGRAPH_EXTRA = (("ViewBox", "axis"),)


def pyqtgraph_sources(folder: Path) -> list[str]:
    """The installed pyqtgraph's modules with menu and dialog strings, plus a file in ``folder`` that spells out
    the exporter names (pyqtgraph translates ``Exporter.Name`` at run time, which lupdate cannot see)."""
    import importlib.util
    import re

    spec = importlib.util.find_spec("pyqtgraph")
    if spec is None or spec.origin is None:
        raise SystemExit("cannot find pyqtgraph: install it in this Python")
    package = Path(spec.origin).parent
    files = sorted({str(path) for pattern in PYQTGRAPH_MODULES for path in package.glob(pattern)})
    names = sorted({match for path in package.glob("exporters/*.py")
                    for match in re.findall(r'^\s+Name = "([^"]+)"', path.read_text(encoding="utf-8"), re.M)})
    extra = folder / "pyqtgraph_exporter_names.py"
    calls = [("Exporter", name) for name in names] + list(PYQTGRAPH_EXTRA)
    extra.write_text("".join(f"translate({context!r}, {text!r})\n" for context, text in calls), encoding="utf-8")
    return [*files, str(extra)]


def lupdate_pyqtgraph(ts_files: list[Path]) -> str:
    with tempfile.TemporaryDirectory() as temp:
        command = [*qt_tool("lupdate"), "-no-obsolete", "-locations", "none", "-source-language", SOURCE_LANGUAGE,
                   "-tr-function-alias", "translate+=_translate", *pyqtgraph_sources(Path(temp)),
                   "-ts", *(str(path) for path in ts_files)]
        return run(command)


def run(command: list[str], cwd: Path = REPO) -> str:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout + done.stderr


def lupdate(ts_files: list[Path], repo: Path = REPO) -> str:
    """Merge the strings of the code into ``ts_files`` (kept translations; strings gone from the code dropped)."""
    command = [*qt_tool("lupdate"), "-no-obsolete", "-locations", "absolute", "-source-language", SOURCE_LANGUAGE,
               *source_files(repo), "-ts", *(str(path) for path in ts_files)]
    return run(command, cwd=repo)


def lrelease(ts_file: Path, qm_file: Path) -> str:
    return run([*qt_tool("lrelease"), "-silent", str(ts_file), "-qm", str(qm_file)])


def fill_identity(ts_file: Path) -> int:
    """Make every entry of the English .ts finished; an empty one gets its source text. Returns how many changed."""
    tree = ElementTree.parse(ts_file)
    changed = 0
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        source = message.findtext("source") or ""
        if translation is None:
            translation = ElementTree.SubElement(message, "translation")
        if translation.get("type") == "unfinished" or (not (translation.text or "") and not list(translation)):
            translation.attrib.pop("type", None)
            forms = translation.findall("numerusform")
            if forms:
                for form in forms:
                    form.text = form.text or source
            elif not translation.text:
                translation.text = source
            changed += 1
    if changed:
        tree.write(ts_file, encoding="utf-8", xml_declaration=True)
    return changed


def messages(ts_file: Path) -> list[dict]:
    """Each message of a .ts: context, source, translation(s), type and location."""
    found = []
    for context in ElementTree.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = [form.text or "" for form in translation.findall("numerusform")] if translation is not None else []
            location = message.find("location")
            found.append({
                "context": name,
                "source": message.findtext("source") or "",
                "translations": forms or [(translation.text or "") if translation is not None else ""],
                "type": translation.get("type", "") if translation is not None else "missing",
                "where": f"{location.get('filename', '?')}:{location.get('line', '?')}" if location is not None else "",
            })
    return found


def unfinished(ts_file: Path) -> list[dict]:
    return [m for m in messages(ts_file)
            if m["type"] in ("unfinished", "missing", "vanished", "obsolete") or not all(m["translations"])]


def update() -> int:
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    files = [ts_path(language) for language in TARGET_LANGUAGES]
    print(lupdate(files).strip())
    if fill_identity(ts_path("en")):
        lupdate([ts_path("en")])  # write it back in lupdate's own layout, so diffs stay small
    for language in TARGET_LANGUAGES:
        lrelease(ts_path(language), ts_path(language).with_suffix(".qm"))
        print(f"compiled {ts_path(language).with_suffix('.qm').relative_to(REPO)}")
    pyqtgraph_files = [ts_path(language, catalogue="pyqtgraph") for language in PYQTGRAPH_LANGUAGES]
    print(lupdate_pyqtgraph(pyqtgraph_files).strip())
    for path in pyqtgraph_files:
        lrelease(path, path.with_suffix(".qm"))
        print(f"compiled {path.with_suffix('.qm').relative_to(REPO)}")
    todo = 0
    for path in (ts_path("zh_CN"), *pyqtgraph_files):
        missing = unfinished(path)
        for message in missing:
            print(f"needs a translation in {path.name}: [{message['context']}] {message['source']!r}  "
                  f"({message['where']})")
        total = len(messages(path))
        print(f"{path.name}: {total - len(missing)} of {total} strings translated")
        todo += len(missing)
    return 1 if todo else 0


def check() -> int:
    """Everything up to date and complete? Works on copies; changes nothing."""
    problems: list[str] = []
    catalogues = [(ts_path(language), lupdate) for language in TARGET_LANGUAGES]
    catalogues += [(ts_path(language, catalogue="pyqtgraph"), lupdate_pyqtgraph) for language in PYQTGRAPH_LANGUAGES]
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        for committed, extract in catalogues:
            if not committed.is_file():
                problems.append(f"{committed.relative_to(REPO)} is missing")
                continue
            copy = folder / committed.name
            shutil.copyfile(committed, copy)
            extract([copy])
            before = {(m["context"], m["source"]) for m in messages(committed)}
            after = {(m["context"], m["source"]) for m in messages(copy)}
            for context, source in sorted(after - before):
                problems.append(f"{committed.name}: not extracted yet: [{context}] {source!r} (run this script)")
            for context, source in sorted(before - after):
                if extract is lupdate_pyqtgraph:
                    continue  # a string of another supported pyqtgraph release (pyproject.toml): kept, harmless
                problems.append(f"{committed.name}: no longer in the code: [{context}] {source!r} (run this script)")
            for message in unfinished(committed):
                problems.append(f"{committed.name}: unfinished: [{message['context']}] {message['source']!r}")
            qm = committed.with_suffix(".qm")
            fresh = folder / qm.name
            lrelease(committed, fresh)
            if not qm.is_file():
                problems.append(f"{qm.relative_to(REPO)} is missing (run this script)")
            elif qm.read_bytes() != fresh.read_bytes():
                problems.append(f"{qm.name} is not the compiled {committed.name} (run this script)")
    for problem in problems:
        print(problem)
    if not problems:
        print("translations are complete and up to date")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if anything is out of date")
    args = parser.parse_args(argv)
    return check() if args.check else update()


if __name__ == "__main__":
    sys.exit(main())
