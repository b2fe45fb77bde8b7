#!/usr/bin/env python3
"""Checks the ready-made CI entries (action.yml, .pre-commit-hooks.yaml, the
GitLab template) and docs/ci.md against trailguard-check itself: they parse,
their shell is valid bash, every option they pass is one --help lists, every
Debian package they install is one ./dev installs, and the action's run step
works over a small project (single run, shard and merge)."""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys

import yaml

# Options another branch adds, listed here so that the templates can use
# them before the merge; once --help lists one, this test fails until it is
# removed from here.
PENDING = set()
# Tools a CI image needs that the build itself does not.
CI_ONLY_PACKAGES = {"git", "ca-certificates"}

problems = []


def problem(where, what):
    problems.append(f"{where}: {what}")


def help_options(tool):
    out = subprocess.run([tool, "--help"], capture_output=True, text=True,
                         check=True).stdout
    opts, values = set(), {}
    last = None
    for line in out.splitlines():
        m = re.match(r"^\s+(-{1,2}[A-Za-z][\w-]*)", line)
        if m:
            last = m.group(1)
            opts.add(last)
            continue
        m = re.match(r"^\s+=(\w+)\s", line)
        if m and last:
            values.setdefault(last, set()).add(m.group(1))
    return opts, values


def logical_lines(script):
    return script.replace("\\\n", " ").splitlines()


def tool_lines(script):
    """The lines of a script that run trailguard-check or build its
    arguments."""
    for line in logical_lines(script):
        words = line.split()
        if not words or words[0] in ("#", "cmake", "install", "git", "echo"):
            continue
        if re.search(r"trailguard-check|TRAILGUARD_CHECK\"|tg_args", line):
            yield line


def check_flags(where, script, opts, values, seen):
    for line in tool_lines(script):
        # Quoted help text and messages are not options.
        code = re.sub(r"'[^']*'", "''", line) if "echo" in line else line
        if re.match(r"\s*echo\b", code):
            continue
        for flag in re.findall(r"(?<![\w$/.-])(--[a-z][a-z0-9-]*)", code):
            seen.add(flag)
            if flag in PENDING:
                continue
            if flag not in opts:
                problem(where, f"'{flag}' is not an option of trailguard-check "
                               f"(in: {line.strip()})")
        for short in re.findall(r"(?<![\w$/.-])(-[a-zA-Z])(?=[\s\"])", code):
            if short in ("-p", "-o", "-j") and short not in opts:
                problem(where, f"'{short}' is not an option of trailguard-check")
        for value in re.findall(r"--format[= ]+([a-z]+)", code):
            if value not in values.get("--format", ()):
                problem(where, f"--format {value}: not a format of trailguard-check")


def bash_syntax(where, script):
    r = subprocess.run(["bash", "-n"], input=script, capture_output=True,
                       text=True)
    if r.returncode:
        problem(where, "bash: " + r.stderr.strip())


def expand(script):
    """A GitHub expression stands for some word in bash -n."""
    return re.sub(r"\$\{\{[^}]*\}\}", "EXPR", script)


def dev_packages(src, llvm):
    out = subprocess.run([os.path.join(src, "dev"), "deps", "--help"],
                         capture_output=True, text=True, check=True).stdout
    line = next(l for l in out.splitlines() if l.startswith("packages:"))
    return set(line.split()[1:]), llvm


def check_packages(where, words, known):
    names, llvm = known
    for w in words:
        w = re.sub(r"\$(\{)?(LLVM_MAJOR|TRAILGUARD_LLVM_MAJOR)(\})?", llvm, w)
        if w not in names and w not in CI_ONLY_PACKAGES:
            problem(where, f"package '{w}' is not one ./dev deps installs")


