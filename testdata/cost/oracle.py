#!/usr/bin/env python3
"""Independent oracle for ballast's uv.lock walk and artifact choice.

For every case listed in testdata/cost/accuracy/CASES.tsv this script reads a
uv.lock (and the pyproject.toml next to it) from the uv.lock corpus, walks the
lock the way `uv sync` does for the case's selection and target interpreter,
picks the artifact uv would install for each package, and writes the result to
testdata/cost/accuracy/<case>.txt. rules/build/accuracy_test.go compares the Go
implementation with these files; it never runs this script.

It is written from the uv.lock notes (shared/notes/uvlock-format.md, sections
6, 8, 9, 10 and 15), shares no code with the Go implementation, and uses only
the standard library and `packaging` (Debian: python3-packaging):

    # from the repository root, with the corpus in ../shared
    /usr/bin/python3 testdata/cost/oracle.py --corpus ../shared/corpus/uvlock

Output: one line per installed package, sorted by name,

    name version kind filename size

(kind is wheel, sdist, local or missing; "-" stands for an absent version,
file name or size), then `total_download_bytes N missing_sizes M`, where N sums
the sizes the lock records for the chosen wheels and sdists and M counts the
chosen wheels and sdists without a size.

CASES.tsv columns (tab separated, '#' starts a comment line):
case, lock (corpus file name without .uv.lock), python (3.12 or 3.13.14), os,
arch (Docker spelling: amd64, arm64), libc (glibc or musl), libc version,
selection (the `uv sync` flags, or "-" for none).
"""

import argparse
import os
import re
import shlex
import sys
import tomllib
import urllib.parse
from collections import deque

from packaging.markers import Marker, Variable, _eval_op
from packaging.tags import Tag
from packaging.utils import canonicalize_name, parse_wheel_filename


# --- target ------------------------------------------------------------------

MACHINE = {"amd64": "x86_64", "arm64": "aarch64", "arm": "armv7l", "386": "i686"}

# Oldest manylinux glibc minor per machine (manylinux1 covers x86_64/i686,
# manylinux2014 the others).
MANYLINUX_FLOOR = {"x86_64": 5, "i686": 5, "aarch64": 17, "armv7l": 17,
                   "ppc64le": 17, "s390x": 17, "riscv64": 31}


class Target:
    def __init__(self, python, os_name, arch, libc, libc_version):
        parts = python.split(".")
        self.major, self.minor = int(parts[0]), int(parts[1])
        full = python if len(parts) >= 3 else python + ".0"
        self.machine = MACHINE.get(arch, arch)
        self.libc = libc
        self.libc_version = tuple(int(x) for x in libc_version.split("."))
        assert os_name == "linux", "the oracle models Linux targets only"
        self.markers = {
            "python_version": f"{self.major}.{self.minor}",
            "python_full_version": full,
            "implementation_version": full,
            "implementation_name": "cpython",
            "platform_python_implementation": "CPython",
            "sys_platform": "linux",
            "platform_system": "Linux",
            "os_name": "posix",
            "platform_machine": self.machine,
            "platform_release": "",
            "platform_version": "",
        }
        self.rank = {}
        for i, tag in enumerate(self._tags()):
            self.rank.setdefault(tag, i)

    def _platforms(self):
        """Platform tags, most specific first (notes section 8)."""
        m = self.machine
        major, minor = self.libc_version
        plats = []
        if self.libc == "musl":
            for n in range(minor, -1, -1):
                plats.append(f"musllinux_{major}_{n}_{m}")
        else:
            floor = MANYLINUX_FLOOR.get(m)
            if floor is not None:
                for n in range(minor, floor - 1, -1):
                    plats.append(f"manylinux_{major}_{n}_{m}")
                    legacy = {17: "manylinux2014", 12: "manylinux2010", 5: "manylinux1"}
                    if major == 2 and n in legacy:
                        plats.append(f"{legacy[n]}_{m}")
        plats.append(f"linux_{m}")
        return plats

    def _tags(self):
        """CPython X.Y's tags in uv's priority order (notes section 8)."""
        x, y = self.major, self.minor
        plats = self._platforms()
        cp = f"cp{x}{y}"
        abi = cp + ("m" if (x, y) <= (3, 7) else "")
        out = [Tag(cp, abi, p) for p in plats]
        for m in range(y, 1, -1):
            out += [Tag(f"cp{x}{m}", "abi3", p) for p in plats]
            if m == y:
                out += [Tag(cp, "none", p) for p in plats]
        for m in range(y, -1, -1):
            out += [Tag(f"py{x}{m}", "none", p) for p in plats]
            if m == y:
                out += [Tag(f"py{x}", "none", p) for p in plats]
        out.append(Tag(cp, "none", "any"))
        for m in range(y, -1, -1):
            out.append(Tag(f"py{x}{m}", "none", "any"))
            if m == y:
                out.append(Tag(f"py{x}", "none", "any"))
        return out


