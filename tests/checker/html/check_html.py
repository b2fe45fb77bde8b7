#!/usr/bin/env python3
"""Checks the DOM of an HTML report, as headless Chromium left it after its
script ran, against the JSON reports of the same run: every finding listed
and every step of its path shown over its source, nothing from the findings
turned into markup, and the list sorted as the page was asked."""

import argparse
import json
import os
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children = []

    def text(self):
        return "".join(c if isinstance(c, str) else c.text()
                       for c in self.children)

    def walk(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.walk()

    def find_all(self, tag=None, cls=None, **attrs):
        for n in self.walk():
            if tag and n.tag != tag:
                continue
            if cls and cls not in n.attrs.get("class", "").split():
                continue
            if any(n.attrs.get(k.replace("_", "-")) != v
                   for k, v in attrs.items()):
                continue
            yield n

    def find(self, *args, **kwargs):
        return next(self.find_all(*args, **kwargs), None)


class Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.children.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


problems = []


def expect(cond, what):
    if not cond:
        problems.append(what)
    return cond


def rel(path, root):
    r = os.path.relpath(path, root)
    return path if r.startswith("..") else r


def steps_of(f):
    steps = list(f["notes"])
    last = steps[-1] if steps else None
    if not last or (last["file"], last["line"], last["column"]) != (
            f["file"], f["line"], f["column"]):
        steps.append(f)
    return steps


def source_line(path, line):
    with open(path, encoding="utf-8", errors="replace") as fh:
        return fh.read().split("\n")[line - 1].rstrip("\r")


def check_section(doc, prefix, kind, findings, root):
    table = doc.find("table", id=prefix + "-table")
    if not findings:
        expect(table is None, f"{kind}: a table without findings")
        return 0
    if not expect(table is not None, f"{kind}: no table"):
        return 0
    rows = list(table.find("tbody").find_all("tr"))
    expect(len(rows) == len(findings),
           f"{kind}: {len(rows)} rows for {len(findings)} findings")
    nsteps = 0
    for i, f in enumerate(findings):
        where = f"{kind} finding {i + 1} ({f['path']}:{f['line']})"
        row = [r for r in rows if r.attrs.get("data-index") == str(i)]
        if expect(len(row) == 1, f"{where}: no row"):
            r = row[0]
            expect(r.attrs.get("data-file") == f["path"], f"{where}: file")
            expect(r.attrs.get("data-line") == str(f["line"]),
                   f"{where}: line")
            expect(r.attrs.get("data-check") == f["check"], f"{where}: check")
            expect(r.attrs.get("data-message") == f["message"],
                   f"{where}: message attribute")
            link = r.find("a")
            expect(link is not None and link.text() == f["message"] and
                   link.attrs.get("href") == f"#{prefix}{i + 1}",
                   f"{where}: link to its path")
        sec = doc.find("section", id=f"{prefix}{i + 1}")
        if not expect(sec is not None and
                      sec.attrs.get("data-section") == kind,
                      f"{where}: no section"):
            continue
        expect(f["message"] in sec.find("h3").text(), f"{where}: heading")
        want = steps_of(f)
        got = list(sec.find_all("li", cls="step"))
        expect(len(got) == len(want),
               f"{where}: {len(got)} steps shown, {len(want)} expected")
        for k, (s, li) in enumerate(zip(want, got)):
            at = f"{where} step {k + 1}"
            nsteps += 1
            expect(li.attrs.get("data-step") == str(k + 1), f"{at}: order")
            expect(li.find("span", cls="message").text() == s["message"],
                   f"{at}: message")
            expect(li.attrs.get("data-file") == rel(s["file"], root) and
                   li.attrs.get("data-line") == str(s["line"]),
                   f"{at}: place")
            hl = li.find("span", cls="hl")
            if expect(hl is not None, f"{at}: no highlighted line"):
                no = hl.find("span", cls="no")
                expect(no.text() == str(s["line"]), f"{at}: line number")
                shown = hl.text()[len(no.text()):]
                expect(shown == source_line(s["file"], s["line"]),
                       f"{at}: source line {shown!r}")
                mark = hl.find("mark", cls="step")
                line = source_line(s["file"], s["line"])
                expect(mark is not None and
                       line[s["column"] - 1:].startswith(mark.text()),
                       f"{at}: marked column")
            expect((k == len(want) - 1) == ("sink" in li.attrs["class"]),
                   f"{at}: the sink is the last step")
    return nsteps


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dom", required=True)
    ap.add_argument("--new", required=True, help="--format json of the run")
    ap.add_argument("--baselined", help="--format json of the baseline")
    ap.add_argument("--source-root", required=True)
    ap.add_argument("--sorted", help="the ?sort= the page was loaded with")
    a = ap.parse_args()
    b = Builder()
    with open(a.dom, encoding="utf-8") as fh:
        b.feed(fh.read())
    doc = b.root
    root = os.path.realpath(a.source_root)

    # The script ran, under the page's own CSP; nothing else is active.
    body = doc.find("body")
    expect(body is not None and body.attrs.get("data-script") == "ran",
           "the script did not run (blocked by the CSP?)")
    csp = [m.attrs.get("content", "") for m in doc.find_all("meta")
           if m.attrs.get("http-equiv") == "Content-Security-Policy"]
    expect(len(csp) == 1 and "default-src 'none'" in csp[0] and
           "unsafe" not in csp[0], f"CSP: {csp}")
    expect(len(list(doc.find_all("script"))) == 1, "more than one script")
    for bad in ("img", "b", "iframe", "object", "embed", "link", "base"):
        expect(doc.find(bad) is None, f"a <{bad}> element")
    for n in doc.walk():
        for k in n.attrs:
            expect(not k.startswith("on"), f"<{n.tag} {k}>")

    new = json.load(open(a.new))["findings"]
    old = json.load(open(a.baselined))["findings"] if a.baselined else []
    steps = check_section(doc, "f", "new", new, root)
    steps += check_section(doc, "b", "baselined", old, root)
    keys = {f["fingerprint"] for f in new}
    expect(not any(f["fingerprint"] in keys for f in old),
           "a baselined finding is also new")

    if a.sorted and new:
        table = doc.find("table", id="f-table")
        expect(table.attrs.get("data-sorted") == a.sorted,
               f"sorted by {table.attrs.get('data-sorted')}")
        desc = a.sorted.startswith("-")
        key = a.sorted.lstrip("-")
        rows = list(table.find("tbody").find_all("tr"))
        vals = [r.attrs["data-" + key] for r in rows]
        if key == "line":
            vals = [int(v) for v in vals]
        expect(vals == sorted(vals, reverse=desc), f"rows by {key}: {vals}")
        order = [int(r.attrs["data-index"]) for r in rows]
        expect(len(rows) < 2 or order != sorted(order),
               "the sort moved no row: the test proves nothing")

    for p in problems:
        print("problem:", p)
    if problems:
        print(f"FAILED: {len(problems)} problem(s)")
        return 1
    print(f"ok: {len(new)} findings, {len(old)} baselined, {steps} steps")
    return 0


if __name__ == "__main__":
    sys.exit(main())