def check_action(src, opts, values, seen, known):
    path = os.path.join(src, "action.yml")
    with open(path) as f:
        text = f.read()
    a = yaml.safe_load(text)
    where = "action.yml"
    if a.get("runs", {}).get("using") != "composite":
        problem(where, "not a composite action")
    inputs = a.get("inputs", {})
    for name in ("build-dir", "checks", "baseline", "diff-base", "shard",
                 "category", "args"):
        if name not in inputs:
            problem(where, f"no input '{name}'")
    used = set(re.findall(r"inputs\.([\w-]+)", text))
    for name in used - set(inputs):
        problem(where, f"inputs.{name} is used but not declared")
    for name in set(inputs) - used:
        problem(where, f"input '{name}' is declared but not used")
    for name, spec in inputs.items():
        if "description" not in spec:
            problem(where, f"input '{name}' has no description")
    uploads = []
    for i, step in enumerate(a["runs"]["steps"]):
        at = f"{where} step {i + 1} ({step.get('name', '?')})"
        if "run" in step:
            if step.get("shell") != "bash":
                problem(at, "a run step of a composite action needs shell: bash")
            if "${{" in step["run"]:
                problem(at, "an expression pasted into the script; pass it "
                            "in env")
            bash_syntax(at, expand(step["run"]))
            check_flags(at, step["run"], opts, values, seen)
            m = re.search(r"packages=\(([^)]*)\)", step["run"])
            if m:
                check_packages(at, m.group(1).replace('"', "").split(), known)
        if step.get("uses", "").startswith("github/codeql-action/upload-sarif"):
            uploads.append(step)
    if not any(u["uses"].endswith("@v3") and "category" in u.get("with", {})
               for u in uploads):
        problem(where, "no upload-sarif@v3 step with a category")
    return a


def check_precommit(src, opts, values, seen):
    where = ".pre-commit-hooks.yaml"
    with open(os.path.join(src, where)) as f:
        hooks = yaml.safe_load(f)
    if not isinstance(hooks, list) or not hooks:
        problem(where, "not a list of hooks")
        return
    for h in hooks:
        for key in ("id", "name", "entry", "language"):
            if key not in h:
                problem(where, f"hook without '{key}'")
        cmd = " ".join([h.get("entry", "")] + [str(x) for x in h.get("args", [])])
        check_flags(where, cmd + " ", opts, values, seen)
        if not h.get("entry", "").startswith("trailguard-check"):
            problem(where, "the entry does not run trailguard-check")
        if not re.search(h.get("files", "$^"), "src/a.cpp") or \
                re.search(h.get("files", ""), "a.h"):
            problem(where, "files should match sources and not headers")


def check_gitlab(src, opts, values, seen, known):
    where = "ci/trailguard.gitlab-ci.yml"
    with open(os.path.join(src, where)) as f:
        g = yaml.safe_load(f)
    for job in (".trailguard-setup", ".trailguard", ".trailguard-shard",
                ".trailguard-merge"):
        if job not in g:
            problem(where, f"no job {job}")
    scripts = []
    for name, job in g.items():
        if not isinstance(job, dict) or name == "variables":
            continue
        for key in ("before_script", "script"):
            for s in job.get(key, []):
                scripts.append((f"{where} {name}.{key}", s))
    # GitLab runs before_script and script as one shell script.
    setup = "\n".join(g[".trailguard-setup"]["before_script"])
    for at, s in scripts:
        bash_syntax(at, s)
        check_flags(at, s, opts, values, seen)
    m = re.search(r"apt-get install -y --no-install-recommends ([^\n]*)",
                  setup.replace("\\\n", " "))
    if m:
        words = [w.strip('"') for w in m.group(1).split()]
        check_packages(where, words, known)
    else:
        problem(where, "no apt-get install in .trailguard-setup")


class GitLabLoader(yaml.SafeLoader):
    """GitLab's !reference tag, which examples use."""


GitLabLoader.add_constructor(
    "!reference", lambda loader, node: loader.construct_sequence(node))


