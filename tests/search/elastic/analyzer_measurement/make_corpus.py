"""Write the texts and queries that ``Measure.java`` reads: activity and video texts built from the demo's templates.

Run from the repository root: ``.venv/bin/python tests/search/elastic/analyzer_measurement/make_corpus.py OUTDIR``.
"""

import random
import sys
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(REPO_DIR / "site"))

from demo.content import showcase as content  # noqa: E402 - after the path is set

UNITS = [
    "石家庄市水务局",
    "河北师范大学附属中学",
    "太原市自来水公司",
    "长江水利委员会宣传中心",
    "郑州市金水区文化路街道",
    "黄河勘测规划设计研究院",
    "杭州市第二中学",
    "嘉兴市秀洲区农业农村局",
    "浙江日报社",
    "北京市节约用水管理中心",
    "晋中市灌区管理站",
    "天津市第一中心小学",
    "青岛啤酒股份有限公司",
    "中国水利水电科学研究院",
]
PLACES = ["石家庄市", "太原市", "郑州市", "杭州市", "嘉兴市", "晋中市", "北京市", "天津市", "青岛市", "武汉市"]
QUERIES = [
    "水",
    "河",
    "湖",
    "节",
    "校",
    "霖",
    "滴",
    "节水",
    "校园",
    "社区",
    "灌溉",
    "志愿",
    "竞赛",
    "宣传",
    "科普",
    "河湖",
    "再生水",
    "节水型",
    "志愿服务",
    "知识竞赛",
    "世界水日",
    "河湖长制",
    "节水灌溉",
    "水资源",
    "自来水",
    "宣传片",
    "节约用水",
    "节水教育基地",
    "中国水周",
    "霖霖",
    "石家庄",
    "金水区",
    "3月22日",
    "水龙头",
    "精准滴灌",
    "家庭节水小妙招",
    "第一课",
    "啤酒",
]
TEXTS = 3000


def _fill(template, rng):
    return template.format(
        unit=rng.choice(UNITS),
        place=rng.choice(PLACES),
        site=rng.choice(PLACES),
        scene=rng.choice(content.SCENES),
        when="3月22日",
        venue=rng.choice(["人民公园", "节水教育基地", "市民广场"]),
        form_a=rng.choice(content.FORMS),
        form_b=rng.choice(content.FORMS),
        audience=rng.choice(list(content.AUDIENCES.values())),
        count=rng.randint(50, 900),
        materials=rng.randint(100, 3000),
        signatures=rng.randint(10, 500),
        outlet=rng.choice(content.OUTLETS),
        theme=rng.choice(content.VIDEO_THEMES),
        persona=rng.choice(content.VIDEO_PERSONAS),
        story=rng.choice(content.VIDEO_STORIES),
        minutes=rng.randint(1, 5),
    )


def texts(rng):
    titles = [title for group in content.ACTIVITY_TITLES.values() for title in group]
    for number in range(TEXTS):
        if number % 5 == 4:
            yield _fill(rng.choice(content.VIDEO_TITLES), rng) + "。" + _fill(content.VIDEO_SUMMARY, rng)
        else:
            paragraphs = "".join(_fill(text, rng) for text in rng.sample(content.ACTIVITY_PARAGRAPHS, 2))
            title = _fill(rng.choice(titles), rng)
            yield title + "。" + _fill(rng.choice(content.ACTIVITY_SUMMARIES), rng) + paragraphs


def main(out_dir):
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    (out_dir / "texts.txt").write_text("".join(text.replace("\n", " ") + "\n" for text in texts(rng)), "utf-8")
    (out_dir / "queries.txt").write_text("\n".join(QUERIES) + "\n", "utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
