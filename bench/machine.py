"""What the benchmark ran on: CPU, cores, memory, load, versions."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path


def _first(path: str, prefix: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip() if ":" in line else line.split("=", 1)[1]
    except OSError:
        pass
    return "unknown"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def describe(root: Path) -> dict[str, str]:
    mem_kib = _first("/proc/meminfo", "MemTotal").split()[0]
    try:
        commit = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return {
        "CPU": _first("/proc/cpuinfo", "model name"),
        "Cores": str(os.cpu_count()),
        "RAM": f"{int(mem_kib) / 1024 / 1024:.1f} GiB" if mem_kib.isdigit() else "unknown",
        "OS": _first("/etc/os-release", "PRETTY_NAME").strip('"') + f" ({platform.machine()})",
        "Python": sys.version.split()[0],
        "MkDocs": _version("mkdocs"),
        "mkdocs-material": _version("mkdocs-material"),
        "Markdown": _version("markdown"),
        "Jinja2": _version("jinja2"),
        "Commit": commit,
    }
