"""Command line of the synthesis engine; see docs/synthesis.md.

    python -m maillage.synthesis themes FILE.csv --text-column COL [--k K] [--seed S]
        [--question-column QCOL [--across-questions]]
    python -m maillage.synthesis suggest TRAIN.csv TEST.csv --text-column COL --label-column LAB
    python -m maillage.synthesis opinions DIR

Each prints one JSON object on standard output. ``elapsed_s`` is the analysis
time, without reading the files. Bad input gives a message on standard error and
exit status 2, never a traceback.
"""

import argparse
import json
import sys
import time

from .errors import SynthesisInputError


def _themes(args):
    from .io import read_questions, read_texts

    questions = None
    if args.question_column is not None:
        texts, questions = read_questions(args.file, args.text_column, args.question_column)
    elif args.across_questions:
        raise SynthesisInputError("--across-questions needs --question-column.")
    else:
        texts = read_texts(args.file, args.text_column)
    from .themes import find_themes

    start = time.perf_counter()
    result = find_themes(
        texts,
        k=args.k,
        seed=args.seed,
        questions=questions,
        across_questions=args.across_questions,
    )
    return {**result, "elapsed_s": round(time.perf_counter() - start, 4)}


def _suggest(args):
    from .io import read_labelled, read_texts

    train_texts, train_labels = read_labelled(args.train, args.text_column, args.label_column)
    test_texts = read_texts(args.test, args.text_column)
    from .suggest import CodeSuggester

    start = time.perf_counter()
    suggester = CodeSuggester(seed=args.seed).fit(train_texts, train_labels)
    predictions = [
        {"label": label, "confidence": round(confidence, 4)}
        for label, confidence in suggester.suggest(test_texts)
    ]
    return {"predictions": predictions, "elapsed_s": round(time.perf_counter() - start, 4)}


def _opinions(args):
    from .io import read_polis

    conversation = read_polis(args.folder)
    from .opinions import find_opinion_groups

    start = time.perf_counter()
    result = find_opinion_groups(conversation, seed=args.seed)
    return {**result, "elapsed_s": round(time.perf_counter() - start, 4)}


def _positive(value):
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def parser():
    root = argparse.ArgumentParser(
        prog="python -m maillage.synthesis", description=__doc__.split("\n")[0]
    )
    commands = root.add_subparsers(dest="command", required=True)

    themes = commands.add_parser("themes", help="group short texts into themes")
    themes.add_argument("file")
    themes.add_argument("--text-column", required=True)
    themes.add_argument(
        "--k", type=_positive, default=None, help="number of themes (default: chosen)"
    )
    themes.add_argument("--seed", type=int, default=0)
    themes.add_argument(
        "--question-column",
        default=None,
        help="column of the question each text answers: themes are found within each question",
    )
    themes.add_argument(
        "--across-questions",
        action="store_true",
        help="with --question-column, find the themes over every question at once",
    )
    themes.set_defaults(run=_themes)

    suggest = commands.add_parser("suggest", help="suggest a code for each text of TEST")
    suggest.add_argument("train")
    suggest.add_argument("test")
    suggest.add_argument("--text-column", required=True)
    suggest.add_argument("--label-column", required=True)
    suggest.add_argument("--seed", type=int, default=0)
    suggest.set_defaults(run=_suggest)

    opinions = commands.add_parser("opinions", help="opinion groups and consensus from votes")
    opinions.add_argument("folder")
    opinions.add_argument("--seed", type=int, default=0)
    opinions.set_defaults(run=_opinions)
    return root


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        result = args.run(args)
    except SynthesisInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    json.dump(result, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
