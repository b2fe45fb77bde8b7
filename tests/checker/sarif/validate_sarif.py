#!/usr/bin/env python3
"""Checks a SARIF 2.1.0 log the way GitHub code scanning reads it.

Stdlib only. Validates the properties code scanning requires or uses (version,
$schema, runs[].tool.driver, rules, results, locations relative to
%SRCROOT%, regions, partialFingerprints, codeFlows, relatedLocations) and
their types. Prints one line per problem and exits 1, or prints a summary
and exits 0.

usage: validate_sarif.py [--require-relative] [--fingerprint-key KEY] FILE
"""

import argparse
import json
import re
import sys
from urllib.parse import urlparse

LEVELS = {"none", "note", "warning", "error"}
PRECISIONS = {"very-high", "high", "medium", "low"}
PROBLEM_SEVERITIES = {"error", "warning", "recommendation"}
COLUMN_KINDS = {"utf16CodeUnits", "unicodeCodePoints"}
BASELINE_STATES = {"new", "unchanged", "updated", "absent"}
SUPPRESSION_KINDS = {"inSource", "external"}


class Validator:
    def __init__(self, require_relative, fingerprint_key):
        self.require_relative = require_relative
        self.fingerprint_key = fingerprint_key
        self.errors = []

    def error(self, path, what):
        self.errors.append("%s: %s" % (path, what))

    # Helpers returning the value when it has the right type, else None.
    def want(self, obj, key, types, path, required=True):
        if not isinstance(obj, dict):
            self.error(path, "not an object")
            return None
        if key not in obj:
            if required:
                self.error(path, "missing required property '%s'" % key)
            return None
        value = obj[key]
        # bool is an int in Python; keep them apart.
        if isinstance(value, bool) and bool not in _as_tuple(types):
            self.error("%s.%s" % (path, key), "expected %s, got bool" % _names(types))
            return None
        if not isinstance(value, types):
            self.error("%s.%s" % (path, key),
                       "expected %s, got %s" % (_names(types), type(value).__name__))
            return None
        return value

    def want_text(self, obj, key, path, required=True):
        """A SARIF message-like object: {"text": non-empty string}."""
        msg = self.want(obj, key, dict, path, required)
        if msg is None:
            return None
        text = self.want(msg, "text", str, "%s.%s" % (path, key))
        if text is not None and not text.strip():
            self.error("%s.%s.text" % (path, key), "empty")
        return text

    def log(self, doc):
        if not isinstance(doc, dict):
            self.error("$", "the log is not an object")
            return
        version = self.want(doc, "version", str, "$")
        if version is not None and version != "2.1.0":
            self.error("$.version", "must be \"2.1.0\", got %r" % version)
        schema = self.want(doc, "$schema", str, "$")
        if schema is not None and not urlparse(schema).scheme.startswith("http"):
            self.error("$.$schema", "not an http(s) URI: %r" % schema)
        runs = self.want(doc, "runs", list, "$")
        if runs is None:
            return
        if not runs:
            self.error("$.runs", "no run")
        for i, run in enumerate(runs):
            self.run(run, "$.runs[%d]" % i)

    def run(self, run, path):
        tool = self.want(run, "tool", dict, path)
        driver = self.want(tool, "driver", dict, path + ".tool") if tool else None
        rules = []
        if driver is not None:
            dpath = path + ".tool.driver"
            name = self.want(driver, "name", str, dpath)
            if name is not None and not name:
                self.error(dpath + ".name", "empty")
            self.want(driver, "version", str, dpath, required=False)
            uri = self.want(driver, "informationUri", str, dpath, required=False)
            if uri is not None and not urlparse(uri).scheme:
                self.error(dpath + ".informationUri", "not an absolute URI")
            rules = self.want(driver, "rules", list, dpath) or []
            seen = set()
            for i, rule in enumerate(rules):
                rid = self.rule(rule, "%s.rules[%d]" % (dpath, i))
                if rid in seen:
                    self.error("%s.rules[%d].id" % (dpath, i), "duplicate rule id %r" % rid)
                seen.add(rid)

        bases = self.want(run, "originalUriBaseIds", dict, path, required=False) or {}
        for key, base in bases.items():
            bpath = "%s.originalUriBaseIds[%r]" % (path, key)
            uri = self.want(base, "uri", str, bpath)
            if uri is not None:
                parsed = urlparse(uri)
                if parsed.scheme != "file" or not uri.endswith("/"):
                    self.error(bpath + ".uri", "must be a file:// URI ending in '/': %r" % uri)

        details = self.want(run, "automationDetails", dict, path, required=False)
        if details is not None:
            self.want(details, "id", str, path + ".automationDetails")

        kind = self.want(run, "columnKind", str, path, required=False)
        if kind is not None and kind not in COLUMN_KINDS:
            self.error(path + ".columnKind", "unknown column kind %r" % kind)

        invocations = self.want(run, "invocations", list, path, required=False) or []
        for i, inv in enumerate(invocations):
            ipath = "%s.invocations[%d]" % (path, i)
            self.want(inv, "executionSuccessful", bool, ipath)
            notes = self.want(inv, "toolExecutionNotifications", list, ipath,
                              required=False) or []
            for j, note in enumerate(notes):
                npath = "%s.toolExecutionNotifications[%d]" % (ipath, j)
                self.want_text(note, "message", npath)
                level = self.want(note, "level", str, npath, required=False)
                if level is not None and level not in LEVELS:
                    self.error(npath + ".level", "unknown level %r" % level)
                for k, loc in enumerate(self.want(note, "locations", list, npath,
                                                  required=False) or []):
                    lpath = "%s.locations[%d]" % (npath, k)
                    phys = self.want(loc, "physicalLocation", dict, lpath)
                    if phys is not None:
                        self.physical(phys, lpath + ".physicalLocation", bases, False)

        results = self.want(run, "results", list, path)
        if results is None:
            return
        rule_ids = [r.get("id") if isinstance(r, dict) else None for r in rules]
        fingerprints = {}
        for i, result in enumerate(results):
            rpath = "%s.results[%d]" % (path, i)
            self.result(result, rpath, rule_ids, bases)
            fp = result.get("partialFingerprints", {}) if isinstance(result, dict) else {}
            value = fp.get(self.fingerprint_key) if isinstance(fp, dict) else None
            if isinstance(value, str):
                if value in fingerprints:
                    self.error(rpath, "same %s as %s" % (self.fingerprint_key, fingerprints[value]))
                fingerprints[value] = rpath
        self.summary = (len(results), len(rules))

    def rule(self, rule, path):
        rid = self.want(rule, "id", str, path)
        name = self.want(rule, "name", str, path, required=False)
        if name is not None and not re.fullmatch(r"[A-Z][A-Za-z0-9]*", name):
            self.error(path + ".name", "not CamelCase: %r" % name)
        self.want_text(rule, "shortDescription", path)
        help_uri = self.want(rule, "helpUri", str, path, required=False)
        if help_uri is not None and not urlparse(help_uri).scheme.startswith("http"):
            # GitHub rejects a log whose helpUri is relative.
            self.error(path + ".helpUri", "not an absolute http(s) URI: %r" % help_uri)
        self.want_text(rule, "fullDescription", path, required=False)
        help_ = self.want(rule, "help", dict, path, required=False)
        if help_ is not None:
            self.want(help_, "text", str, path + ".help")
            self.want(help_, "markdown", str, path + ".help", required=False)
        config = self.want(rule, "defaultConfiguration", dict, path, required=False)
        if config is not None:
            level = self.want(config, "level", str, path + ".defaultConfiguration",
                              required=False)
            if level is not None and level not in LEVELS:
                self.error(path + ".defaultConfiguration.level", "unknown level %r" % level)
        props = self.want(rule, "properties", dict, path, required=False)
        if props is not None:
            ppath = path + ".properties"
            tags = self.want(props, "tags", list, ppath, required=False)
            if tags is not None and not all(isinstance(t, str) for t in tags):
                self.error(ppath + ".tags", "not a list of strings")
            severity = self.want(props, "security-severity", str, ppath, required=False)
            if severity is not None:
                try:
                    score = float(severity)
                    if not 0.0 <= score <= 10.0:
                        raise ValueError
                except ValueError:
                    self.error(ppath + ".security-severity",
                               "not a number from 0.0 to 10.0: %r" % severity)
                if tags is None or "security" not in tags:
                    self.error(ppath, "security-severity without the 'security' tag "
                               "is ignored by code scanning")
            precision = self.want(props, "precision", str, ppath, required=False)
            if precision is not None and precision not in PRECISIONS:
                self.error(ppath + ".precision", "unknown precision %r" % precision)
            problem = self.want(props, "problem.severity", str, ppath, required=False)
            if problem is not None and problem not in PROBLEM_SEVERITIES:
                self.error(ppath + "['problem.severity']", "unknown severity %r" % problem)
        return rid

    def result(self, result, path, rule_ids, bases):
        rid = self.want(result, "ruleId", str, path)
        if rid is not None and rid not in rule_ids:
            self.error(path + ".ruleId", "%r is not in tool.driver.rules" % rid)
        index = self.want(result, "ruleIndex", int, path, required=False)
        if index is not None:
            if not 0 <= index < len(rule_ids):
                self.error(path + ".ruleIndex", "out of range: %d" % index)
            elif rule_ids[index] != rid:
                self.error(path + ".ruleIndex",
                           "rules[%d] is %r, not %r" % (index, rule_ids[index], rid))
        level = self.want(result, "level", str, path, required=False)
        if level is not None and level not in LEVELS:
            self.error(path + ".level", "unknown level %r" % level)
        self.want_text(result, "message", path)
        state = self.want(result, "baselineState", str, path, required=False)
        if state is not None and state not in BASELINE_STATES:
            self.error(path + ".baselineState", "unknown baseline state %r" % state)
        for i, sup in enumerate(self.want(result, "suppressions", list, path,
                                          required=False) or []):
            spath = "%s.suppressions[%d]" % (path, i)
            kind = self.want(sup, "kind", str, spath)
            if kind is not None and kind not in SUPPRESSION_KINDS:
                self.error(spath + ".kind", "unknown suppression kind %r" % kind)
            self.want(sup, "justification", str, spath, required=False)
            status = self.want(sup, "status", str, spath, required=False)
            if status is not None and status not in {"accepted", "underReview", "rejected"}:
                self.error(spath + ".status", "unknown suppression status %r" % status)
        for i, fix in enumerate(self.want(result, "fixes", list, path,
                                          required=False) or []):
            fpath = "%s.fixes[%d]" % (path, i)
            changes = self.want(fix, "artifactChanges", list, fpath)
            if changes is not None and not changes:
                self.error(fpath + ".artifactChanges", "empty")
            for j, change in enumerate(changes or []):
                cpath = "%s.artifactChanges[%d]" % (fpath, j)
                art = self.want(change, "artifactLocation", dict, cpath)
                if art is not None:
                    self.want(art, "uri", str, cpath + ".artifactLocation")
                reps = self.want(change, "replacements", list, cpath)
                if reps is not None and not reps:
                    self.error(cpath + ".replacements", "empty")
                for k, rep in enumerate(reps or []):
                    rpath = "%s.replacements[%d]" % (cpath, k)
                    region = self.want(rep, "deletedRegion", dict, rpath)
                    if region is not None:
                        line = self.want(region, "startLine", int, rpath + ".deletedRegion")
                        if line is not None and line < 1:
                            self.error(rpath + ".deletedRegion.startLine",
                                       "must be >= 1, got %d" % line)
                    content = self.want(rep, "insertedContent", dict, rpath, required=False)
                    if content is not None:
                        self.want(content, "text", str, rpath + ".insertedContent")

        locations = self.want(result, "locations", list, path)
        if locations is not None:
            if not locations:
                self.error(path + ".locations", "code scanning needs at least one location")
            for i, loc in enumerate(locations):
                lpath = "%s.locations[%d]" % (path, i)
                phys = self.want(loc, "physicalLocation", dict, lpath)
                if phys is not None:
                    self.physical(phys, lpath + ".physicalLocation", bases,
                                  self.require_relative)

        fps = self.want(result, "partialFingerprints", dict, path)
        if fps is not None:
            if not fps:
                self.error(path + ".partialFingerprints", "empty")
            for key, value in fps.items():
                if not isinstance(value, str) or not value:
                    self.error("%s.partialFingerprints[%r]" % (path, key), "not a non-empty string")
            if self.fingerprint_key and self.fingerprint_key not in fps:
                self.error(path + ".partialFingerprints", "no %r" % self.fingerprint_key)

        related = self.want(result, "relatedLocations", list, path, required=False) or []
        ids = set()
        for i, loc in enumerate(related):
            lpath = "%s.relatedLocations[%d]" % (path, i)
            lid = self.want(loc, "id", int, lpath, required=False)
            if lid is not None:
                if lid in ids:
                    self.error(lpath + ".id", "duplicate id %d" % lid)
                ids.add(lid)
            self.want_text(loc, "message", lpath, required=False)
            phys = self.want(loc, "physicalLocation", dict, lpath, required=False)
            if phys is not None:
                self.physical(phys, lpath + ".physicalLocation", bases, False)

        flows = self.want(result, "codeFlows", list, path, required=False) or []
        for i, flow in enumerate(flows):
            fpath = "%s.codeFlows[%d]" % (path, i)
            threads = self.want(flow, "threadFlows", list, fpath)
            if threads is None:
                continue
            if not threads:
                self.error(fpath + ".threadFlows", "empty")
            for j, thread in enumerate(threads):
                tpath = "%s.threadFlows[%d]" % (fpath, j)
                steps = self.want(thread, "locations", list, tpath)
                if steps is None:
                    continue
                if not steps:
                    self.error(tpath + ".locations", "empty")
                for k, step in enumerate(steps):
                    spath = "%s.locations[%d]" % (tpath, k)
                    loc = self.want(step, "location", dict, spath)
                    if loc is None:
                        continue
                    self.want_text(loc, "message", spath + ".location", required=False)
                    phys = self.want(loc, "physicalLocation", dict, spath + ".location",
                                     required=False)
                    if phys is not None:
                        self.physical(phys, spath + ".location.physicalLocation", bases, False)

    def physical(self, phys, path, bases, require_relative):
        art = self.want(phys, "artifactLocation", dict, path)
        if art is not None:
            apath = path + ".artifactLocation"
            uri = self.want(art, "uri", str, apath)
            base = self.want(art, "uriBaseId", str, apath, required=False)
            if uri is not None:
                if re.search(r"[\s\\]", uri):
                    self.error(apath + ".uri", "not percent-encoded: %r" % uri)
                scheme = urlparse(uri).scheme
                if base is not None:
                    if scheme or uri.startswith("/"):
                        self.error(apath + ".uri",
                                   "must be relative with a uriBaseId: %r" % uri)
                    if base not in bases:
                        self.error(apath + ".uriBaseId",
                                   "%r is not in run.originalUriBaseIds" % base)
                else:
                    if require_relative:
                        self.error(apath, "no uriBaseId: %r is not repo-relative" % uri)
                    elif scheme != "file":
                        self.error(apath + ".uri",
                                   "without a uriBaseId must be a file:// URI: %r" % uri)
        region = self.want(phys, "region", dict, path)
        if region is not None:
            rpath = path + ".region"
            line = self.want(region, "startLine", int, rpath)
            if line is not None and line < 1:
                self.error(rpath + ".startLine", "must be >= 1, got %d" % line)
            col = self.want(region, "startColumn", int, rpath, required=False)
            if col is not None and col < 1:
                self.error(rpath + ".startColumn", "must be >= 1, got %d" % col)


def _as_tuple(types):
    return types if isinstance(types, tuple) else (types,)


def _names(types):
    names = {str: "string", int: "integer", bool: "boolean", list: "array",
             dict: "object", float: "number"}
    return " or ".join(names.get(t, t.__name__) for t in _as_tuple(types))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--require-relative", action="store_true",
                        help="every result location must be relative to a uriBaseId")
    parser.add_argument("--fingerprint-key", default="trailguardFingerprint/v1",
                        help="partialFingerprints key every result must have "
                             "('' for none)")
    args = parser.parse_args()
    try:
        with open(args.file, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print("%s: cannot read SARIF: %s" % (args.file, e))
        return 1
    v = Validator(args.require_relative, args.fingerprint_key)
    v.summary = (0, 0)
    v.log(doc)
    if v.errors:
        for e in v.errors:
            print("%s: %s" % (args.file, e))
        print("%s: INVALID: %d problem(s)" % (args.file, len(v.errors)))
        return 1
    results, rules = v.summary
    print("valid SARIF 2.1.0: %d result(s), %d rule(s)" % (results, rules))
    return 0


if __name__ == "__main__":
    sys.exit(main())
