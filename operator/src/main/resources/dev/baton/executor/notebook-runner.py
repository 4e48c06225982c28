# Baton's notebook runner: the command of a notebook step's container (python3 -c), shipped with the
# operator. It runs the step's notebook with papermill and turns what happened into the step's result:
#
#   - the notebook comes from BATON_NOTEBOOK_INLINE (its JSON) or BATON_NOTEBOOK_PATH (a file in the image,
#     or the step's ConfigMap key mounted by the pod);
#   - BATON_NOTEBOOK_PARAMS (a JSON object) are injected as papermill parameters, with their JSON types;
#   - the executed notebook is written to BATON_NOTEBOOK_OUTPUT (a path, or a URL papermill can write);
#   - the notebook records outputs as a python step does: a JSON object written to the file named by
#     $BATON_OUTPUT, which here is a file of this runner's; they become the step's outputs, with
#     "notebook": {"output": location, "bytes": size} added;
#   - a cell that raises ends the attempt with exit code 1, and the cell's error as its message.
#
# Messages for the operator go to the container's termination message (the real $BATON_OUTPUT): on success
# the outputs, on failure the reason. Exit codes: 0 success, 1 a cell raised, 2 the notebook could not be
# read or run, 3 the outputs it recorded are not a JSON object.
import json
import logging
import os
import sys
import tempfile

TERMINATION = os.environ.get("BATON_OUTPUT", "/dev/termination-log")
LIMIT = 3900  # the kubelet keeps 4 KiB of the termination message


def finish(message, code):
    data = message.encode("utf-8")[:LIMIT].decode("utf-8", "ignore")
    with open(TERMINATION, "w") as f:
        f.write(data)
    print(data, file=sys.stderr if code else sys.stdout, flush=True)
    sys.exit(code)


def writable_dirs(work):
    # Jupyter writes connection files and settings under $HOME; the step's user has no home of its own.
    home = os.environ.get("HOME")
    if not home or not os.access(home, os.W_OK):
        os.environ["HOME"] = work
    os.environ.setdefault("JUPYTER_RUNTIME_DIR", os.path.join(work, "runtime"))
    os.environ.setdefault("IPYTHONDIR", os.path.join(work, "ipython"))
    os.environ.setdefault("MPLCONFIGDIR", os.path.join(work, "matplotlib"))
    # ipykernel's debugger would warn at every start that it cannot set breakpoints in frozen modules.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")


def source(work):
    inline = os.environ.get("BATON_NOTEBOOK_INLINE")
    if inline is not None:
        path = os.path.join(work, "input.ipynb")
        with open(path, "w") as f:
            f.write(inline)
        return path
    path = os.environ["BATON_NOTEBOOK_PATH"]
    if not os.path.isfile(path):
        configmap = os.environ.get("BATON_NOTEBOOK_CONFIGMAP")
        if configmap:
            finish('notebook.source.configMapRef: ConfigMap "%s" does not exist or has no key "%s"'
                   % (configmap, os.environ.get("BATON_NOTEBOOK_CONFIGMAP_KEY")), 2)
        finish("notebook.source.path: the image has no file %s" % path, 2)
    return path


def kernel_of(path):
    # papermill needs a kernel name: the step's, else the notebook's own, else python3.
    if os.environ.get("BATON_NOTEBOOK_KERNEL"):
        return os.environ["BATON_NOTEBOOK_KERNEL"]
    try:
        with open(path) as f:
            spec = json.load(f).get("metadata", {}).get("kernelspec", {})
    except (OSError, ValueError) as e:
        finish("the notebook is not valid JSON: %s" % e, 2)
    return spec.get("name") or "python3"


def size_of(output, notebook):
    if "://" not in output and os.path.isfile(output):
        return os.path.getsize(output)
    import nbformat
    return len(nbformat.writes(notebook).encode("utf-8")) if notebook is not None else None


def recorded(path):
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return {}
    try:
        with open(path) as f:
            values = json.load(f)
    except ValueError as e:
        finish("the notebook's $BATON_OUTPUT must hold a JSON object: %s" % e, 3)
    if not isinstance(values, dict):
        finish("the notebook's $BATON_OUTPUT must hold a JSON object, got %s" % type(values).__name__, 3)
    if "notebook" in values:
        finish('the notebook recorded an output named "notebook", which is Baton\'s (the executed notebook\'s location and size)', 3)
    return values


def main():
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    work = tempfile.mkdtemp(prefix="baton-notebook-")
    writable_dirs(work)
    path = source(work)
    kernel = kernel_of(path)
    params = json.loads(os.environ.get("BATON_NOTEBOOK_PARAMS") or "{}")
    output = os.environ.get("BATON_NOTEBOOK_OUTPUT") or "/tmp/baton-notebook/output.ipynb"
    if "://" not in output and os.path.dirname(output):
        try:
            os.makedirs(os.path.dirname(output), exist_ok=True)
        except OSError as e:
            finish("notebook.output: cannot create the directory of %s: %s" % (output, e), 2)
    outputs_file = os.path.join(work, "outputs.json")
    os.environ["BATON_OUTPUT"] = outputs_file  # what the kernel sees: the notebook writes its outputs there

    import papermill
    from papermill.exceptions import PapermillExecutionError
    try:
        executed = papermill.execute_notebook(path, output, parameters=params, kernel_name=kernel,
                                              progress_bar=False, log_output=True, cwd=work)
    except PapermillExecutionError as e:
        size = size_of(output, None)
        where = "; the executed notebook is at %s%s" % (output, "" if size is None else " (%d bytes)" % size)
        finish("cell %d (execution count %s) raised %s: %s%s" % (e.cell_index, e.exec_count, e.ename, e.evalue, where), 1)
    except Exception as e:  # the notebook could not be read, the kernel not started, the output not written
        finish("papermill could not run the notebook: %s: %s" % (type(e).__name__, e), 2)

    values = recorded(outputs_file)
    values["notebook"] = {"output": output, "bytes": size_of(output, executed)}
    text = json.dumps(values, separators=(",", ":"))
    if len(text.encode("utf-8")) > LIMIT:
        finish("the outputs the notebook recorded take %d bytes of JSON, past the %d a step's outputs may take"
               % (len(text.encode("utf-8")), LIMIT), 3)
    finish(text, 0)


main()
