"""Unit tests for the Chinese search index (searchindex/text.py, searchindex/,
hooks/search_index.py) and the query side of the search worker
(overrides/assets/javascripts/search-zh.js), which runs here in a page with the
fragments of a toy index built by searchindex.IndexBuilder.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
import yaml

from export.offline import script_twin
from gonghui_core.paths import JIEBA_USER_DICT, VOCAB_FILE
from searchindex import Doc, IndexBuilder, fnv1a, read_fragment
from searchindex import text as search_text
from searchindex.service import IndexService

ROOT = Path(__file__).resolve().parent.parent

WORKER = ROOT / "overrides" / "assets" / "javascripts" / "search-zh.js"
USER_DICT = JIEBA_USER_DICT
VOCAB = yaml.safe_load(VOCAB_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def jieba_with_user_dict():
    """jieba with the project's union-term dictionary loaded."""
    import jieba

    jieba.load_userdict(str(USER_DICT))
    return jieba


# -----------------------------------------------------------------------------
# Page text
# -----------------------------------------------------------------------------

def test_page_text_drops_markup_permalinks_and_zero_width_spaces():
    html = ('<h1 id="t">标题<a class="headerlink" href="#t">¶</a></h1>'
            '<p>职工\u200b书屋</p><script>var x = "脚本";</script>'
            '<h2 id="一加强">一、加强组织建设</h2><ul><li>甲</li><li>乙</li></ul>')
    text, headings = search_text.page_text(html)
    assert text == "标题\n职工书屋\n一、加强组织建设\n甲\n乙"
    assert [h[1:] for h in headings] == [["t", 1], ["一加强", 2]]
    assert text[headings[1][0]:].startswith("一、加强组织建设")


def test_page_text_skips_search_excluded_blocks():
    text, _ = search_text.page_text('<p>留下</p><div data-search-exclude><p>不要</p></div><p>也留下</p>')
    assert "不要" not in text and "留下" in text and "也留下" in text


# -----------------------------------------------------------------------------
# Words, keywords, Traditional characters
# -----------------------------------------------------------------------------

def test_jieba_segments_union_terms(jieba_with_user_dict):
    """Fails when jieba is missing or does not segment: the index needs words."""
    words = search_text.words_of("铁路局工会年终总结，开展金秋助学和职工书屋建设。")
    assert {"铁路局", "年终总结", "金秋助学", "职工书屋"} <= words
    assert all(len(w) >= 2 for w in words)


def test_keywords_carry_unit_and_kind_words():
    labels = {"units": {"railway": "铁路局及站段"}, "kinds": {"year-end-summary": "年度（年终）工作总结"}}
    aliases = {"units": {"railway": ["铁路局", "站段"]}, "kinds": {"year-end-summary": ["年终总结"]}}
    kw = search_text.keywords({"unit": "railway", "kind": "year-end-summary", "tags": ["铁路", "送温暖"]},
                              aliases, labels)
    assert kw.split() == ["铁路", "送温暖", "铁路局及站段", "铁路局", "站段", "年度（年终）工作总结", "年终总结"]


def test_traditional_pairs_map_back_to_simplified():
    pairs = search_text.t2s_pairs({"书", "会", "职", "工"})
    mapping = {pairs[i]: pairs[i + 1] for i in range(0, len(pairs), 2)}
    assert mapping["書"] == "书" and mapping["會"] == "会" and mapping["職"] == "职"
    assert "工" not in mapping


# -----------------------------------------------------------------------------
# The index builder (searchindex/)
# -----------------------------------------------------------------------------

TOY_DOCS = [
    Doc("a/", "铁路局工会工作总结", "铁路局工会全年开展职工书屋建设。\n一、职工书屋\n书屋藏书三千册。",
        headings=[[17, "一职工书屋", 2]], tags=["铁路局及站段", "年度（年终）工作总结"], keywords="年终总结",
        words={"铁路局", "工会", "工作总结", "职工书屋", "职工", "书屋", "建设", "藏书", "年终总结"}),
    Doc("b/", "幼儿园工会工作计划", "幼儿园工会本学期开展金秋助学。", tags=["幼儿园", "学期工作计划"],
        keywords="工作计划", words={"幼儿园", "工会", "工作计划", "金秋助学", "学期"}),
    Doc("c/", "县总工会工作总结", "总工会开展金秋助学，金秋助学资助学生。哈哈哈哈。", tags=["县区总工会"],
        keywords="年终总结", words={"总工会", "工会", "工作总结", "金秋助学", "资助", "学生"}),
    Doc("units/", "单位类型", "铁路局工会、幼儿园工会、县总工会", boost=0.5, words={"单位", "类型"}),
    Doc("templates/x/", "模板", "年终总结模板：职工书屋", body_boost=0.6, words={"模板"}),
]


