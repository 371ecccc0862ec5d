""" "What does this print?" questions: data, their executed outputs, and their pages.

Each part has one file, ``questions/<part>.yml``: a list of questions, each with

- ``id`` (a lowercase name, unique in its part; the question is ``<part>/<id>``),
- ``topic``: the topic page it checks, relative to docs/<lang>/ (``tensors/reshaping.md``),
- ``code``: a short block that runs alone and prints,
- ``variants``: two or three named misconceptions, each the block with one change:
  ``replace: {old: new}`` (each ``old`` occurs once in the block) or a whole ``code:``,
  and a ``name`` per language,
- ``explain``: per language, why the block prints what it prints, naming the misconception.

The right choice is what the block prints; each wrong choice is what its variant prints.
Nobody types them: ``python -m fieldguide questions --write`` runs every block and variant
and stores the outputs in ``questions/<part>.outputs.json`` with a digest of the code, and
tests/questions/ runs them again and compares. A block that raises shows the exception's
last line, as Python prints it (``RuntimeError: ...``).

The choices' order is fixed by the question's id (``position``), so every language and the
PDF book show the same letters. The pages (``docs/<lang>/<part>/questions.md``, holding a
``<!-- questions -->`` marker) are rendered at build time by hooks/practice.py from this
module; the self-check page (``<!-- self-check -->``) lists the exercises of
``exercises/catalog.yml`` and the questions, by part; each topic page links its own.

Usage: python -m fieldguide questions [--write | --check | --new <part>/<id>] [--root PATH]
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import posixpath
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import yaml

from .layout import ROOT, rel

ID_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
NAME_RE = re.compile(r"^(?P<part>[a-z][a-z0-9_]*)/(?P<id>[a-z][a-z0-9_-]*)$")
QUESTIONS_MARKER = "<!-- questions -->"
BOOK_ANSWERS = "<!-- answers -->"  # in the book: where the questions' answers start
SELF_CHECK_MARKER = "<!-- self-check -->"
PLACEHOLDER = "TODO"  # what --new writes and a contributor must replace
# Languages every question is written in; an edition derived from one of them (zh-Hant
# from zh) reads its base language's text (``text_for``).
DATA_LANGS = ("zh", "en")
OUTPUT_PREFIX = "#>"

# ------------------------------------------------------------------------- the data


class QuestionError(ValueError):
    """Bad question data: the message names the file and line."""


@dataclass
class Variant:
    name: dict[str, str]
    code: str


@dataclass
class Question:
    part: str
    id: str
    topic: str
    code: str
    variants: list[Variant]
    explain: dict[str, str]
    file: Path
    line: int

    @property
    def key(self) -> str:
        return f"{self.part}/{self.id}"

    @property
    def anchor(self) -> str:
        return f"q-{self.id}"

    def blocks(self) -> list[str]:
        """The block, then each variant's code: what runs."""
        return [self.code, *(v.code for v in self.variants)]

    def digest(self) -> str:
        return hashlib.sha256("\0".join(self.blocks()).encode()).hexdigest()[:16]


def question_files(root: Path = ROOT) -> list[Path]:
    folder = root / "questions"
    return sorted(folder.glob("*.yml")) if folder.is_dir() else []


def outputs_path(data: Path) -> Path:
    return data.with_name(f"{data.stem}.outputs.json")


def _lines_of_items(text: str) -> list[int]:
    """The line of each top-level ``- id:`` item of a questions file."""
    return [i for i, line in enumerate(text.splitlines(), 1) if re.match(r"^- id:", line)]


