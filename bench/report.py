"""The figures of one run as a Markdown table, for the terminal and for the README."""


def _met(ok):
    return "yes" if ok else "**no**"


def _rows(figures):
    seeding = figures["seeding"]
    rows = []
    if seeding.get("items_per_second"):
        rate = seeding["items_per_second"]
        rows.append(("1. seeding: items created per second", f"{rate:,}", "≥ 500", _met(rate >= 500)))
    if seeding.get("first_index_pages_per_second"):
        rows.append(
            ("   first indexing of the demo, pages per second", f"{seeding['first_index_pages_per_second']:,}", "", "")
        )
    search = figures.get("search")
    if search:
        ours, floor, stock = search.get("service_first", search["service"]), search["floor"], search["stock"]
        repeated = search["service"] if "service_first" in search else None
        ratio_floor = ours["p95_ms"] / floor["p95_ms"] if floor["p95_ms"] else None
        rows += [
            (
                "2. search with facet counts, first search of the words, p50 / p95",
                f"{ours['p50_ms']} / {ours['p95_ms']} ms",
                "p95 ≤ 100 ms",
                _met(ours["p95_ms"] <= 100),
            ),
            *(
                [("   the same search repeated, p50 / p95", f"{repeated['p50_ms']} / {repeated['p95_ms']} ms", "", "")]
                if repeated
                else []
            ),
            ("   Wagtail stock `.live().search()`, p50 / p95", f"{stock['p50_ms']} / {stock['p95_ms']} ms", "", ""),
            ("   bare engine query (floor), p50 / p95", f"{floor['p50_ms']} / {floor['p95_ms']} ms", "", ""),
            (
                "   ours / floor (p95); ours / stock (p95)",
                f"{ratio_floor:.1f}×; {ours['p95_ms'] / stock['p95_ms']:.2f}×" if ratio_floor else "–",
                "ours / floor ≤ 3×",
                _met(ratio_floor is not None and ratio_floor <= 3),
            ),
        ]
    for key, value in figures.get("showcase", {}).items():
        name, size = key.rsplit("_", 1)
        queries = (
            f"{value['queries_min']}"
            if value["queries_min"] == value["queries_max"]
            else f"{value['queries_min']}–{value['queries_max']}"
        )
        rows.append(
            (
                f"3. showcase page, {name.replace('_', ' ')}, {size} a page: p50 / p95, queries",
                f"{value['p50_ms']} / {value['p95_ms']} ms, {queries} queries",
                "p95 ≤ 80 ms, ≤ 12 queries",
                _met(value["p95_ms"] <= 80 and value["queries_max"] <= 12),
            )
        )
    numbers = figures.get("numbers")
    if numbers:
        dashboard, poster = numbers["dashboard_computed"], numbers["poster_first"]
        queries = dashboard["queries_min"]
        if dashboard["queries_max"] != queries:
            queries = f"{queries}–{dashboard['queries_max']}"
        rows += [
            (
                "3b. dashboard computed (after any change): p50 / p95, queries; from the cache: p95",
                f"{dashboard['p50_ms']} / {dashboard['p95_ms']} ms, {queries} queries; "
                f"{numbers['dashboard_cached']['p95_ms']} ms",
                "p95 ≤ 100 ms, queries not growing with the data",
                _met(dashboard["p95_ms"] <= 100),
            ),
            (
                "3c. share poster drawn the first time: p50 / p95; from the cache: p95",
                f"{poster['p50_ms']} / {poster['p95_ms']} ms; {numbers['poster_cached']['p95_ms']} ms",
                "p95 ≤ 300 ms",
                _met(poster["p95_ms"] <= 300),
            ),
        ]
    api = figures.get("api", {})
    stock_list = api.get("Wagtail stock: pages list")
    for name, value in api.items():
        target, met = "", ""
        if name == "ours: activity list":
            target = "p95 ≤ 50 ms, requests/s ≥ stock list"
            met = _met(
                value["p95_ms"] <= 50
                and (stock_list is None or value["requests_per_second"] >= stock_list["requests_per_second"])
            )
        rows.append(
            (f"4. API {name}: requests/s, p95", f"{value['requests_per_second']} /s, {value['p95_ms']} ms", target, met)
        )
    for note in figures.get("api_notes", []):
        rows.append(("4. API", note, "", ""))
    reindex = figures.get("reindex")
    if reindex:
        rows.append(
            (
                "5. reindexing activities: documents per second",
                f"{reindex['documents_per_second']:,} ({reindex['documents']:,} in {reindex['seconds']} s)",
                "≥ 2,000",
                _met(reindex["documents_per_second"] >= 2000),
            )
        )
    memory = figures.get("memory")
    if memory:
        rows += [
            (
                f"6. worker peak RSS after {memory['requests']:,} mixed requests",
                f"{memory['peak_rss_mb']} MB",
                "≤ 300 MB",
                _met(memory["peak_rss_mb"] <= 300),
            ),
            (
                "   its growth over the second half",
                f"{memory['max_growth_second_half_percent']} %",
                "< 5 %",
                _met(memory["max_growth_second_half_percent"] < 5),
            ),
        ]
    return rows


def table(figures):
    content = figures["content"]
    machine = figures["machine"]
    lines = [
        f"{figures['database']}, {content['activities']:,} activities ({content['published_activities']:,} published), "
        f"{content['videos']:,} videos, {content['units']} units, {content['jurisdiction_pages']} jurisdiction pages; "
        f"{machine['cpus']} CPUs ({machine['cpu']}), {machine['memory']}, Python {machine['python']}, "
        f"load average at start {', '.join(str(value) for value in machine['load_average_at_start'])}; "
        f"{figures['run_at']}; `{figures['command']}`"
        + (" (demo build figures from the cached build)" if figures["seeding"].get("cached") else ""),
        "",
        "| measurement | result | target | met |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| {' | '.join(row)} |" for row in _rows(figures)]
    for partial in figures.get("partial_runs", []):
        load = ", ".join(str(value) for value in partial["machine"]["load_average_at_start"])
        lines.append(
            f"\n{', '.join(partial['sections'])} measured again on {partial['run_at']} "
            f"(`python -m bench {partial['command']}`, load average at start {load})."
        )
    return "\n".join(lines)
