"""The arithmetic a corpus document states, checked (breakdowns add up, shares match, changes match).

A document's metadata lists ``checks``: equations over the figures the text states,
written as the text writes them, e.g. ``"48.6 = 37.9 + 8.8 + 1.9"`` (a total and its
parts) or ``"37.9 / 48.6 * 100 = 78.0"`` (a share). Every number in a check must be
the number of a gold VALUE of the document (plain constants 100, 1000, 10000 and 100000
aside), so a check cannot drift from the text it vouches for.
"""

from __future__ import annotations

import ast
import operator
import re

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_CONSTANTS = {"100", "1000", "10000", "100000"}
_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
        ast.USub: operator.neg}
RELATIVE_TOLERANCE = 0.01  # rounding of the stated parts


def _evaluate(node: ast.AST) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return float(node.value)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_evaluate(node.left), _evaluate(node.right))
    if isinstance(node, ast.UnaryOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_evaluate(node.operand))
    raise ValueError("only numbers, + - * / and parentheses are allowed")


def _last_place(side: str) -> float:
    """One unit in the last decimal place of the least precise number written on a side."""
    places = [len(n.partition(".")[2]) for n in _NUMBER.findall(side)]
    return 10.0 ** -min(places) if places else 1.0


def check_equation(equation: str) -> str | None:
    """None when ``left = right`` holds within rounding, else the reason."""
    left, sep, right = equation.partition("=")
    if not sep or "=" in right:
        return f"{equation!r}: not one equation 'A = B'"
    try:
        values = [_evaluate(ast.parse(side.strip(), mode="eval").body) for side in (left, right)]
    except (SyntaxError, ValueError, ZeroDivisionError) as err:
        return f"{equation!r}: {err}"
    tolerance = max(RELATIVE_TOLERANCE * abs(values[1]), _last_place(left), _last_place(right))
    if abs(values[0] - values[1]) > tolerance:
        return f"{equation!r}: {values[0]:g} != {values[1]:g}"
    return None


def check_record(record: dict) -> list[str]:
    """Problems with the ``checks`` of one corpus record: equations that fail, or that name a
    number no gold VALUE states."""
    text = record["text"]
    stated = set()
    for entity in record["entities"]:
        if entity["label"] == "VALUE":
            stated.update(_NUMBER.findall(text[entity["start"]:entity["end"]].replace(",", "")))
    problems = []
    for equation in record.get("meta", {}).get("checks", []):
        unstated = [n for n in _NUMBER.findall(equation) if n not in stated and n not in _CONSTANTS]
        if unstated:
            problems.append(f"{equation!r}: {', '.join(unstated)} is no gold VALUE's number")
        failure = check_equation(equation)
        if failure:
            problems.append(failure)
    return problems