# --- markers -----------------------------------------------------------------

class MarkerEval:
    """Evaluates uv's markers: PEP 508 variables from the target, and `extra`
    as membership in the set of activated conflict names (notes 6.3)."""

    def __init__(self, target):
        self.env = target.markers
        self.parsed = {}

    def holds(self, text, active):
        if not text:
            return True
        tree = self.parsed.get(text)
        if tree is None:
            tree = Marker(text)._markers
            self.parsed[text] = tree
        return self._eval(tree, active)

    def _eval(self, items, active):
        groups = [[]]
        for item in items:
            if isinstance(item, list):
                groups[-1].append(self._eval(item, active))
            elif isinstance(item, tuple):
                groups[-1].append(self._atom(*item, active))
            elif item == "or":
                groups.append([])
            else:
                assert item == "and", item
        return any(all(g) for g in groups)

    def _atom(self, lhs, op, rhs, active):
        if isinstance(lhs, Variable) and lhs.value == "extra" or \
                isinstance(rhs, Variable) and rhs.value == "extra":
            other = rhs if isinstance(lhs, Variable) else lhs
            name = canonicalize_name(other.value)
            if op.value == "==":
                return name in active
            if op.value == "!=":
                return name not in active
            raise ValueError(f"unsupported extra comparison {op.value}")
        left = self.env[lhs.value] if isinstance(lhs, Variable) else lhs.value
        right = self.env[rhs.value] if isinstance(rhs, Variable) else rhs.value
        return _eval_op(left, op, right)


def encode(kind, package, item=None):
    package = canonicalize_name(package)
    s = f"{kind}-{len(package.encode())}-{package}"
    if item is not None:
        s += "-" + canonicalize_name(item)
    return s


# --- lock --------------------------------------------------------------------

class Lock:
    def __init__(self, path):
        with open(path, "rb") as f:
            data = tomllib.load(f)
        self.packages = data.get("package", data.get("distribution", []))
        self.by_name = {}
        for p in self.packages:
            self.by_name.setdefault(canonicalize_name(p["name"]), []).append(p)
        self.conflicts = data.get("conflicts", [])
        manifest = data.get("manifest", {})
        self.members = [canonicalize_name(m) for m in manifest.get("members", [])]
        self.requirements = manifest.get("requirements", [])
        self.manifest_groups = manifest.get("dependency-groups", {})

    def find(self, edge, target, markers):
        """The package an edge (or a requirement) points to."""
        cands = self.by_name.get(canonicalize_name(edge["name"]), [])
        if "version" in edge:
            cands = [p for p in cands if p.get("version") == edge["version"]]
        if "source" in edge:
            cands = [p for p in cands if p.get("source") == edge["source"]]
        if len(cands) == 1:
            return cands[0]
        # uv's find_by_markers: the entry whose fork markers hold.
        for p in cands:
            if any(markers.holds(m, frozenset()) for m in p.get("resolution-markers", [])):
                return p
        raise LookupError(f"edge {edge} resolves to {len(cands)} packages")


def groups_of(p):
    """A package's dependency groups (dev-dependencies, or its alias)."""
    return p.get("dev-dependencies", p.get("dependency-groups", {}))


def source_kind(p):
    (kind,) = [k for k in ("registry", "git", "url", "path", "directory", "editable", "virtual")
               if k in p["source"]]
    return kind


def pid(p):
    return (p["name"], p.get("version"), tuple(sorted(p["source"].items())))


# --- selection ---------------------------------------------------------------