def _texts(value, where: str, what: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise QuestionError(f"{where}: {what} must give the text per language: {DATA_LANGS}")
    missing = [lang for lang in DATA_LANGS if not str(value.get(lang) or "").strip()]
    if missing:
        raise QuestionError(f"{where}: {what} has no text for {', '.join(missing)}")
    return {lang: str(value[lang]).strip() for lang in DATA_LANGS}


def load_file(path: Path, root: Path = ROOT) -> list[Question]:
    """The questions of one part; QuestionError naming the file and line if malformed."""
    text = path.read_text("utf-8")
    name = rel(path, root)
    try:
        items = yaml.safe_load(text) or []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise QuestionError(f"{name}:{line}: not valid YAML: {exc}") from None
    if not isinstance(items, list):
        raise QuestionError(f"{name}:1: expected a list of questions (`- id: ...`)")
    lines = _lines_of_items(text)
    part = path.stem
    found, seen = [], set()
    for index, item in enumerate(items):
        line = lines[index] if index < len(lines) else 1
        where = f"{name}:{line}"
        if not isinstance(item, dict):
            raise QuestionError(f"{where}: each question is a mapping starting `- id: <name>`")
        qid = str(item.get("id", ""))
        if not ID_RE.match(qid):
            raise QuestionError(f"{where}: id {qid!r}: lowercase letters, digits, - and _")
        if qid in seen:
            raise QuestionError(f"{where}: id {qid!r} is used twice in {name}")
        seen.add(qid)
        where = f"{name}:{line} ({part}/{qid})"
        topic = str(item.get("topic", ""))
        if not re.match(rf"^{re.escape(part)}/[a-z0-9_]+\.md$", topic):
            raise QuestionError(
                f"{where}: topic {topic!r} must be a page of the part, e.g. {part}/<page>.md"
            )
        if not (root / "docs" / "zh" / topic).exists():
            raise QuestionError(f"{where}: topic {topic!r}: no page docs/zh/{topic}")
        code = item.get("code")
        if not isinstance(code, str) or "print" not in code:
            raise QuestionError(f"{where}: code must be a block that prints")
        if OUTPUT_PREFIX in code:
            raise QuestionError(f"{where}: the block shows its output ({OUTPUT_PREFIX}); drop it")
        raw = item.get("variants")
        if not isinstance(raw, list) or not 2 <= len(raw) <= 3:
            raise QuestionError(f"{where}: give two or three variants (3-4 choices in all)")
        variants = []
        for number, v in enumerate(raw, 1):
            vwhere = f"{where}: variant {number}"
            if not isinstance(v, dict):
                raise QuestionError(f"{vwhere}: a mapping with name and replace (or code)")
            vname = _texts(v.get("name"), vwhere, "name")
            if "replace" in v:
                changed = code
                if not isinstance(v["replace"], dict) or not v["replace"]:
                    raise QuestionError(f"{vwhere}: replace maps old text to new text")
                for old, new in v["replace"].items():
                    count = changed.count(str(old))
                    if count != 1:
                        raise QuestionError(
                            f"{vwhere}: {old!r} occurs {count} times in the block; "
                            "replace needs text that occurs exactly once"
                        )
                    changed = changed.replace(str(old), str(new))
            elif isinstance(v.get("code"), str):
                changed = v["code"]
            else:
                raise QuestionError(f"{vwhere}: give replace: {{old: new}} or code:")
            if changed == code:
                raise QuestionError(f"{vwhere}: the variant's code equals the block")
            if OUTPUT_PREFIX in changed:
                raise QuestionError(f"{vwhere}: the variant shows output ({OUTPUT_PREFIX})")
            variants.append(Variant(vname, changed))
        explain = _texts(item.get("explain"), where, "explain")
        found.append(Question(part, qid, topic, code, variants, explain, path, line))
    return found


def load(root: Path = ROOT) -> list[Question]:
    return [q for path in question_files(root) for q in load_file(path, root)]


def load_outputs(data: Path) -> dict:
    path = outputs_path(data)
    if not path.exists():
        return {}
    return json.loads(path.read_text("utf-8"))


# ----------------------------------------------------------------------- executing


def execute(code: str, label: str) -> str:
    """What ``code`` prints, run in a fresh namespace through the project's sandbox (a
    scratch directory, no writes into the tree, no network); an exception's last line is
    the output's last line, as Python shows it (``RuntimeError: ...``)."""
    from .sandbox import Run

    wrapped = (
        "try:\n" + textwrap.indent(code, "    ") + "\nexcept Exception as __error:\n"
        "    __lines = str(__error).strip().splitlines()\n"
        "    print(type(__error).__name__ + (': ' + __lines[0] if __lines else ''))\n"
    )
    run = Run(f"The question {label}")
    try:
        printed = run.execute(wrapped, f"<question {label}>")
    finally:
        run.close()
    lines = [line.rstrip() for key in sorted(printed) for line in printed[key]]
    return "\n".join(lines).strip("\n")


def run_question(q: Question) -> list[str]:
    """The outputs of the block and of each variant, in order."""
    return [execute(code, f"{q.key}" + (f" variant {i}" if i else "")) for i, code in
            enumerate(q.blocks())]  # fmt: skip


def stored(q: Question, outputs: dict) -> list[str] | None:
    """The stored outputs of ``q`` if they were written from its current code."""
    entry = outputs.get(q.id)
    if not entry or entry.get("digest") != q.digest():
        return None
    return entry["outputs"]


# ------------------------------------------------------------------------- choices


def position(key: str, count: int) -> int:
    """Where the right choice stands among ``count``: fixed by the question's id."""
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % count


def choices(q: Question, outputs: list[str]) -> tuple[list[str], int, list[int | None]]:
    """(choice texts, index of the right one, variant index behind each choice or None)."""
    right = position(q.key, len(outputs))
    order: list[int | None] = list(range(len(q.variants)))
    order.insert(right, None)
    texts = [outputs[0] if v is None else outputs[v + 1] for v in order]
    return texts, right, order


def letter(index: int) -> str:
    return "ABCD"[index]


# ---------------------------------------------------------------------------- text

TEXT = {
    "zh": {
        "question": "第 {n} 题",
        "prompt": "下面的代码打印什么？（相关内容：[{title}]({link})）",
        "answer": "答案",
        "right_is": "正确答案是 **{letter}**。",
        "variant": "选 **{letter}** 多半是因为：{name}。",
        "right": "答对了。",
        "wrong": "不对，再看看答案和解释。",
        "answers": "答案与解释",
        "answers_exercises": "练习的参考答案",
        "answers_questions": "小测验的答案",
        "see_answers": "参考答案在本部分末尾的“答案与解释”里。",
        "none": "这一部分还没有题目。",
        "self_check_questions": "小测验：这段代码打印什么？",
        "self_check_exercises": "练习",
        "count": "{n} 道题",
        "own": "自测",
        "own_questions": "小测验：",
        "own_exercises": "练习：",
        "progress": "已作答 {done}/{total}，答对 {right} 道",
    },
    "en": {
        "question": "Question {n}",
        "prompt": "What does this code print? (See [{title}]({link}).)",
        "answer": "Answer",
        "right_is": "The right choice is **{letter}**.",
        "variant": "**{letter}** comes from: {name}.",
        "right": "Right.",
        "wrong": "Not quite: see the answer and why.",
        "answers": "Answers and explanations",
        "answers_exercises": "Exercises: reference solutions",
        "answers_questions": "Quiz answers",
        "see_answers": 'The reference solution is in "Answers and explanations" at the end '
        "of this part.",
        "none": "This part has no questions yet.",
        "self_check_questions": "Quiz: what does this print?",
        "self_check_exercises": "Exercises",
        "count": "{n} questions",
        "own": "Check yourself",
        "own_questions": "Quiz: ",
        "own_exercises": "Exercises: ",
        "progress": "{done}/{total} answered, {right} right",
    },
}


def base_lang(lang: str) -> str:
    """The data language an edition reads: itself, else its base (zh-Hant -> zh), else en."""
    for candidate in (lang, lang.split("-")[0].split("_")[0]):
        if candidate in DATA_LANGS:
            return candidate
    return "en"


def text_for(lang: str) -> dict[str, str]:
    return TEXT[base_lang(lang)]


# ----------------------------------------------------------------------- rendering


def _code_fence(code: str) -> str:
    return f"```python\n{code.rstrip()}\n```"


def _out(text: str) -> str:
    return f'<span class="fg-out">{html.escape(text)}</span>'


def page_title(docs_dir: Path, uri: str) -> str:
    """A page's title: its first `# ` heading, else its file name."""
    path = Path(docs_dir) / uri
    if path.exists():
        for line in path.read_text("utf-8").splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return Path(uri).stem


def render_questions(
    questions: list[Question],
    outputs: dict[str, list[str]],
    lang: str,
    here: str,
    docs_dir: Path,
    book: bool = False,
) -> str:
    """The Markdown of a part's questions page (from its marker on). On the web, each answer
    is folded under its question; in the book (``book``), the answers follow all the
    questions, in a section of their own."""
    t = text_for(lang)
    data_lang = base_lang(lang)
    if not questions:
        return t["none"]
    folder = posixpath.dirname(here)
    parts, answers = [], []
    for n, q in enumerate(questions, 1):
        texts, right, order = choices(q, outputs[q.key])
        link = posixpath.relpath(q.topic, folder or ".")
        head = f"## {t['question'].format(n=n)} {{ #{q.anchor} }}"
        prompt = t["prompt"].format(title=page_title(docs_dir, q.topic), link=link)
        items = "\n".join(
            f'<li><label><input type="radio" name="{q.anchor}" value="{i}"> {_out(text)}'
            f"</label></li>"
            for i, text in enumerate(texts)
        )
        choice_list = f'<ol class="fg-choices" type="A">\n{items}\n</ol>'
        explanation = [t["right_is"].format(letter=letter(right))]
        explanation += [
            t["variant"].format(letter=letter(i), name=q.variants[v].name[data_lang])
            for i, v in enumerate(order)
            if v is not None
        ]
        body = " ".join(explanation) + "\n\n" + q.explain[data_lang]
        attrs = f'class="fg-q" data-q="{q.key}" data-right="{right}"'
        if book:
            parts.append(f"{head}\n\n{prompt}\n\n{_code_fence(q.code)}\n\n{choice_list}\n")
            answers.append(f"**{t['question'].format(n=n)}** ([↑](#{q.anchor})) {body}\n")
        else:
            parts.append(
                f"{head}\n\n<div {attrs} markdown>\n\n{prompt}\n\n{_code_fence(q.code)}\n\n"
                f"{choice_list}\n\n"
                f'<details class="fg-answer" markdown>\n<summary>{t["answer"]}</summary>\n\n'
                f"{body}\n\n</details>\n\n</div>\n"
            )
    out = "\n".join(parts)
    if not book:
        out += "\n" + feedback(lang) + "\n"
    if book:
        out += f"\n{BOOK_ANSWERS}\n" + "\n".join(answers)
    return out


def feedback(lang: str) -> str:
    """The words the page's script shows, as hidden text of the page (the script has no
    words of its own, and an edition converted from this language converts these too)."""
    t = text_for(lang)
    return (
        '<div class="fg-quiz" hidden markdown>'
        f'<span class="fg-right-text">{html.escape(t["right"])}</span>'
        f'<span class="fg-wrong-text">{html.escape(t["wrong"])}</span>'
        f'<span class="fg-progress-text">{html.escape(t["progress"])}</span>'
        "</div>"
    )


# --------------------------------------------------------------- exercises catalog


def exercises(root: Path = ROOT) -> list[dict]:
    """The entries of exercises/catalog.yml that name what a link needs (missing file or
    incomplete entries: skipped; the exercises' own tests hold the catalog to account)."""
    path = root / "exercises" / "catalog.yml"
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError:
        return []
    if isinstance(data, dict):
        data = data.get("exercises", [])
    need = ("id", "part", "topic", "title_zh", "title_en", "page")
    return [e for e in data or [] if isinstance(e, dict) and all(str(e.get(k) or "") for k in need)]


def exercise_title(entry: dict, lang: str) -> str:
    return str(entry.get(f"title_{base_lang(lang)}") or entry.get("title_en"))


def exercise_link(entry: dict, folder: str) -> str:
    link = posixpath.relpath(str(entry["page"]), folder or ".")
    anchor = str(entry.get("anchor") or "")
    return f"{link}#{anchor}" if anchor else link


# ---------------------------------------------------------------- self-check pages


def render_self_check(
    questions: list[Question],
    catalog: list[dict],
    parts: list[tuple[str, str]],
    lang: str,
    here: str,
    pages: set[str],
    title=lambda uri: Path(uri).stem,
) -> str:
    """Every part's exercises and questions, as lists of links. ``parts`` are (part,
    title) in the nav's order; ``pages`` the pages that exist (links go to those only);
    ``title(uri)`` a page's title."""
    t = text_for(lang)
    folder = posixpath.dirname(here)
    out = []
    for part, heading in parts:
        mine = [q for q in questions if q.part == part]
        ex = [e for e in catalog if e["part"] == part and e["page"] in pages]
        page = f"{part}/questions.md"
        if not mine and not ex:
            continue
        out.append(f"## {heading} {{ #{part} }}\n")
        if ex:
            out.append(f"**{t['self_check_exercises']}**\n")
            out += [f"- [{exercise_title(e, lang)}]({exercise_link(e, folder)})" for e in ex]
            out.append("")
        if mine and page in pages:
            link = posixpath.relpath(page, folder or ".")
            ids = " ".join(q.key for q in mine)
            out.append(
                f"**[{t['self_check_questions']}]({link})** "
                f"({t['count'].format(n=len(mine))}) "
                f'<span class="fg-progress" data-qs="{ids}"></span>\n'
            )
            out += [
                f"- [{t['question'].format(n=n)}]({link}#{q.anchor}): "
                f"[{title(q.topic)}]({posixpath.relpath(q.topic, folder or '.')})"
                for n, q in enumerate(mine, 1)
            ]
            out.append("")
    out.append(feedback(lang))
    return "\n".join(out)


def topic_links(
    uri: str, questions: list[Question], catalog: list[dict], lang: str, pages: set[str]
) -> str:
    """The box at the end of a topic page: its own exercises and questions ('' if none)."""
    t = text_for(lang)
    folder = posixpath.dirname(uri)
    ex = [e for e in catalog if e["topic"] == uri and e["page"] in pages]
    qs = [q for q in questions if q.topic == uri]
    part_q = [q for q in questions if q.part == uri.split("/")[0]]
    items = [f"    - {t['own_exercises']}[{exercise_title(e, lang)}]({exercise_link(e, folder)})"
             for e in ex]  # fmt: skip
    page = f"{uri.split('/')[0]}/questions.md"
    if qs and page in pages:
        link = posixpath.relpath(page, folder or ".")
        numbers = {q.key: n for n, q in enumerate(part_q, 1)}
        items += [
            f"    - {t['own_questions']}[{t['question'].format(n=numbers[q.key])}]"
            f"({link}#{q.anchor})"
            for q in qs
        ]
    if not items:
        return ""
    return f'\n\n!!! question "{t["own"]}"\n\n' + "\n".join(items) + "\n"


# ------------------------------------------------------------------- the commands


def write(root: Path = ROOT, only: list[str] | None = None) -> int:
    """Run every block and variant, store the outputs; print what changed."""
    changed = 0
    for path in question_files(root):
        questions = load_file(path, root)
        old = load_outputs(path)
        new = {}
        for q in questions:
            if only and q.key not in only and stored(q, old) is not None:
                new[q.id] = old[q.id]
                continue
            outs = run_question(q)
            new[q.id] = {"digest": q.digest(), "outputs": outs}
            if old.get(q.id) != new[q.id]:
                changed += 1
                print(f"{rel(path, root)}: {q.key}: written")
        text = json.dumps(new, ensure_ascii=False, indent=2) + "\n"
        target = outputs_path(path)
        if not target.exists() or target.read_text("utf-8") != text:
            target.write_text(text, "utf-8")
    print(f"{changed} question(s) written")
    return 0


def check(root: Path = ROOT) -> list[str]:
    """The quick check (no code run): every file loads, and every question has outputs
    stored from its current code, with its choices all different."""
    problems = []
    for path in question_files(root):
        try:
            questions = load_file(path, root)
        except QuestionError as exc:
            problems.append(str(exc))
            continue
        outputs = load_outputs(path)
        for q in questions:
            where = f"{rel(path, root)}:{q.line}"
            outs = stored(q, outputs)
            if outs is None:
                problems.append(
                    f"{where}: {q.key} has no output stored from its current code; run "
                    "`python -m fieldguide questions --write`"
                )
            elif len(set(outs)) != len(outs):
                problems.append(f"{where}: {q.key}: two choices print the same output")
            for lang in DATA_LANGS:
                if PLACEHOLDER in q.explain[lang] or any(
                    PLACEHOLDER in v.name[lang] for v in q.variants
                ):
                    problems.append(f"{where}: {q.key}: placeholder {PLACEHOLDER!r} ({lang})")
    return problems


SCAFFOLD = """
- id: {id}
  topic: {part}/{topic}
  code: |
    import torch

    x = torch.arange(6).reshape(2, 3)
    print(x.sum(dim=0))
  variants:
    - name: {{zh: "TODO: 误解的中文名", en: "TODO: the misconception"}}
      replace: {{"dim=0": "dim=1"}}
    - name: {{zh: "TODO: 误解的中文名", en: "TODO: the misconception"}}
      replace: {{"x.sum(dim=0)": "x.sum()"}}
  explain:
    zh: TODO 用中文解释为什么打印这个，并点名每个错误选项背后的误解。
    en: TODO Explain why it prints this, naming the misconception behind each wrong choice.
"""


def new(name: str, root: Path = ROOT) -> int:
    """Append a scaffold question to questions/<part>.yml (a placeholder until written)."""
    m = NAME_RE.match(name)
    if not m:
        print(f"questions --new: {name!r}: expected <part>/<id>, e.g. tensors/view_after_t",
              file=sys.stderr)  # fmt: skip
        return 2
    part, qid = m["part"], m["id"]
    docs = root / "docs" / "zh" / part
    if not docs.is_dir():
        print(f"questions --new: unknown part {part!r} (no docs/zh/{part}/)", file=sys.stderr)
        return 2
    path = root / "questions" / f"{part}.yml"
    existing = load_file(path, root) if path.exists() else []
    if any(q.id == qid for q in existing):
        print(f"questions --new: {part}/{qid} exists in {rel(path, root)}", file=sys.stderr)
        return 2
    topics = sorted(p.name for p in docs.glob("*.md") if p.stem not in ("index", "questions",
                                                                        "exercises"))  # fmt: skip
    path.parent.mkdir(exist_ok=True)
    text = path.read_text("utf-8") if path.exists() else f"# Questions on {part}/.\n"
    entry = SCAFFOLD.format(id=qid, part=part, topic=topics[0] if topics else "index.md")
    path.write_text(text.rstrip("\n") + "\n" + entry, "utf-8")
    print(
        f"{rel(path, root)}: added {part}/{qid}. Now: set its topic, write the block and "
        "its variants, replace every TODO, then `python -m fieldguide questions --write` "
        "and review the outputs (git diff)."
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fieldguide questions", description=__doc__)
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--write", nargs="*", metavar="PART/ID", help="run and store outputs")
    what.add_argument("--check", action="store_true", help="quick check, no code run")
    what.add_argument("--new", metavar="PART/ID", help="add a scaffold question")
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        if args.new:
            return new(args.new, root)
        if args.write is not None:
            return write(root, args.write or None)
        problems = check(root)
    except QuestionError as exc:
        print(exc, file=sys.stderr)
        return 1
    print("\n".join(problems) or f"{len(load(root))} questions, no problems")
    return 1 if problems else 0


# ------------------------------------------------------------- the build (the hook)


class SiteQuestions:
    """What hooks/practice.py needs for one build: the questions with their stored outputs,
    the exercises catalog, the language and whether this is the PDF book's build. Raises
    QuestionError (the strict build fails with it) where a question has no stored output."""

    def __init__(self, root: Path, lang: str, docs_dir: Path, nav, book: bool = False):
        self.root, self.lang, self.docs_dir, self.book = root, lang, Path(docs_dir), book
        self.questions = load(root)
        self.outputs: dict[str, list[str]] = {}
        for path in question_files(root):
            stored_outputs = load_outputs(path)
            for q in (q for q in self.questions if q.file == path):
                outs = stored(q, stored_outputs)
                if outs is None:
                    raise QuestionError(
                        f"{rel(path, root)}:{q.line}: {q.key} has no output stored from its "
                        "current code; run `python -m fieldguide questions --write`"
                    )
                self.outputs[q.key] = outs
        self.catalog = exercises(root)
        self.parts = nav_parts(nav)
        self.nav_pages = nav_pages(nav)
        self.rendered: set[str] = set()

    def title(self, uri: str) -> str:
        return page_title(self.docs_dir, uri)

    def page_markdown(self, markdown: str, uri: str, pages: set[str]) -> str:
        part = uri.split("/")[0]
        if QUESTIONS_MARKER in markdown:
            mine = [q for q in self.questions if q.part == part]
            body = render_questions(
                mine, self.outputs, self.lang, uri, self.docs_dir, book=self.book
            )
            self.rendered.add(uri)
            markdown = markdown.replace(QUESTIONS_MARKER, body)
            if self.book:
                markdown, _, answers = markdown.partition(BOOK_ANSWERS)
                return markdown + self.book_answers(uri, pages, answers)
            return markdown
        if SELF_CHECK_MARKER in markdown:
            body = render_self_check(
                self.questions, self.catalog, self.parts, self.lang, uri, pages, self.title
            )
            self.rendered.add(uri)
            return markdown.replace(SELF_CHECK_MARKER, body)
        if self.book and uri in self.practice_pages(part, pages):
            markdown, _ = split_solutions(markdown, text_for(self.lang)["see_answers"])
            return markdown + self.book_answers(uri, pages, "")
        return markdown + topic_links(uri, self.questions, self.catalog, self.lang, pages)

    def practice_pages(self, part: str, pages: set[str]) -> list[str]:
        """The part's exercises and questions pages that are on the site, in nav order."""
        mine = {e["page"] for e in self.catalog if e["part"] == part}
        mine.add(f"{part}/questions.md")
        return [uri for uri in self.nav_pages if uri in mine and uri in pages]

    def book_answers(self, uri: str, pages: set[str], question_answers: str) -> str:
        """In the book, the last practice page of a part ends with every answer of the part:
        the exercises' reference solutions (moved there from their page), then the quiz's."""
        part = uri.split("/")[0]
        order = self.practice_pages(part, pages)
        if not order or uri != order[-1]:
            return ""  # another page of the part holds them
        t = text_for(self.lang)
        if not question_answers.strip():
            mine = [q for q in self.questions if q.part == part]
            rendered = render_questions(
                mine, self.outputs, self.lang, f"{part}/questions.md", self.docs_dir, book=True
            )
            question_answers = rendered.partition(BOOK_ANSWERS)[2]
            if f"{part}/questions.md" != uri:  # the links go to the questions page
                question_answers = question_answers.replace("(#q-", "(questions.md#q-")
        solutions = []
        for page in order:
            if page.endswith("questions.md") or not (self.docs_dir / page).exists():
                continue
            _, found = split_solutions((self.docs_dir / page).read_text("utf-8"), "")
            link = posixpath.relpath(page, posixpath.dirname(uri))
            link = "" if page == uri else link
            solutions += [
                f"**[{heading}]({link}#{anchor})**\n\n{body}\n" if anchor else
                f"**{heading}**\n\n{body}\n"
                for heading, anchor, body in found
            ]  # fmt: skip
        out = f"\n\n## {t['answers']} {{ #answers-{part} }}\n\n"
        if solutions:
            out += f"### {t['answers_exercises']}\n\n" + "\n".join(solutions) + "\n"
        if question_answers.strip():
            out += f"### {t['answers_questions']}\n\n{question_answers}\n"
        return out

    def page_content(self, page_html: str, uri: str, script_url: str) -> str:
        """A page with questions (or the self-check page) loads the small script; the book
        loads none."""
        if uri not in self.rendered or self.book:
            return page_html
        return page_html + f'\n<script src="{html.escape(script_url)}" defer></script>\n'


def nav_pages(nav) -> list[str]:
    """Every page of a MkDocs nav, in order."""
    found = []
    for item in nav or []:
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                found += [value] if isinstance(value, str) else nav_pages(value)
    return found


SOLUTION_RE = re.compile(r'^\?\?\?\+? +[\w-]+(?: +"[^"]*")?\s*$')
HEADING_RE = re.compile(r"^##\s+(?P<title>.+?)\s*(?:\{\s*#(?P<id>[\w-]+)\s*\})?\s*$")


def split_solutions(markdown: str, pointer: str) -> tuple[str, list[tuple[str, str, str]]]:
    """Take the folded blocks (``??? kind "title"`` and their indented lines: a reference
    solution) out of an exercises page. Returns the page with ``pointer`` in their place and
    (heading, heading id, solution) for each, the solution un-indented."""
    lines, kept, found = markdown.split("\n"), [], []
    heading, anchor, i = "", "", 0
    while i < len(lines):
        line = lines[i]
        if m := HEADING_RE.match(line):
            heading, anchor = m["title"], m["id"] or ""
        if SOLUTION_RE.match(line):
            body = []
            i += 1
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith("    ")):
                body.append(lines[i][4:])
                i += 1
            found.append((heading, anchor, "\n".join(body).strip("\n")))
            if pointer:
                kept += [pointer, ""]
            continue
        kept.append(line)
        i += 1
    return "\n".join(kept), found


def nav_parts(nav) -> list[tuple[str, str]]:
    """(part folder, title) for every section of a MkDocs nav, in order."""
    found = []
    for item in nav or []:
        if not isinstance(item, dict):
            continue
        for title, value in item.items():
            if not isinstance(value, list):
                continue
            uris = [v if isinstance(v, str) else next(iter(v.values()), "") for v in value]
            folders = {u.split("/")[0] for u in uris if isinstance(u, str) and "/" in u}
            if len(folders) == 1:
                found.append((folders.pop(), str(title)))
    return found
