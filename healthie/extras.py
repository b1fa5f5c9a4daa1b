"""Optional dependencies: each comes with the extra named for its use (``pip install "healthie[train]"``).

The core install holds what extraction imports; training, Hugging Face datasets, Parquet and Spark
bring their own libraries. A missing one is named with the extra that brings it.
"""

from __future__ import annotations

import importlib
from types import ModuleType


class MissingExtraError(ImportError):
    """An optional dependency is not installed."""


def require(module: str, extra: str, purpose: str) -> ModuleType:
    """``module`` imported, or MissingExtraError naming the extra to install for ``purpose``."""
    try:
        return importlib.import_module(module)
    except ImportError as err:
        raise MissingExtraError(f"{purpose} needs {module.split('.')[0]}, which comes with healthie's "
                                f"[{extra}] extra: pip install 'healthie[{extra}]'") from err
