"""Runs every command of the "Recipes" section of docs/trail-queries.md, as written there, on the trail given instead of the collector's; prints each section's heading, each command's output and exit status."""
import re
import subprocess
import sys

doc, trail, tampered = sys.argv[1:4]
text = open(doc).read()
recipes = text[text.index("\n## Recipes\n"):text.index("\n## Shipping a trail to a SIEM\n")]
heading = None
for block in re.finditer(r"^### ([^\n]*)$|^```sh\n(.*?)^```$", recipes, re.M | re.S):
    if block.group(1):
        heading = block.group(1)
        print("==", heading)
        continue
    for command in block.group(2).splitlines():
        if not command.startswith("trailguard-trail "):
            continue
        path = tampered if heading == "Lines that did not verify" else trail
        command = command.replace("/var/lib/trailguard-collector/trail.jsonl*", path)
        command = command.replace("--key mac.key", "--key keys/mac.key")
        run = subprocess.run(["bash", "-c", command], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        sys.stdout.write(run.stdout.decode())
        print("exit", run.returncode)