def check_docs(src, opts, values, seen):
    where = "docs/ci.md"
    with open(os.path.join(src, where)) as f:
        text = f.read()
    blocks = re.findall(r"```(?:sh|yaml|bash)?\n(.*?)```", text, re.S)
    for b in blocks:
        check_flags(where, b, opts, values, seen)
    for b in re.findall(r"```yaml\n(.*?)```", text, re.S):
        # Fragments of a job's steps ("# ... as above ...") parse too.
        try:
            yaml.load(b, Loader=GitLabLoader)
        except yaml.YAMLError as e:
            problem(where, f"a YAML example does not parse: {e}")
    # Options in running text: `--flag`.
    for flag in re.findall(r"`(--[a-z][a-z0-9-]*)", text):
        seen.add(flag)
        if flag not in opts and flag not in PENDING:
            problem(where, f"'{flag}' is not an option of trailguard-check")
    for name in ("action.yml", ".pre-commit-hooks.yaml",
                 "ci/trailguard.gitlab-ci.yml"):
        if name not in text:
            problem(where, f"does not mention {name}")


def run_action_step(action, tool, workdir, inputs):
    """The action's trailguard-check step, as GitHub runs it."""
    step = next(s for s in action["runs"]["steps"] if s.get("id") == "check")
    env = dict(os.environ)
    defaults = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    defaults.update(inputs)
    for k, v in step["env"].items():
        m = re.fullmatch(r"\$\{\{ inputs\.([\w-]+) \}\}", v)
        env[k] = defaults[m.group(1)] if m else ""
    env["TRAILGUARD_CHECK"] = tool
    env["RUNNER_TEMP"] = os.path.join(workdir, "runner")
    os.makedirs(env["RUNNER_TEMP"], exist_ok=True)
    out = os.path.join(workdir, "github_output")
    open(out, "w").close()
    env["GITHUB_OUTPUT"] = out
    r = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail",
                        "-c", step["run"]], cwd=workdir, env=env,
                       capture_output=True, text=True)
    outputs = dict(l.split("=", 1) for l in open(out).read().splitlines())
    return r, outputs


def smoke(action, tool, project):
    where = "action.yml check step"
    work = tmp = project
    if True:
        # Lists over several lines, as a YAML block scalar gives them.
        r, out = run_action_step(action, tool, work,
                                 {"source-root": work, "html-report": "true",
                                  "files": "leak.cpp\n",
                                  "args": "--no-progress\n"
                                          "--write-baseline=written.sarif\n"})
        if out.get("exit-code") != "1" or r.returncode != 0:
            problem(where, f"single run: exit-code {out.get('exit-code')}, "
                           f"step {r.returncode}: {r.stderr}")
        else:
            sarif = json.load(open(out["sarif"]))
            n = len(sarif["runs"][0]["results"])
            auto = sarif["runs"][0]["automationDetails"]["id"]
            if n != 1 or auto != "trailguard/":
                problem(where, f"single run: {n} results, category {auto}")
            if not os.path.exists(os.path.join(work, "runner",
                                               "trailguard-report",
                                               "index.html")):
                problem(where, "no HTML report")
            if not os.path.exists(os.path.join(work, "written.sarif")):
                problem(where, "the second line of args was lost")
        # A shard, then the merge job over its (downloaded) summaries.
        r, out = run_action_step(action, tool, work,
                                 {"source-root": work, "shard": "1/1"})
        summaries = out.get("summaries", "")
        if r.returncode != 0 or out.get("artifact") != "trailguard-summaries-1" \
                or not os.listdir(summaries or tmp + "/none"):
            problem(where, f"shard: {out} {r.stderr}")
            return
        dl = os.path.join(work, "runner", "trailguard-summaries")
        shutil.copytree(summaries, os.path.join(dl, "trailguard-summaries-1"),
                        dirs_exist_ok=True)
        r, out = run_action_step(action, tool, work,
                                 {"source-root": work, "merge": "true",
                                  "category": "trailguard/merged"})
        if out.get("exit-code") != "1":
            problem(where, f"merge: exit-code {out.get('exit-code')}: {r.stderr}")
        else:
            sarif = json.load(open(out["sarif"]))
            if len(sarif["runs"][0]["results"]) != 1:
                problem(where, "merge: not the finding of the single run")
            if sarif["runs"][0]["automationDetails"]["id"] != "trailguard/merged/":
                problem(where, "merge: category not passed")


