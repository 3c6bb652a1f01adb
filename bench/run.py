"""`make bench`: every figure, measured in one run; printed, and written to
bench/results.json (read by tools/sitegen/perf.py to build the Performance page) and
bench/results.md.

Fewer repetitions for a quick look: BENCH_LOADS, BENCH_MODEL_RUNS, BENCH_KERAS_RUNS,
BENCH_LIGHTHOUSE_RUNS (see each module); `--no-lighthouse` skips Lighthouse.
"""

import datetime
import json
import os
import platform
import subprocess
import sys


from bench import (calc_speed, code_speed, hf_config_speed, model_speed, page_speed,
                   safetensors_speed, torch_print_speed)

HERE = os.path.dirname(os.path.abspath(__file__))


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine():
    """What the figures were measured on, for the Performance page."""
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    return {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "cpu": cpu_name(), "cores": os.cpu_count(), "os": platform.platform(terse=True),
            "python": platform.python_version(), "node": node}


def main():
    results = {"machine": machine()}
    results["calc"] = calc_speed.measure()
    results["models"] = model_speed.measure()
    results["code"] = code_speed.measure()
    results["hf_config"] = hf_config_speed.measure()
    results["safetensors"] = safetensors_speed.measure()
    results["torch_print"] = torch_print_speed.measure()
    results.update(page_speed.measure(with_lighthouse="--no-lighthouse" not in sys.argv))
    text = "\n\n".join([calc_speed.table(results["calc"]), model_speed.table(results["models"]),
                        code_speed.table(results["code"]), hf_config_speed.table(results["hf_config"]),
                        safetensors_speed.table(results["safetensors"]),
                        torch_print_speed.table(results["torch_print"]),
                        page_speed.table(results)])
    m = results["machine"]
    text = "Measured %s on %s (%s cores), %s, Python %s, Node %s\n\n" % (
        m["date"], m["cpu"], m["cores"], m["os"], m["python"], m["node"]) + text
    print(text)
    with open(os.path.join(HERE, "results.json"), "w") as f:
        json.dump(results, f, indent=2, sort_keys=True)
        f.write("\n")
    with open(os.path.join(HERE, "results.md"), "w") as f:
        f.write("# Benchmark results\n\n```text\n" + text + "\n```\n")


if __name__ == "__main__":
    main()
