# lit configuration of trailguard's end-to-end tests (checker, codegen, tools).
import os
import shutil

import lit.formats
import lit.util

config.name = "trailguard"
config.test_format = lit.formats.ShTest(not lit.util.which("bash") is None)
config.suffixes = [".c", ".cpp", ".test"]
config.excludes = ["Inputs", "unit", "collector", "fuzz", "CMakeLists.txt", "check_trailguard.py",
                   "no_llvm_linked.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.trailguard_obj_root, "tests")

# Our tools and LLVM's (FileCheck, not) come first on PATH.
config.environment["PATH"] = os.pathsep.join(
    [config.trailguard_tools_dir, config.llvm_tools_dir, config.environment.get("PATH", os.environ["PATH"])])
for var in ["HOME", "TMPDIR", "LANG", "LC_ALL"]:
    if var in os.environ:
        config.environment[var] = os.environ[var]


def tool(name):
    return os.path.join(config.trailguard_tools_dir, name)


src = config.trailguard_src_root
llvm_bin = config.llvm_tools_dir
subs = config.substitutions
subs.append(("%trailguard_check", tool("trailguard-check")))
subs.append(("%trailguard_gen", tool("trailguard-gen")))
subs.append(("%trailguard_verify", tool("trailguard-verify")))
subs.append(("%trailguard_trail", tool("trailguard-trail")))
subs.append(("%trail_writer", tool("trail-writer")))
subs.append(("%sample_trail", tool("sample-trail")))
subs.append(("%check_trailguard",
             "%s %s --tool %s --filecheck %s" % (config.python_executable,
                                                 os.path.join(src, "tests", "check_trailguard.py"),
                                                 tool("trailguard-check"),
                                                 os.path.join(llvm_bin, "FileCheck"))))
subs.append(("%annotations_include", os.path.join(src, "annotations", "include")))
subs.append(("%runtime_include", os.path.join(src, "runtime", "include")))
subs.append(("%mocks", os.path.join(src, "tests", "checker", "Inputs", "mocks")))
subs.append(("%src_root", src))
subs.append(("%obj_root", config.trailguard_obj_root))
subs.append(("%cmake", config.cmake_command))
# Before %clang, which is a prefix of it.
subs.append(("%clang_tidy", os.path.join(llvm_bin, "clang-tidy")))
subs.append(("%clangxx", os.path.join(llvm_bin, "clang++")))
subs.append(("%clang", os.path.join(llvm_bin, "clang")))
subs.append(("%python", config.python_executable))

# An independent JSON Schema validator: Debian's python3-jsonschema (./dev
# deps installs it), whichever Python on this machine can import it.
import subprocess
for py in ["/usr/bin/python3", config.python_executable]:
    if py and os.path.exists(py) and subprocess.call(
            [py, "-c", "import jsonschema"], stderr=subprocess.DEVNULL) == 0:
        config.available_features.add("jsonschema")
        subs.append(("%jsonschema_python", py))
        break

# Headless Chromium for the HTML report (Debian's chromium, a test-only
# package of ./dev deps). As root it runs only without its sandbox.
for browser in ["chromium", "chromium-browser"]:
    path = shutil.which(browser)
    if path:
        config.available_features.add("chromium")
        subs.append(("%chromium", path + " --headless --no-sandbox "
                     "--disable-gpu --no-first-run --disable-extensions"))
        break

# PyYAML (Debian's python3-yaml) for the tests of the CI templates.
if subprocess.call([config.python_executable, "-c", "import yaml"],
                   stderr=subprocess.DEVNULL) == 0:
    config.available_features.add("pyyaml")

# jq (Debian's jq) for the recipes of docs/trail-queries.md.
if shutil.which("jq"):
    config.available_features.add("jq")

if shutil.which("script"):
    config.available_features.add("script")

for gnu in ["g++", "gcc"]:
    path = shutil.which(gnu)
    if path:
        config.available_features.add(gnu)
        subs.append(("%" + gnu.replace("+", "x"), path))

# trailguard-check is built (TRAILGUARD_CHECKER, TRAILGUARD_BUILD_CHECKER);
# without it, tests/checker and every test running it are unsupported.
if config.checker.upper() in ("ON", "1", "TRUE", "YES"):
    config.available_features.add("checker")
if config.tidy_module and os.path.exists(config.tidy_module):
    config.available_features.add("tidy-module")
    subs.append(("%tidy_module", config.tidy_module))
if config.plugin and os.path.exists(config.plugin):
    config.available_features.add("plugin")
    subs.append(("%plugin", config.plugin))
if os.path.exists("/usr/lib/llvm-14/lib/cmake/llvm/LLVMConfig.cmake"):
    config.available_features.add("llvm14-installed")
