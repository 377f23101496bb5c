"""Quality on the annotated dev set, through the real command line.

    python bench/eval_dev.py [GOLD_DIR]

Runs ../shared/eval/score.py with `qawl extract {path} --format json {published_opt}` and prints
its per-article lines and totals (who-said-what F1 is the headline figure).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    gold = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/eval/dev"
    score = gold.parent / "score.py"
    cmd = f"{sys.executable} -m qawl extract {{path}} --format json {{published_opt}}"
    sys.exit(subprocess.call([sys.executable, str(score), str(gold), "--cmd", cmd]))


if __name__ == "__main__":
    main()
