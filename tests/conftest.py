import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

ORACLE_STATS = {"compared": 0, "refused_by_both": 0}


def pytest_terminal_summary(terminalreporter):
    if ORACLE_STATS["compared"]:
        terminalreporter.write_line(
            "Keras oracle: %d examples compared with real Keras (%d refused by both)"
            % (ORACLE_STATS["compared"], ORACLE_STATS["refused_by_both"]))
