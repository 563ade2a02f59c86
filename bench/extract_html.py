"""Helper of bench/extract_html.sh: prepares the pages, runs Python
trafilatura on them, and scores any extractor's output.

  prepare SHARED OUT          pages as plain .html files under OUT/pages
  python OUT/pages OUT.jsonl  Python trafilatura on every page, timed
  score SHARED OUT A.jsonl B.jsonl ...   F1 of each output, failures per site

An output file has one JSON object per page: {"file": name, "text": ...}.
Placard's `placard read` output is accepted as is (the file name is taken
from source.input).
"""

import collections
import gzip
import html
import json
import os
import re
import sys
import time


def prepare(shared, out):
    pages = os.path.join(out, "pages")
    os.makedirs(pages, exist_ok=True)
    boiler = os.path.join(shared, "data/boilerplate")
    evaldata = json.load(open(os.path.join(boiler, "trafilatura-eval/evaldata.json")))
    n_eval = 0
    for record in evaldata.values():
        source = os.path.join(boiler, "trafilatura-eval/html", record["file"] + ".gz")
        if not os.path.exists(source):
            continue
        with gzip.open(source, "rb") as compressed:
            data = compressed.read()
        with open(os.path.join(pages, "eval--" + record["file"]), "wb") as target:
            target.write(data)
        n_eval += 1
    n_read = 0
    readability = os.path.join(boiler, "readability-pages")
    for name in sorted(os.listdir(readability)):
        source = os.path.join(readability, name, "source.html")
        if not os.path.exists(source):
            continue
        with open(source, "rb") as handle, open(
            os.path.join(pages, "readability--" + name + ".html"), "wb"
        ) as target:
            target.write(handle.read())
        n_read += 1
    print(f"prepared {n_eval} trafilatura-eval pages and {n_read} Readability pages")


def run_python(pages, out_path):
    import trafilatura

    names = sorted(os.listdir(pages))
    blobs = []
    for name in names:
        with open(os.path.join(pages, name), "rb") as handle:
            blobs.append(handle.read())
    start = time.perf_counter()
    results = []
    for name, data in zip(names, blobs):
        try:
            text = trafilatura.extract(data, include_comments=False) or ""
        except Exception as error:  # a crash counts as an empty extraction
            print(f"python trafilatura failed on {name}: {error}", file=sys.stderr)
            text = ""
        results.append({"file": name, "text": text})
    elapsed = time.perf_counter() - start
    with open(out_path, "w") as out:
        for result in results:
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
    print(f"python-trafilatura: {len(names)} pages in {elapsed:.2f} s, {len(names) / elapsed:.1f} pages/s")


def load_output(path):
    texts = {}
    for line in open(path, encoding="utf-8"):
        if not line.strip():
            continue
        record = json.loads(line)
        name = record.get("file") or os.path.basename(record["source"]["input"])
        texts[name] = record.get("text") or ""
    return texts


# Chinese and Japanese are written without spaces: each of their characters
# counts as a word, so that pages in them are scored at all.
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
WORD = re.compile(f"[{CJK}]|[^\\W{CJK}]+")


def words(text):
    return WORD.findall(text.lower())


def expected_text(path):
    from lxml import html as lxml_html

    # expected.html is UTF-8 without a charset declaration: decode it first,
    # or lxml reads it as Latin-1.
    tree = lxml_html.fromstring(open(path, encoding="utf-8").read())
    return tree.text_content()


def f1(tp, fp, fn):
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, score


def score(shared, out, outputs):
    boiler = os.path.join(shared, "data/boilerplate")
    evaldata = json.load(open(os.path.join(boiler, "trafilatura-eval/evaldata.json")))
    readability = os.path.join(boiler, "readability-pages")
    expected = {}
    for name in sorted(os.listdir(readability)):
        path = os.path.join(readability, name, "expected.html")
        if os.path.exists(path):
            expected["readability--" + name + ".html"] = words(expected_text(path))
    for path in outputs:
        texts = load_output(path)
        label = os.path.basename(path).removesuffix(".jsonl")
        # trafilatura-eval: a `with` snippet found is a true positive, missed a
        # false negative; a `without` snippet found is a false positive.
        tp = fp = fn = tn = 0
        failures = []
        for url, record in evaldata.items():
            name = "eval--" + record["file"]
            if not os.path.exists(os.path.join(out, "pages", name)):
                continue
            text = " ".join(texts.get(name, "").split())
            missed = [s for s in record["with"] if " ".join(s.split()) not in text]
            leaked = [s for s in record["without"] if " ".join(s.split()) in text]
            tp += len(record["with"]) - len(missed)
            fn += len(missed)
            fp += len(leaked)
            tn += len(record["without"]) - len(leaked)
            if missed or leaked:
                failures.append((url, len(missed), len(leaked)))
        precision, recall, eval_f1 = f1(tp, fp, fn)
        accuracy = (tp + tn) / max(1, tp + tn + fp + fn)
        print(f"{label}: trafilatura-eval precision {precision:.3f} recall {recall:.3f} "
              f"F1 {eval_f1:.4f} accuracy {accuracy:.3f} "
              f"(snippets with: {tp}/{tp + fn} found; without: {fp}/{fp + tn} leaked)")
        # Readability pages: bag-of-words F1 against expected.html's text.
        r_tp = r_fp = r_fn = 0
        per_page = []
        for name, gold in expected.items():
            got = collections.Counter(words(texts.get(name, "")))
            want = collections.Counter(gold)
            common = sum((got & want).values())
            r_tp += common
            r_fp += sum(got.values()) - common
            r_fn += sum(want.values()) - common
            per_page.append((f1(common, sum(got.values()) - common, sum(want.values()) - common)[2], name))
        precision, recall, read_f1 = f1(r_tp, r_fp, r_fn)
        mean_f1 = sum(s for s, _ in per_page) / max(1, len(per_page))
        print(f"{label}: readability-pages word precision {precision:.3f} recall {recall:.3f} "
              f"F1 {read_f1:.4f} (mean per page {mean_f1:.3f}, {len(per_page)} pages)")
        report = os.path.join(out, label + ".failures.txt")
        with open(report, "w") as handle:
            for url, n_missed, n_leaked in sorted(failures):
                handle.write(f"eval {url}: {n_missed} with-snippets missed, {n_leaked} without-snippets leaked\n")
            for page_f1, name in sorted(per_page):
                if page_f1 < 0.8:
                    handle.write(f"readability {name}: word F1 {page_f1:.3f}\n")
        worst = sorted(failures, key=lambda failure: -(failure[1] + failure[2]))[:8]
        for url, n_missed, n_leaked in worst:
            print(f"  {label} eval {url}: {n_missed} missed, {n_leaked} leaked")
        for page_f1, name in sorted(per_page)[:5]:
            print(f"  {label} readability {name}: word F1 {page_f1:.3f}")
        print(f"{label}: {len(failures)} eval sites with a failure, "
              f"{sum(1 for s, _ in per_page if s < 0.8)} Readability pages under F1 0.8; list in {report}")


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "prepare":
        prepare(sys.argv[2], sys.argv[3])
    elif command == "python":
        run_python(sys.argv[2], sys.argv[3])
    elif command == "score":
        score(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        sys.exit(f"unknown command {command}")
