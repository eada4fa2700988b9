"""Print pyproject's runtime and dev requirements, quoted for the shell (used by `make lock`)."""

import shlex
import tomllib
from pathlib import Path

project = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())["project"]
print(" ".join(shlex.quote(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]))