class Selection:
    def __init__(self, flags, pyproject):
        args = shlex.split(flags) if flags != "-" else []
        self.extras, self.no_extras, self.all_extras = [], [], False
        self.groups, self.no_groups, self.only_groups, self.all_groups = [], [], [], False
        self.no_default_groups = False
        self.packages, self.all_packages = [], False
        self.no_install_project = self.no_install_workspace = self.no_install_local = False
        self.no_install_packages = []
        i = 0
        while i < len(args):
            a = args[i]
            value = lambda: args[i + 1]
            if a == "--extra":
                self.extras.append(value()); i += 1
            elif a == "--no-extra":
                self.no_extras.append(value()); i += 1
            elif a == "--all-extras":
                self.all_extras = True
            elif a == "--group":
                self.groups.append(value()); i += 1
            elif a == "--no-group":
                self.no_groups.append(value()); i += 1
            elif a == "--only-group":
                self.only_groups.append(value()); i += 1
            elif a == "--all-groups":
                self.all_groups = True
            elif a == "--no-default-groups":
                self.no_default_groups = True
            elif a == "--no-dev":
                self.no_groups.append("dev")
            elif a == "--only-dev":
                self.only_groups.append("dev")
            elif a == "--package":
                self.packages.append(value()); i += 1
            elif a == "--all-packages":
                self.all_packages = True
            elif a == "--no-install-project":
                self.no_install_project = True
            elif a == "--no-install-workspace":
                self.no_install_workspace = True
            elif a == "--no-install-local":
                self.no_install_local = True
            elif a == "--no-install-package":
                self.no_install_packages.append(canonicalize_name(value())); i += 1
            else:
                raise ValueError(f"unknown flag {a}")
            i += 1
        uv = pyproject.get("tool", {}).get("uv", {})
        self.defaults = uv.get("default-groups", ["dev"])

    @property
    def prod(self):
        return not self.only_groups

    def group_selected(self, group):
        group = canonicalize_name(group)
        if group in map(canonicalize_name, self.no_groups):
            return False
        if self.only_groups:
            return group in map(canonicalize_name, self.only_groups)
        if self.all_groups or group in map(canonicalize_name, self.groups):
            return True
        if self.no_default_groups:
            return False
        return self.defaults == "all" or group in map(canonicalize_name, self.defaults)

    def root_extras(self, root):
        defined = list(root.get("optional-dependencies", {}))
        chosen = defined if self.all_extras else self.extras
        no = set(map(canonicalize_name, self.no_extras))
        return [e for e in chosen if canonicalize_name(e) not in no]


# --- walk (notes section 9) --------------------------------------------------

def roots_of(lock, sel):
    """Returns (roots, project): the root packages and the project whose
    --no-install-project applies (None for a virtual workspace root)."""
    members = [p for p in lock.packages
               if source_kind(p) in ("editable", "virtual", "directory")
               and (p["source"].get(source_kind(p)) == "."
                    or canonicalize_name(p["name"]) in lock.members)]
    if sel.all_packages:
        return members, None
    if sel.packages:
        wanted = [canonicalize_name(n) for n in sel.packages]
        roots = [p for p in members if canonicalize_name(p["name"]) in wanted]
        return roots, roots[0] if len(roots) == 1 else None
    for p in members:
        if p["source"].get(source_kind(p)) == ".":
            return [p], p
    return members, None


def walk(lock, sel, target):
    markers = MarkerEval(target)
    roots, project = roots_of(lock, sel)
    active = set()
    if sel.prod:
        for r in roots:
            active.add(encode("project", r["name"]))
            for e in sel.root_extras(r):
                active.add(encode("extra", r["name"], e))
    for r in roots:
        for g in groups_of(r):
            if sel.group_selected(g):
                active.add(encode("group", r["name"], g))

    installed = {}  # pid -> package
    queue = deque()
    seen = set()

    def push(p, extras):
        if (pid(p), None) not in seen:
            seen.add((pid(p), None))
            queue.append((p, None))
        for e in extras:
            if (pid(p), e) not in seen:
                seen.add((pid(p), e))
                queue.append((p, e))

    for r in roots:
        if sel.prod:
            installed[pid(r)] = r
            queue.append((r, None))
            for e in sel.root_extras(r):
                queue.append((r, e))
        for g, edges in groups_of(r).items():
            if not sel.group_selected(g):
                continue
            for edge in edges:
                if markers.holds(edge.get("marker"), active):
                    dep = lock.find(edge, target, markers)
                    installed[pid(dep)] = dep
                    push(dep, edge.get("extra", []))

    # Requirements of a workspace root that is not a project.
    reqs = list(lock.requirements)
    for g, group_reqs in lock.manifest_groups.items():
        if sel.group_selected(g):
            reqs += group_reqs
    for req in reqs:
        if markers.holds(req.get("marker"), frozenset()):
            dep = lock.find({"name": req["name"]}, target, markers)
            installed[pid(dep)] = dep
            push(dep, req.get("extras", []))

    def deps_of(p, extra):
        if extra is None:
            return p.get("dependencies", [])
        return p.get("optional-dependencies", {}).get(extra, [])

    # First pass (only with conflicts): collect the extras the walk
    # activates, counting an edge's own extras when evaluating its marker.
    if lock.conflicts:
        q, s = deque(queue), set(seen)
        while q:
            p, extra = q.popleft()
            for edge in deps_of(p, extra):
                extra_names = {encode("extra", edge["name"], e) for e in edge.get("extra", [])}
                if not markers.holds(edge.get("marker"), active | extra_names):
                    continue
                active |= extra_names
                dep = lock.find(edge, target, markers)
                for key in [(pid(dep), None)] + [(pid(dep), e) for e in edge.get("extra", [])]:
                    if key not in s:
                        s.add(key)
                        q.append((dep, key[1]))

    while queue:
        p, extra = queue.popleft()
        for edge in deps_of(p, extra):
            if not markers.holds(edge.get("marker"), active):
                continue
            dep = lock.find(edge, target, markers)
            installed[pid(dep)] = dep
            push(dep, edge.get("extra", []))

    # Install filters (notes 9.6) and virtual packages.
    members = set(lock.members)
    if project is not None:
        members.add(canonicalize_name(project["name"]))
    out = []
    for p in installed.values():
        name = canonicalize_name(p["name"])
        kind = source_kind(p)
        if kind == "virtual":
            continue
        if sel.no_install_project and project is not None and p is project:
            continue
        if sel.no_install_workspace and name in members:
            continue
        if sel.no_install_local and kind in ("path", "directory", "editable"):
            continue
        if name in sel.no_install_packages:
            continue
        out.append(p)
    return out


