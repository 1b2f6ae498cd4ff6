#!/usr/bin/env python3
"""Check the conversation question sets against their articles.

usage: scripts/check-conversation-sets.py [DATA [SETS]]

SETS is the folder of the sets (default testdata/eval/conversations; the
held-out ones are in testdata/eval/heldout).

DATA is the folder holding bbc-news/bbc (default: $NEWSDESK_DATA). Small
articles are looked up by file name without extension in testdata/articles,
testdata/eval/articles and testdata/eval/conversations/articles.

Checks, for every line of threads.jsonl, unanswerable.jsonl, figures.jsonl
and sentences.jsonl:
  - the line is a JSON object of the expected shape;
  - every named article exists;
  - every answer (or figure) occurs, case-insensitively and not inside a
    longer word or number, in the named article, and all occurrences of an
    answer lie in one sentence (a figure may occur more than once);
  - threads: the two turns of a thread over the same article are answered
    by different sentences;
  - unanswerable: answerable lines have answers, absent lines have none;
  - sentences: the answering sentence is neither the first sentence of its
    paragraph nor the first sentence of the article.
Prints one line per problem and the counts; exits 1 if there was a problem.
"""

import html
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SETS = os.path.join(ROOT, "testdata", "eval", "conversations")
SMALL_DIRS = [
    os.path.join(ROOT, "testdata", "articles"),
    os.path.join(ROOT, "testdata", "eval", "articles"),
    os.path.join(SETS, "articles"),
]
BBC_ID = re.compile(r"^(business|entertainment|politics|sport|tech)/\d{3}$")
ABBREV = re.compile(r"(?:\b(?:Mr|Ms|Mrs|Dr|St|Sir|No)|\b[A-Z]\.[A-Z])\.$")
SENT_END = re.compile(r"[.!?][\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]?[A-Z0-9£$€])")


