"""Count (and list) import statements inside function bodies under gongkai/: the hidden dependencies."""

import ast
import sys
from pathlib import Path


def inner_imports(root: Path):
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith("gongkai") or (
                            isinstance(inner, ast.ImportFrom) and inner.level):
                        yield path, inner.lineno, inner.module
                    elif isinstance(inner, ast.Import) and any(a.name.startswith("gongkai") for a in inner.names):
                        yield path, inner.lineno, inner.names[0].name


if __name__ == "__main__":
    found = list(inner_imports(Path(sys.argv[1] if len(sys.argv) > 1 else "gongkai")))
    if "-v" in sys.argv:
        for path, line, module in found:
            print(f"{path}:{line} {module}")
    print(len(found))
