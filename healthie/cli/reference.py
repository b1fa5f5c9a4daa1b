"""The command line's reference, in markdown, generated from the typer app.

``python -m healthie.cli.reference README.md`` rewrites the README's section between the
``<!-- cli-reference -->`` markers; a test keeps it equal to what this module generates.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from . import app

START, END = "<!-- cli-reference:start -->", "<!-- cli-reference:end -->"
ORDER = ("extract", "render", "table", "evaluate", "train", "crossval", "benchmark", "annotate", "corpus")  # use, then tools


def reference() -> str:
    """A section per command: usage, what it does, its arguments and options with their defaults."""
    root = typer.main.get_command(app)
    sections = []
    for name, command in sorted(root.commands.items(), key=lambda item: ORDER.index(item[0])):
        children = getattr(command, "commands", None)
        for leaf_name, leaf in (children.items() if children else [(None, command)]):
            sections.append(_section(" ".join(filter(None, ("healthie", name, leaf_name))), leaf))
    return "\n".join(sections)


def _section(path: str, command) -> str:
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    usage = " ".join([path, *(_argument(p) for p in arguments), "[OPTIONS]"])
    lines = [f"`{usage}`", "", (command.help or "").split("\n\n")[0].replace("\n", " "), ""]
    rows = [(_argument(p), _help(p)) for p in arguments]
    rows += [(" ".join(f"`{o}`" for o in sorted(p.opts + p.secondary_opts, key=len)), _help(p))
             for p in command.params if p.param_type_name == "option" and p.name != "help"]
    if command.context_settings.get("allow_extra_args"):
        rows.append(("`--section.key value`", "Override a setting of the config, as `spacy train` does"))
    if rows:
        lines += ["| argument / option | what |", "|---|---|", *(f"| {a} | {h} |" for a, h in rows), ""]
    return "\n".join(lines)


def _argument(param) -> str:
    text = param.metavar or param.name.upper()
    text += "..." if param.nargs == -1 else ""
    return text if param.required else f"[{text}]"


def _help(param) -> str:
    text = (getattr(param, "help", None) or "").replace("|", "/")
    kind = param.type_descriptor.annotation
    if isinstance(kind, type) and issubclass(kind, Enum):
        text += f" ({', '.join(member.value for member in kind)})"
    default = param.default
    if isinstance(default, Enum):
        default = default.value
    if param.required and param.param_type_name == "option":
        text += " (required)"
    elif default is not None and default is not False and default != () and "[default" not in text:
        shown = Path(default).relative_to(Path.cwd()) if isinstance(default, Path) and default.is_absolute() \
            and Path.cwd() in default.parents else default
        text += f" [default: {shown}]"
    return text.replace("\n", " ")


def update(readme: Path) -> bool:
    """Rewrite the reference section of ``readme``; True when it changed."""
    text = readme.read_text(encoding="utf-8")
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    updated = f"{before}{START}\n{reference()}{END}{after}"
    readme.write_text(updated, encoding="utf-8")
    return updated != text


if __name__ == "__main__":
    sys.exit(int(update(Path(sys.argv[1]))))