def build_toy(tmp_path, docs=TOY_DOCS, **kw):
    """Write a toy index; returns (manifest, folder of the files)."""
    builder = IndexBuilder(tmp_path / "search", **kw)
    for doc in docs:
        builder.add(doc)
    manifest = builder.finish({"t2s": search_text.t2s_pairs(builder.chars())})
    return manifest, tmp_path / "search" / manifest["dir"]


def postings(folder: Path, manifest: dict, term: str) -> dict[int, int]:
    """page id -> code for a term, looked up as the browser does."""
    if len(term) == 1 or (folder / "c" / f"{ord(term[0]):x}.json").is_file():
        entry = json.loads((folder / "c" / f"{ord(term[0]):x}.json").read_text(encoding="utf-8"))
        frag = entry["f"] if len(term) == 1 else next((w[2] for w in entry["w"] if w[0] == term[1:]), None)
        if frag is not None:
            return dict(read_fragment((folder / "p" / f"{frag}.bin").read_bytes()).get(term, (0, []))[1])
    bucket = fnv1a(term) % manifest["H"]
    return dict(read_fragment((folder / "h" / f"{bucket}.bin").read_bytes()).get(term, (0, []))[1])


def test_postings_record_field_and_non_overlapping_counts(tmp_path):
    manifest, folder = build_toy(tmp_path)
    assert manifest["n"] == len(TOY_DOCS)
    assert postings(folder, manifest, "铁路局") == {0: 255, 3: 1}         # a's title; the listing's body
    assert postings(folder, manifest, "年终总结")[0] == 254               # a's search-only words
    assert postings(folder, manifest, "金秋助学") == {1: 1, 2: 2}         # c repeats it
    assert postings(folder, manifest, "哈哈")[2] == 2                    # 哈哈哈哈 holds 2, not 3
    assert postings(folder, manifest, "藏书")[0] == 1                    # body, not in a short heading
    assert postings(folder, manifest, "职工")[0] == 2 + 50                # twice, and in a short heading
    assert postings(folder, manifest, "工会")[1] == 255                  # substring of 工会工作计划
    assert postings(folder, manifest, "全年")[0] == 1                     # not a word: a hashed pair
    assert postings(folder, manifest, "没有") == {}


def test_dictionary_files_give_words_by_first_and_second_character(tmp_path):
    manifest, folder = build_toy(tmp_path)
    entry = json.loads((folder / "c" / f"{ord('金'):x}.json").read_text(encoding="utf-8"))
    assert entry["d"] == 2 and ["秋助学", 2, entry["w"][0][2]] in entry["w"]
    second = json.loads((folder / "s" / f"{ord('秋'):x}.json").read_text(encoding="utf-8"))
    assert second == ["金秋助学"]
    assert "s" not in entry and not (folder / "s" / f"{ord('金'):x}.json").exists()
    assert json.loads((folder / "c" / f"{ord('秋'):x}.json").read_text(encoding="utf-8"))["s"] == 1


def test_page_files_carry_what_a_result_shows(tmp_path):
    manifest, folder = build_toy(tmp_path)
    detail = json.loads((folder / "d" / "0.json").read_text(encoding="utf-8"))
    assert detail == {"location": "a/", "title": "铁路局工会工作总结", "text": TOY_DOCS[0].text,
                      "tags": TOY_DOCS[0].tags, "h": TOY_DOCS[0].headings}
    assert manifest["b"] == {"3": 0.5} and manifest["bb"] == {"4": 0.6}


def test_every_file_has_a_script_twin_with_the_same_data(tmp_path):
    """The .js twin the offline bundle carries for each file (file:// pages load it) holds the same data."""
    manifest, folder = build_toy(tmp_path)
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert files and not [p for p in files if p.suffix == ".js"]  # the served site has no twins
    for path in files:
        key = path.relative_to(folder).with_suffix("").as_posix()
        twin = script_twin(key, path.suffix, path.read_bytes()).decode("utf-8")
        prefix = f'__zhIndex("{key}",'
        assert twin.startswith(prefix) and twin.endswith(");\n"), path
        body = twin[len(prefix):-3]
        if path.suffix == ".bin":
            assert base64.b64decode(json.loads(body)) == path.read_bytes()
        else:
            assert json.loads(body) == json.loads(path.read_text(encoding="utf-8"))