def read_text(path):
    raw = open(path, "rb").read()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def html_paragraphs(text):
    text = re.sub(r"(?is)<(script|style|head|nav|footer)\b.*?</\1>", " ", text)
    text = re.sub(r"(?i)</?(p|h[1-6]|li|div|article|br)\b[^>]*>", "\n\n", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return [p for p in re.split(r"\n\s*\n", html.unescape(text)) if p.strip()]


def text_paragraphs(text, markdown):
    title = None
    if markdown and text.startswith("---"):
        end = text.find("\n---", 3)
        if end > 0:
            front = text[3:end]
            m = re.search(r'(?m)^title:\s*"?(.*?)"?\s*$', front)
            title = m.group(1) if m else None
            text = text[end + 4:]
    paras = [p for p in re.split(r"\n\s*\n", html.unescape(text)) if p.strip()]
    if markdown:
        paras = [re.sub(r"^#+\s*", "", p) for p in paras]
    elif paras:
        # plain text: the first line is the title
        first, _, rest = paras[0].partition("\n")
        title, paras = first, ([rest] if rest.strip() else []) + paras[1:]
    if title:
        paras = [title] + paras
    return paras


def sentences(paragraph):
    out, start = [], 0
    for m in SENT_END.finditer(paragraph):
        piece = paragraph[start:m.start() + 1]
        if ABBREV.search(piece):
            continue
        out.append(paragraph[start:m.end()].strip())
        start = m.end()
    if paragraph[start:].strip():
        out.append(paragraph[start:].strip())
    return out


class Article:
    def __init__(self, path):
        text = read_text(path)
        if path.endswith((".html", ".htm")):
            paras = html_paragraphs(text)
        else:
            paras = text_paragraphs(text, path.endswith(".md"))
        # paragraph 0 is the title; each sentence is (paragraph, index in paragraph, text)
        self.sents = []
        for pi, p in enumerate(paras):
            for si, s in enumerate(sentences(" ".join(p.split()))):
                self.sents.append((pi, si, s))

    def find(self, needle):
        """Indices of the sentences holding needle as a whole word or figure."""
        n = " ".join(needle.split()).lower()
        pat = re.escape(n)
        if n[:1].isalnum():
            pat = r"(?<![\w.,])" + pat
        if n[-1:].isalnum() or n[-1:] == "%":
            pat = pat + r"(?![\w%]|[.,]\d)"
        rx = re.compile(pat)
        return [i for i, (_, _, s) in enumerate(self.sents) if rx.search(s.lower())]


def main():
    global SETS
    data = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("NEWSDESK_DATA")
    if len(sys.argv) > 2:
        SETS = sys.argv[2]
    if not data:
        sys.exit("usage: scripts/check-conversation-sets.py DATA  (or set NEWSDESK_DATA)")
    bbc = os.path.join(data, "bbc-news", "bbc")
    cache, problems = {}, []

    def article(aid):
        if aid in cache:
            return cache[aid]
        path = None
        if BBC_ID.match(aid):
            p = os.path.join(bbc, aid + ".txt")
            path = p if os.path.isfile(p) else None
        else:
            for d in SMALL_DIRS:
                for name in sorted(os.listdir(d)) if os.path.isdir(d) else []:
                    if os.path.splitext(name)[0] == aid:
                        path = os.path.join(d, name)
                        break
                if path:
                    break
        cache[aid] = Article(path) if path else None
        return cache[aid]

    def check_answers(where, item, key="answers", first_ok=True, one_sentence=True):
        """Checks item[key] against item's one article; returns the sentence indices."""
        arts = item.get("articles")
        if not isinstance(arts, list) or len(arts) != 1 or not isinstance(arts[0], str):
            problems.append(f"{where}: want exactly one article id")
            return set()
        art = article(arts[0])
        if art is None:
            problems.append(f"{where}: no article {arts[0]!r}")
            return set()
        values = item.get(key)
        if isinstance(values, str):
            values = [values]
        if not values or not all(isinstance(v, str) and v.strip() for v in values):
            problems.append(f"{where}: empty {key}")
            return set()
        found = set()
        for v in values:
            hits = art.find(v)
            if not hits:
                problems.append(f"{where}: {v!r} not in {arts[0]}")
            elif one_sentence and len(set(hits)) > 1:
                problems.append(f"{where}: {v!r} in {len(hits)} sentences of {arts[0]}")
            for h in hits:
                pi, si, _ = art.sents[h]
                first_body = next(i for i, s in enumerate(art.sents) if s[0] > 0)
                if not first_ok and (si == 0 or h == first_body):
                    problems.append(f"{where}: {v!r} is in a paragraph's first sentence")
            found.update(hits)
        return found

    def lines(name):
        path = os.path.join(SETS, name)
        out = []
        for n, line in enumerate(open(path, encoding="utf-8"), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as e:
                problems.append(f"{name}:{n}: bad JSON: {e}")
                continue
            if not isinstance(obj, dict):
                problems.append(f"{name}:{n}: not an object")
                continue
            out.append((f"{name}:{n}", obj))
        return out

    counts = {}

    rows = lines("threads.jsonl")
    counts["threads.jsonl"] = len(rows)
    for where, obj in rows:
        turns = obj.get("turns")
        if not isinstance(turns, list) or len(turns) != 2:
            problems.append(f"{where}: want two turns")
            continue
        got = []
        for t, turn in enumerate(turns, 1):
            if not isinstance(turn, dict) or not str(turn.get("question", "")).strip():
                problems.append(f"{where}: turn {t} has no question")
                got.append(set())
                continue
            got.append(check_answers(f"{where} turn {t}", turn))
        if len(turns) == 2 and all(isinstance(t, dict) for t in turns):
            if turns[0].get("articles") == turns[1].get("articles") and got[0] & got[1]:
                problems.append(f"{where}: both turns answered by the same sentence")

    rows = lines("unanswerable.jsonl")
    counts["unanswerable.jsonl"] = len(rows)
    absent = 0
    for where, obj in rows:
        if not str(obj.get("question", "")).strip():
            problems.append(f"{where}: no question")
        if obj.get("absent") is True:
            absent += 1
            if "answers" in obj:
                problems.append(f"{where}: absent line with answers")
            arts = obj.get("articles")
            if not isinstance(arts, list) or not arts or any(article(a) is None for a in arts):
                problems.append(f"{where}: bad or missing article")
        else:
            check_answers(where, obj)
    counts["unanswerable.jsonl absent"] = absent

    rows = lines("figures.jsonl")
    counts["figures.jsonl"] = len(rows)
    for where, obj in rows:
        topic = str(obj.get("topic", ""))
        if not 2 <= len(topic.split()) <= 5:
            problems.append(f"{where}: topic {topic!r} is not 2-5 words")
        # a figure may also stand in the title or be repeated
        check_answers(where, obj, key="figure", one_sentence=False)

    rows = lines("sentences.jsonl")
    counts["sentences.jsonl"] = len(rows)
    for where, obj in rows:
        if not str(obj.get("question", "")).strip():
            problems.append(f"{where}: no question")
        check_answers(where, obj, first_ok=False)

    for p in problems:
        print(p)
    for name, n in counts.items():
        print(f"{name}: {n}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
