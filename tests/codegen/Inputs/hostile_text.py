#!/usr/bin/env python3
"""Hostile schema text never becomes code, markup or structure.

Puts seeded random text (line breaks, backslashes, trigraphs, comment and
string delimiters, NUL, bidirectional and C1 controls, HTML, Markdown links
and blocks) into every free-text field of a schema, then checks what
trailguard-gen makes of it against the same schema with benign text:
  cpp         the header's raw tokens (comments dropped, string literals
              masked) are the benign header's, and the compiled header
              declares exactly the benign one's names (-ast-list), warning-free
              with -trigraphs under clang++, and under g++ when given;
  docs        every line is one the emitter writes or an escaped description
              line: no raw HTML, link, image, emphasis, entity or code, table
              rows keep their cell count;
  jsonschema  valid JSON with the service percent-encoded in $id.
Every fourth case writes bytes that are not UTF-8 into the file raw: those
schemas must be refused cleanly (exit 2, one "PATH:LINE:COL: ..." line that
points at the first such byte, no output file), as YAML text is UTF-8; in
the other cases such bytes are written as \\xNN escapes, which YAML reads as
the characters U+0080 to U+00FF (C1 controls among them).
Prints the seed; rerun with --seed to reproduce.
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys

PIECES = [
    "a", "Z", "0", " ", "  ", "\t", "\r", "\n", "\r\n", "\f", "\v", "\0",
    "\x1b", "\x7f", "\\", "\\\n", "\\ \n", "?", "??/", "??=", "??'", "/",
    "*", "*/", "/*", "//", '"', "'", "<", ">", "&", "&lt;", "[", "]", "(",
    ")", "!", "`", "```", "|", "#", "-", "=", "+", "~", "_", "$", ":", ";",
    "{", "}", ".", "1.", "\u2028", "\u2029", "\u202e", "\u2066", "\u0085",
    "\ufeff", "\u00e9", "\U0001f600", b"\xff", b"\xc3", b"\xe2\x80", b"\xed\xa0\x80",
    "<script>alert(1)</script>", "](http://evil.example)", "![img](x.png)",
    "[link](http://evil.example)", "\n# heading\n", "\n    code\n", "\n---\n",
    "\n===\n", "\n> quote", "\n1. item", "\n- item", "\n| a | b |\n|---|---|",
    "int evil(){return 42;}", "\n#define TG_SENSITIVE\n", "*/ int y; /*",
    "\");int z;//", "\\x41", "\\u0041", "<a href=x>", "&#60;", "$x$", "~~s~~",
    "**b**", "_e_",
]


def random_text(rng, min_len=0):
    parts = [rng.choice(PIECES) for _ in range(rng.randint(min_len, 12))]
    return b"".join(p if isinstance(p, bytes) else p.encode("utf-8") for p in parts)


def yaml_quoted(raw, raw_bytes=False):
    """A YAML double-quoted scalar for these bytes; bytes that are not UTF-8
    go in raw with raw_bytes, else as \\xNN escapes."""
    out = bytearray(b'"')
    text = raw.decode("utf-8", errors="surrogateescape")
    for ch in text:
        cp = ord(ch)
        if 0xdc80 <= cp <= 0xdcff:
            out += bytes([cp - 0xdc00]) if raw_bytes else b"\\x%02x" % (cp - 0xdc00)
        elif ch == '"' or ch == "\\":
            out += b"\\" + ch.encode()
        elif cp < 0x20 or cp == 0x7f:
            out += b"\\x%02x" % cp
        elif cp > 0x7e:
            out += (b"\\u%04x" % cp) if cp <= 0xffff else (b"\\U%08x" % cp)
        else:
            out += ch.encode()
    return bytes(out + b'"')


def pattern_text(rng):
    """A valid regular expression of literal characters that still means
    trouble in C++ text (escaped only for the regex)."""
    pieces = ["a", "b", "0", " ", '"', "'", "/", "#", "<", "\\\\", "\\?",
              "\\.", "\\*", "%", "\\[", "x|y"]
    return "".join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))


EVENTS = 3
FIELDS = 3


def schema(namespace, text, pattern, raw_bytes=False):
    """A schema whose structure is fixed; text(kind) gives each free text;
    with raw_bytes, bytes that are not UTF-8 are written raw (the service
    ends in one at least)."""
    def q(raw):
        return yaml_quoted(raw, raw_bytes)
    y = bytearray()
    y += b"format: 1\nnamespace: " + namespace.encode() + b"\n"
    service = text("service") + (b"\xc3" if raw_bytes else b"")
    y += b"service: " + q(service) + b'\nversion: "1.0"\nevents:\n'
    for e in range(EVENTS):
        y += b"  - name: ev.e%d\n    version: \"1.%d\"\n" % (e, e)
        y += b"    description: " + q(text("description")) + b"\n"
        y += b"    ecs: { category: [" + q(text("word")) + b"], type: [" + \
            q(text("word")) + b"] }\n"
        y += b"    fields:\n"
        for f in range(FIELDS):
            y += b"      - name: f%d\n" % f
            y += b"        tier: restricted\n"
            if f == 1:
                y += b"        type: enum\n        members: [m_a, m_b]\n"
            else:
                y += b"        type: string\n"
            if f == 2:
                y += b"        pattern: " + yaml_quoted(pattern().encode()) + b"\n"
            y += b"        description: " + q(text("description")) + b"\n"
    return bytes(y)


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def raw_tokens(clangxx, header):
    """The header's tokens as the compiler lexes them: comments and blanks
    dropped, string literals masked (their text may differ)."""
    r = run([clangxx, "-std=c++17", "-trigraphs", "-fsyntax-only", "-x", "c++",
             "-Xclang", "-dump-raw-tokens", header])
    tokens = []
    for line in r.stderr.decode("utf-8", "replace").split("\n"):
        m = re.match(r"^(\w+) '(.*?)'(\t| \[)", line)
        if not m:
            continue
        kind, spelling = m.group(1), m.group(2)
        if kind == "comment" or (kind == "unknown" and not spelling.strip()):
            continue
        if kind == "string_literal":
            # "\x0d""x" is one string, however many pieces it is written in.
            if tokens and tokens[-1][0] == kind:
                continue
            spelling = "<literal>"
        tokens.append((kind, spelling))
    return tokens


def declared_names(clangxx, flags, headers, prefix_of):
    """Per case, the names the compiled headers declare, and the compiler's
    complaints."""
    tu = "".join('#include "%s"\n' % h for h in headers)
    r = run([clangxx] + flags + ["-fsyntax-only", "-Xclang", "-ast-list", "-x", "c++", "-"],
            input=tu.encode())
    names = {}
    for line in r.stdout.decode("utf-8", "replace").split("\n"):
        key = prefix_of(line)
        if key is not None:
            names.setdefault(key, []).append(line.split("::", 1)[1])
    return r.returncode, r.stderr.decode("utf-8", "replace"), names


UNESCAPED_NEVER = set("<>&[]~$!*")


def unescaped(line):
    """(position, character) of Markdown syntax outside code spans that no
    backslash escapes."""
    out, i, n = [], 0, len(line)
    while i < n:
        c = line[i]
        if c == "\\":
            i += 2
            continue
        if c == "`":
            run_len = len(line[i:]) - len(line[i:].lstrip("`"))
            fence = "`" * run_len
            j = i + run_len
            while True:
                k = line.find(fence, j)
                if k < 0:
                    out.append((i, "`"))
                    i += run_len
                    break
                if line[k + run_len:k + run_len + 1] != "`" and line[k - 1] != "`":
                    i = k + run_len
                    break
                j = k + 1
            continue
        out.append((i, c))
        i += 1
    return out


OWN_LINE = re.compile(
    r'^(# Audit events of |Schema version |Tiers: |\|---|## <a id="[A-Za-z0-9]+"></a>`|'
    r'- (Version|C\+\+ type|Outcome|Context|OCSF|ECS|\*\*Deprecated\*\*)[: ]|No fields\.$|$)')


def check_docs(md, problems):
    lines = md.split("\n")
    anchors = rows = 0
    for no, line in enumerate(lines, 1):
        marks = unescaped(line)
        own = OWN_LINE.match(line) or line.startswith("| ")
        allowed = line
        if line.startswith("## <a id="):
            anchors += 1
            allowed = re.sub(r'^## <a id="[A-Za-z0-9]+"></a>', "##", line)
        if re.match(r"^\| \[`[a-z0-9.]+`\]\(#[A-Za-z0-9]+\) \|", line):
            allowed = re.sub(r"^\| \[(`[a-z0-9.]+`)\]\(#[A-Za-z0-9]+\)", r"| \1", line)
        if line.startswith("Tiers: ") or line.startswith("- **Deprecated**"):
            allowed = line.replace("**", "")
        if line.startswith("| ") and not line.startswith("| event |") and \
                not line.startswith("| field |"):
            pipes = [p for p, c in marks if c == "|"]
            cells = len(pipes) - 1
            if cells not in (4, 6):
                problems.append("docs line %d: %d table cells: %r" % (no, cells, line))
            rows += 1
        for p, c in unescaped(allowed):
            if c in UNESCAPED_NEVER or (c == "`" and not own):
                problems.append("docs line %d: raw %r at %d: %r" % (no, c, p, line))
                break
            if c == "_" and not (0 < p < len(allowed) - 1 and allowed[p - 1].isalnum()
                                 and allowed[p + 1].isalnum()):
                problems.append("docs line %d: raw '_' at %d: %r" % (no, p, line))
                break
        if not own:
            # A description line: it must not open a block.
            if re.match(r"^(\s|[#>\-+*=`~|<]|\d+[.)])", line):
                problems.append("docs line %d: a description opens a block: %r" % (no, line))
    if anchors != EVENTS:
        problems.append("docs: %d event headings, expected %d" % (anchors, EVENTS))
    if rows != EVENTS + EVENTS * FIELDS:
        problems.append("docs: %d table rows, expected %d" % (rows, EVENTS + EVENTS * FIELDS))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gen", required=True)
    ap.add_argument("--clangxx", required=True)
    ap.add_argument("--gxx")
    ap.add_argument("--include", action="append", default=[])
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int)
    ap.add_argument("--cases", type=int, default=40)
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 31)
    print("hostile_text.py: seed %d (rerun with --seed %d), %d cases of %d free texts"
          % (seed, seed, args.cases, 1 + EVENTS * (3 + FIELDS)))
    os.makedirs(args.out, exist_ok=True)
    flags = ["-std=c++17", "-trigraphs", "-Wall", "-Wextra", "-pedantic", "-Werror"] + \
        ["-I" + d for d in args.include + [args.out]]
    problems = []

    def refused(kind, path, out, data):
        """Whether trailguard-gen refuses the schema as not UTF-8, cleanly and
        at its first byte that is not."""
        r = run([args.gen, kind, path, "-o", out])
        try:
            data.decode("utf-8")
            return False
        except UnicodeDecodeError as e:
            at = e.start
        line = data.count(b"\n", 0, at) + 1
        column = at - (data.rfind(b"\n", 0, at) + 1) + 1
        err = r.stderr.decode("utf-8", "replace")
        expected = "trailguard-gen: error: %s:%d:%d: " % (path, line, column)
        if r.returncode != 2 or r.stdout or not err.startswith(expected) or \
                err.count("\n") != 1 or not err.endswith("\n") or os.path.exists(out):
            problems.append("%s: trailguard-gen %s: exit %d, stderr %r, output %s; expected "
                            "exit 2 and one line starting %r, no output" % (
                                path, kind, r.returncode, err,
                                "written" if os.path.exists(out) else "none", expected))
            return False
        return True

    def gen(kind, path, out):
        r = run([args.gen, kind, path, "-o", out])
        if r.returncode != 0:
            problems.append("%s: trailguard-gen %s exit %d: %s" % (
                path, kind, r.returncode, r.stderr.decode("utf-8", "replace")))
            return False
        return True

    # The benign twin: the same structure and patterns, plain text.
    prng = random.Random(seed)
    patterns = [pattern_text(prng) for _ in range(EVENTS)]
    headers = {}
    refusals = 0
    for case in ["benign"] + list(range(args.cases)):
        rng = random.Random("%d/%s" % (seed, case))
        pat = iter(patterns)
        if case == "benign":
            text = lambda kind: b"plain text"
        else:
            text = lambda kind: random_text(rng, 1 if kind != "description" else 0).strip() \
                or b"x" if kind != "description" else random_text(rng)
        name = "c%s" % case
        path = os.path.join(args.out, name + ".yaml")
        raw_bytes = case != "benign" and case % 4 == 3
        data = schema(name + "::audit", text, lambda: next(pat), raw_bytes)
        with open(path, "wb") as f:
            f.write(data)
        if raw_bytes:
            before = len(problems)
            refusals += all([refused(kind, path, os.path.join(args.out, name + "." + ext), data)
                             for kind, ext in [("cpp", "hpp"), ("docs", "md"),
                                               ("jsonschema", "json")]])
            for p in problems[before:]:
                print("case %s: %s" % (case, p))
            continue
        if not (gen("cpp", path, os.path.join(args.out, name + ".hpp")) and
                gen("docs", path, os.path.join(args.out, name + ".md")) and
                gen("jsonschema", path, os.path.join(args.out, name + ".json"))):
            continue
        headers[case] = name + ".hpp"
        before = len(problems)
        with open(os.path.join(args.out, name + ".md"), "rb") as f:
            md = f.read()
        try:
            md = md.decode("utf-8")
        except UnicodeDecodeError as e:
            problems.append("docs: not UTF-8: %s" % e)
            md = md.decode("utf-8", "replace")
        check_docs(md, problems)
        with open(os.path.join(args.out, name + ".json"), "rb") as f:
            js = json.loads(f.read().decode("utf-8"))
        if not re.match(r"^urn:trailguard:[A-Za-z0-9%._~-]+:1\.0:sensitive$", js["$id"]):
            problems.append("%s: $id %r" % (name, js["$id"]))
        for p in problems[before:]:
            print("case %s: %s" % (case, p))

    benign_tokens = raw_tokens(args.clangxx, os.path.join(args.out, headers["benign"]))
    for case, h in headers.items():
        if case == "benign":
            continue
        tokens = raw_tokens(args.clangxx, os.path.join(args.out, h))
        # The namespace differs by name only.
        tokens = [(k, s.replace("c%s" % case, "cbenign")) for k, s in tokens]
        if tokens != benign_tokens:
            diff = next(i for i, (a, b) in enumerate(zip(tokens + [None] * len(benign_tokens),
                                                         benign_tokens + [None] * len(tokens)))
                        if a != b)
            problems.append("case %s: header tokens differ from the benign header's at "
                            "token %d: %r instead of %r" % (
                                case, diff, tokens[diff:diff + 4], benign_tokens[diff:diff + 4]))
            print(problems[-1])

    def prefix_of(line):
        m = re.match(r"^c(benign|\d+)::", line)
        return m.group(1) if m else None

    compilers = [("clang++", args.clangxx)] + ([("g++", args.gxx)] if args.gxx else [])
    for label, cxx in compilers:
        if label == "g++":
            rc, err, names = run([cxx] + flags + ["-fsyntax-only", "-x", "c++", "-"], input="".join(
                '#include "%s"\n' % h for h in headers.values()).encode()).returncode, "", None
            if rc != 0:
                problems.append("g++ does not compile the headers cleanly")
                print(problems[-1])
            continue
        rc, err, names = declared_names(cxx, flags, list(headers.values()), prefix_of)
        if rc != 0:
            problems.append("clang++ does not compile the headers cleanly:\n" + err[:4000])
            print(problems[-1])
        expected = sorted(names.get("benign", []))
        if not expected:
            problems.append("no declarations found in the benign header")
        for case in headers:
            if case != "benign" and sorted(names.get(str(case), [])) != expected:
                got = set(names.get(str(case), []))
                problems.append("case %s declares %s, lacks %s" % (
                    case, sorted(got - set(expected))[:10], sorted(set(expected) - got)[:10]))
                print(problems[-1])

    if len(headers) - 1 + refusals != args.cases:
        problems.append("%d cases generated and %d refused, of %d" % (
            len(headers) - 1, refusals, args.cases))
    if problems:
        print("hostile_text.py: %d problems (seed %d)" % (len(problems), seed))
        return 1
    print("hostile_text.py: %d cases clean (%d generated and compiled, %d refused as not UTF-8)"
          % (args.cases, len(headers) - 1, refusals))
    return 0


if __name__ == "__main__":
    sys.exit(main())
