"""`make bench`: every figure, measured in one run; printed, and written to
bench/results.json and bench/results.md."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench import calc_speed, page_speed  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    calc_results = calc_speed.measure()
    page_results = page_speed.measure()
    text = calc_speed.table(calc_results) + "\n\n" + page_speed.table(page_results)
    print(text)
    with open(os.path.join(HERE, "results.json"), "w") as f:
        json.dump({"calc": calc_results, "pages": page_results}, f, indent=2)
    with open(os.path.join(HERE, "results.md"), "w") as f:
        f.write("# Benchmark results\n\n```text\n" + text + "\n```\n")


if __name__ == "__main__":
    main()