# --- artifact choice (notes section 8) ----------------------------------------

def artifact_name(a):
    if "filename" in a:
        return a["filename"]
    if "url" in a:
        u = re.split(r"[?#]", a["url"], maxsplit=1)[0]
        return urllib.parse.unquote(u.rsplit("/", 1)[-1])
    if "path" in a:
        return a["path"].replace("\\", "/").rsplit("/", 1)[-1]
    return ""


def choose(p, target):
    """Returns (kind, filename, size or None)."""
    kind = source_kind(p)
    if kind in ("git", "directory", "editable"):
        return "local", "", None
    best = None
    for w in p.get("wheels", []):
        name = artifact_name(w)
        try:
            _, _, build, tags = parse_wheel_filename(name)
        except Exception:
            continue
        ranks = [target.rank[t] for t in tags if t in target.rank]
        if not ranks:
            continue
        # Lower rank is better; a build tag beats none, a higher one wins.
        key = (-min(ranks), build != (), build)
        if best is None or key > best[0]:
            best = (key, w)
    if best is not None:
        w = best[1]
        return "wheel", artifact_name(w), w.get("size")
    if "sdist" in p:
        s = p["sdist"]
        return "sdist", artifact_name(s), s.get("size")
    return "missing", "", None


def render(lock, sel, target):
    lines = []
    total = missing = 0
    for p in walk(lock, sel, target):
        kind, filename, size = choose(p, target)
        if kind in ("wheel", "sdist"):
            if size is None:
                missing += 1
            else:
                total += size
        lines.append((canonicalize_name(p["name"]), p.get("version", "-"), kind,
                      filename or "-", "-" if size is None else str(size)))
    lines.sort()
    text = "".join(" ".join(fields) + "\n" for fields in lines)
    return text + f"total_download_bytes {total} missing_sizes {missing}\n"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=os.path.join(here, "../../../shared/corpus/uvlock"))
    ap.add_argument("--cases", default=os.path.join(here, "accuracy/CASES.tsv"))
    args = ap.parse_args()
    out_dir = os.path.dirname(args.cases)
    with open(args.cases) as f:
        rows = [line.rstrip("\n").split("\t") for line in f
                if line.strip() and not line.startswith("#")]
    for case, lock_name, python, os_name, arch, libc, libc_version, flags in rows:
        lock = Lock(os.path.join(args.corpus, lock_name + ".uv.lock"))
        pyproject_path = os.path.join(args.corpus, lock_name + ".pyproject.toml")
        pyproject = {}
        if os.path.exists(pyproject_path):
            with open(pyproject_path, "rb") as f:
                pyproject = tomllib.load(f)
        target = Target(python, os_name, arch, libc, libc_version)
        text = render(lock, Selection(flags, pyproject), target)
        with open(os.path.join(out_dir, case + ".txt"), "w") as f:
            f.write(text)
        body = text.splitlines()
        print(f"{case}: {len(body) - 1} packages, {body[-1]}", file=sys.stderr)


if __name__ == "__main__":
    main()
