"""Measure the anonymiser: first build, process start-up, warm speed, memory.

Run with ``python -m bench.bench_anonymise``. The scorer and editor
integrations start one process per document, so start-up matters as much
as the warm time; the first build of the lexicon happens once per machine.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

PARAGRAPH = (
    "Case reflection from Harriet Coles, outreach worker at Eastfield Youth Trust, Leeds. "
    "Jayden Price is 16 and lives with his aunt, Bernadette Price, in Middlesbrough. "
    "Jayden met Ms Okafor on 3 November 2023 and again in the spring, when his friend "
    "Connor Walsh, who is in his early twenties, brought him to a gym in Stockton. "
    "Jayden posts as @jp_teesside_09 and can be reached on 07700 900612 or "
    "jayden.price09@example.com. His aunt is worried because he spends nights online, "
    "repeats slogans about migrants and says the school does not listen. We have met "
    "six times; he is funny, guarded and loyal to Connor. "
)
WORDS_PER_CASE = 400
CLI = [sys.executable, "-c", "from client_lib.cli import main; main()", "anonymise"]
MEASURE_CHILD = (
    "import resource, sys, time\n"
    "start = time.perf_counter()\n"
    "from client_lib.anonymise import anonymise\n"
    "text = sys.stdin.read()\n"
    "anonymise(text, lang='en')\n"
    "cold = time.perf_counter() - start\n"
    "runs = []\n"
    "for _ in range(20):\n"
    "    t = time.perf_counter()\n"
    "    anonymise(text, lang='en')\n"
    "    runs.append(time.perf_counter() - t)\n"
    "runs.sort()\n"
    "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
    "print(f'{cold:.3f} {runs[len(runs) // 2]:.4f} {runs[-1]:.4f} {peak:.0f}')\n"
)


def case_text() -> str:
    """A case of about 400 words made of an invented paragraph."""
    words: list[str] = []
    while len(words) < WORDS_PER_CASE:
        words += PARAGRAPH.split()
    return " ".join(words[:WORDS_PER_CASE])


def first_build() -> float:
    """Seconds for a run that has to build the lexicon into an empty cache."""
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, XDG_CACHE_HOME=cache)
        start = time.perf_counter()
        subprocess.run([*CLI, "--lang", "en"], input="Tom is here.", text=True, env=env,
                       check=True, capture_output=True)  # fmt: skip
        return time.perf_counter() - start


def process_start(text: str, options: tuple[str, ...], runs: int = 5) -> float:
    """Median wall time of a whole ``konsil anonymise`` process on one case."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([*CLI, *options], input=text, text=True, check=True,
                       capture_output=True)  # fmt: skip
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print the measurements as a small table."""
    text = case_text()
    build = first_build()
    process = process_start(text, ("--lang", "en"))
    detecting = process_start(text, ())
    child = subprocess.run([sys.executable, "-c", MEASURE_CHILD], input=text, text=True,
                           check=True, capture_output=True)  # fmt: skip
    cold, warm_median, warm_max, peak = child.stdout.split()
    own_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"first run with empty cache (builds lexicon): {build:6.2f} s")
    print(f"konsil anonymise process, 400 words:          {process:6.2f} s (median of 5)")
    print(f"same, language detected (no --lang):          {detecting:6.2f} s (median of 5)")
    print(f"in-process first call (imports + lexicon):     {float(cold):6.3f} s")
    print(f"warm, 400 words:                               {float(warm_median):6.4f} s median, "
          f"{float(warm_max):.4f} s max")  # fmt: skip
    print(f"peak memory of the warm process:              {float(peak):6.0f} MiB")
    print(f"peak memory of any child (incl. build):       {own_peak:6.0f} MiB")


if __name__ == "__main__":
    main()