def test_folder_name_changes_with_the_content(tmp_path):
    one, _ = build_toy(tmp_path / "1")
    again, _ = build_toy(tmp_path / "2")
    other, _ = build_toy(tmp_path / "3", docs=TOY_DOCS[:-1])
    assert one["dir"] == again["dir"] != other["dir"]
    assert [p.name for p in (tmp_path / "1" / "search" / "zh").iterdir()] == [one["dir"].split("/")[1]]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_worker_process_writes_the_same_index_as_the_build_process(tmp_path):
    """IndexService in a worker process (the build's default) and in-process: the same files, byte for byte."""
    docs = [Doc(d.location, d.title, d.text, headings=d.headings, tags=d.tags, keywords=d.keywords,
                boost=d.boost, body_boost=d.body_boost) for d in TOY_DOCS]  # words come from jieba
    results = {}
    for worker in (False, True):
        service = IndexService(tmp_path / str(worker) / "search", USER_DICT, worker=worker)
        for doc in docs:
            service.add(doc)
        manifest, stats = service.finish()
        results[worker] = (manifest, stats, _files(tmp_path / str(worker) / "search"))
    assert results[True] == results[False]
    manifest, stats, files = results[True]
    assert manifest["n"] == len(docs) and stats["terms"] > 50
    first = json.loads(files[f"{manifest['dir']}/c/{ord('职'):x}.json"])  # 职工书屋: a word jieba found
    assert "工书屋" in [w[0] for w in first["w"]]


def test_worker_error_fails_the_finish_and_leaves_nothing(tmp_path):
    service = IndexService(tmp_path / "search", USER_DICT, worker=True)
    service.add(TOY_DOCS[0])
    service.add(Doc("x/", None, "正文"))  # a title that is not text
    with pytest.raises(TypeError):
        service.finish()
    service.discard()
    assert not [p for p in (tmp_path / "search").rglob("*") if p.is_file()]


def test_hash_matches_the_browser(js):
    for text in ["工会", "2016", "职工书屋", "a"]:
        assert js("(t) => ZhSearch.fnv1a(t)", text) == fnv1a(text)


# -----------------------------------------------------------------------------
# The built site's index
# -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def index(site_dir):
    """The built site's search manifest and index folder."""
    manifest = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    return manifest, site_dir / "search" / manifest["config"]["zh"]["dir"]


def test_manifest_is_small_and_carries_no_pages(index, site_dir):
    manifest, folder = index
    assert manifest["docs"] == []
    assert (site_dir / "search" / "search_index.json").stat().st_size < 20_000
    # scripts for file:// are the offline bundle's (test_offline.py), not the served site's
    assert not [p for p in (site_dir / "search").rglob("*.js")]


def test_built_index_has_jieba_vocabulary(index):
    manifest, folder = index
    words = set()
    for path in (folder / "c").glob("*.json"):
        entry = json.loads(path.read_text(encoding="utf-8"))
        ch = chr(int(path.stem, 16))
        words.update(ch + w[0] for w in entry["w"])
    assert {"职工书屋", "金秋助学", "年终总结", "幼儿园"} <= words
    assert len(words) > 1000 and all(len(w) >= 2 for w in words)


def test_built_page_files_have_no_zero_width_characters_and_name_unit_and_kind(index):
    manifest, folder = index
    units = {u["label"] for u in VOCAB["units"].values()}
    kinds = {k["label"] for k in VOCAB["kinds"].values()}
    details = [json.loads(p.read_text(encoding="utf-8")) for p in (folder / "d").glob("*.json")]
    assert len(details) == manifest["config"]["zh"]["n"]
    examples = 0
    for d in details:
        assert "#" not in d["location"] and "\u200b" not in d["title"] + d["text"], d["location"]
        if d["location"].startswith("examples/") and d["location"].count("/") > 2:
            examples += 1
            assert d["tags"][0] in units and d["tags"][1] in kinds, d["location"]
    assert examples >= 20


