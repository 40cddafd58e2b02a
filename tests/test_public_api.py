"""Every module's ``__all__`` names real objects, and packages export a small surface.

ruff (RUF022) keeps each ``__all__`` sorted; this test checks what ruff cannot:
that every exported name exists, and that no package exports more than about
fifteen names (house style: a small public surface).
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

PACKAGES = ("crypto", "server", "client_lib")
MAX_EXPORTS = 15


def _module_names() -> list[str]:
    names: list[str] = []
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        names.append(package_name)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            # __main__ runs a command; migration scripts run only inside Alembic.
            if info.name.endswith("__main__") or ".migrations." in info.name:
                continue
            names.append(info.name)
    return sorted(names)


MODULES = _module_names()


def _is_package(name: str) -> bool:
    return hasattr(importlib.import_module(name), "__path__")


def test_the_walk_finds_the_modules() -> None:
    assert "crypto.codec" in MODULES
    assert "server.app" in MODULES
    assert "client_lib.errors" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_exported_names_exist(name: str) -> None:
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", [])
    missing = [attribute for attribute in exported if not hasattr(module, attribute)]
    assert missing == []
    assert len(exported) == len(set(exported))


@pytest.mark.parametrize("name", [name for name in MODULES if _is_package(name)])
def test_packages_export_a_small_surface(name: str) -> None:
    assert len(getattr(importlib.import_module(name), "__all__", [])) <= MAX_EXPORTS