def run_gitlab_job(g, job, tool, project, variables):
    """A job of the GitLab template without its first before_script entry
    (packages and build): the options, then the job's script, one shell."""
    setup = g[".trailguard-setup"]["before_script"][1:]
    script = "\n".join(setup + g[job]["script"])
    env = dict(os.environ)
    env.update({k: str(v) for k, v in g["variables"].items()})
    env.update({"TRAILGUARD_CHECK": tool, "CI_PROJECT_DIR": project})
    env.update(variables)
    return subprocess.run(["bash", "-c", script], cwd=project, env=env,
                          capture_output=True, text=True)


def smoke_gitlab(src, tool, project):
    where = "ci/trailguard.gitlab-ci.yml"
    with open(os.path.join(src, where)) as f:
        g = yaml.safe_load(f)
    allowed = set(g[".trailguard"]["allow_failure"]["exit_codes"])
    r = run_gitlab_job(g, ".trailguard", tool, project, {})
    if r.returncode != 1 or r.returncode in allowed:
        problem(where, f".trailguard: findings exit {r.returncode}: {r.stderr}")
    r = run_gitlab_job(g, ".trailguard", tool, project,
                       {"TRAILGUARD_ALLOW_FINDINGS": "true"})
    if r.returncode not in allowed:
        problem(where, f".trailguard: allowed findings exit {r.returncode}")
    for out in ("trailguard.sarif", "trailguard-report/index.html"):
        if not os.path.exists(os.path.join(project, out)):
            problem(where, f".trailguard: no {out}")
    os.remove(os.path.join(project, "trailguard.sarif"))
    r = run_gitlab_job(g, ".trailguard-shard", tool, project,
                       {"CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "1"})
    if r.returncode != 0:
        problem(where, f".trailguard-shard: exit {r.returncode}: {r.stderr}")
    r = run_gitlab_job(g, ".trailguard-merge", tool, project, {})
    if r.returncode != 1:
        problem(where, f".trailguard-merge: exit {r.returncode}: {r.stderr}")
    elif len(json.load(open(os.path.join(project, "trailguard.sarif")))
             ["runs"][0]["results"]) != 1:
        problem(where, ".trailguard-merge: not the finding of one run")


def smoke_precommit(src, tool, project):
    """pre-commit runs ENTRY ARGS FILES... with the staged files."""
    where = ".pre-commit-hooks.yaml"
    with open(os.path.join(src, where)) as f:
        h = yaml.safe_load(f)[0]
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(tool) + os.pathsep + env["PATH"]
    cmd = h["entry"].split() + [str(x) for x in h.get("args", [])]
    r = subprocess.run(cmd + ["leak.cpp"], cwd=project, env=env,
                       capture_output=True, text=True)
    if r.returncode != 1 or "warning: sensitive value" not in r.stdout:
        problem(where, f"exit {r.returncode}: {r.stdout} {r.stderr}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--src", required=True)
    ap.add_argument("--project", help="a small project to run the action on")
    ap.add_argument("--only", help="check only this file (for the tests of "
                                   "this script)")
    a = ap.parse_args()
    a.tool = os.path.abspath(a.tool)
    opts, values = help_options(a.tool)
    for flag in PENDING & opts:
        problem("check_ci_templates.py",
                f"trailguard-check has {flag} now: remove it from PENDING")
    known = dev_packages(a.src, "19")
    seen = set()
    if a.only:
        text = open(a.only).read()
        check_flags(a.only, text, opts, values, seen)
    else:
        action = check_action(a.src, opts, values, seen, known)
        check_precommit(a.src, opts, values, seen)
        check_gitlab(a.src, opts, values, seen, known)
        check_docs(a.src, opts, values, seen)
        if a.project:
            smoke(action, a.tool, a.project)
            smoke_gitlab(a.src, a.tool, a.project)
            smoke_precommit(a.src, a.tool, a.project)
    for p in problems:
        print("problem:", p)
    if problems:
        print(f"FAILED: {len(problems)} problem(s)")
        return 1
    print(f"ok: {len(seen)} options checked: {' '.join(sorted(seen))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