# -----------------------------------------------------------------------------
# Query side, in the browser's JavaScript engine
# -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def js(browser):
    """A blank page with the search worker script loaded (not as a worker)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto("about:blank")
    page.add_script_tag(path=str(WORKER))
    yield lambda expr, arg=None: page.evaluate(expr, arg)
    context.close()


# Loads an index from {key: [kind, data]} (binary as base64), counting the keys asked for.
ENGINE_JS = """async ([files, manifest, queries]) => {
  const asked = [];
  const loader = (key, kind) => {
    asked.push(key);
    const f = files[key];
    if (!f) return Promise.resolve(null);
    return Promise.resolve(kind === 'bin' ? ZhSearch.fromBase64(f) : JSON.parse(f));
  };
  const engine = new ZhSearch.Engine({config: {zh: manifest}}, loader);
  const out = [];
  for (const q of queries) { asked.length = 0; const r = await engine.search(q); out.push({...r, asked: [...asked]}); }
  return out;
}"""


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    """The toy index as {key: data} for the page, and its manifest."""
    manifest, folder = build_toy(tmp_path_factory.mktemp("toy"))
    files = {}
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix in (".json", ".bin"):
            key = path.relative_to(folder).with_suffix("").as_posix()
            data = path.read_bytes()
            files[key] = base64.b64encode(data).decode() if path.suffix == ".bin" else data.decode()
    return files, manifest


@pytest.fixture
def search(js, toy):
    files, manifest = toy
    return lambda *queries: js(ENGINE_JS, [files, manifest, list(queries)])


def _pages(result):
    return [group[0]["location"] for group in result["items"]]


@pytest.mark.browser
def test_segment_finds_words_that_end_a_run(js):
    """Material 9.8.1 drops the last character of a run; this must not."""
    got = js("""([q, w]) => ZhSearch.segment(q, new Set(w)).map(p => p.text)""",
             ["铁路局工会年终总结", ["铁路局", "工会", "年终总结", "年终"]])
    assert got == ["铁路局", "工会", "年终总结"]


@pytest.mark.browser
def test_query_normalisation_traditional_and_full_width(js):
    got = js("""(q) => ZhSearch.normalize(q, {"鐵": "铁", "會": "会"})""", "鐵路局工會ＡＢＣ１")
    assert got == "铁路局工会abc1"


@pytest.mark.browser
def test_engine_ranks_and_highlights_without_single_characters(search):
    result, = search("铁路局工会年终总结")
    first = result["items"][0][0]
    assert first["location"] == "a/"
    assert "<mark>铁路局</mark>" in first["title"]
    assert "<mark>工</mark>" not in first["text"]
    assert set(first["terms"]) == {"铁路局", "工会", "年终总结"} and all(first["terms"].values())
    sections = result["items"][0][1:]
    assert not sections or all(s["location"].startswith("a/#") for s in sections)


@pytest.mark.browser
def test_engine_prefers_the_page_that_repeats_the_term(search):
    result, = search("金秋助学")
    assert _pages(result) == ["c/", "b/"]


@pytest.mark.browser
def test_engine_corrects_a_one_character_typo_and_traditional(search):
    typo, trad, first_char = search("金秋注学", "職工書屋", "全秋助学")
    assert _pages(typo)[0] == "c/"
    assert _pages(trad)[0] == "a/"
    assert _pages(first_char)[0] == "c/"


@pytest.mark.browser
def test_only_matching_pages_are_listed_with_the_real_count(search):
    hit, none, common = search("职工书屋", "没有这个词语", "工会")
    assert sorted(_pages(hit)) == ["a/", "templates/x/"] and hit["total"] == 2
    assert none["items"] == [] and none["total"] == 0
    assert common["total"] == 4 and 'data-zh-total="4"' in common["items"][0][0]["title"]


@pytest.mark.browser
def test_a_query_fetches_only_its_fragments(search, toy):
    files, _ = toy
    result, = search("金秋助学")
    asked = result["asked"]
    assert "c/91d1" in asked and "c/79cb" in asked                     # 金 and 秋: words starting there
    assert set(k.split("/")[0] for k in asked) <= {"c", "p", "d"}
    assert len(asked) < len(files) / 3
    assert sorted(k for k in asked if k.startswith("d/")) == ["d/1", "d/2"]


@pytest.mark.browser
def test_worker_protocol_setup_then_query(js, toy):
    files, manifest = toy
    replies = js("""async ([files, manifest]) => {
      const loader = (key, kind) => Promise.resolve(files[key] ? (kind === 'bin' ? ZhSearch.fromBase64(files[key]) : JSON.parse(files[key])) : null);
      const ready = ZhSearch.handle({type: 0, data: {config: {zh: manifest}, docs: []}}, loader);
      const stale = ZhSearch.handle({type: 2, data: '幼儿'});
      const last = ZhSearch.handle({type: 2, data: '幼儿园工作计划'});
      return [ready, await stale, await last];
    }""", [files, manifest])
    assert replies[0] == {"type": 1}
    assert replies[1] is None                                            # overtaken by the next query
    assert replies[2]["type"] == 3 and replies[2]["data"]["items"][0][0]["location"] == "b/"


@pytest.mark.browser
def test_warm_up_index_is_valid(js):
    """The built-in index SETUP searches once (to compile the engine) finds its page."""
    result = js("async () => await ZhSearch.warmUp()")
    assert result["total"] == 1 and result["items"][0][0]["title"].startswith("<mark>工会</mark>")
