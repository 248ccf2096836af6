"""Loading big repos cheaply: the collector paused and restored, equal field sets shared."""

from __future__ import annotations

import datetime as dt
import gc

from conftest import MakeRepo
from safetyduty.load.bulk import collector_paused
from safetyduty.load.loader import load_repo

MEETING = "kind: meeting\ndate: 2026-03-0{n}\ntitle: 会议\ntype: special\nchair: zhang-wei\n"


def test_collector_is_paused_while_loading_and_restored_after(make_repo: MakeRepo) -> None:
    root = make_repo({"records/2026/m1.yaml": MEETING.format(n=1)})
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    load_repo(root, dt.date(2026, 4, 1))
    assert gc.isenabled()


def test_records_of_one_shape_share_one_set_of_given_fields(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "records/2026/m1.yaml": MEETING.format(n=1),
            "records/2026/m2.yaml": MEETING.format(n=2),
            "records/2026/m3.yaml": MEETING.format(n=3) + "minutes: evidence/m.md\n",
            "evidence/m.md": "纪要\n",
        }
    )
    repo, problems = load_repo(root, dt.date(2026, 4, 1))
    assert not problems
    one, two, three = (repo.records[i] for i in ("m1", "m2", "m3"))
    given = {"id", "kind", "date", "title", "type", "chair"}
    assert one.model_fields_set == two.model_fields_set == given
    assert one.model_fields_set is two.model_fields_set
    assert three.model_fields_set == given | {"minutes"}
    assert one.model_dump(exclude_unset=True) == {  # the id is its file name, not dumped
        "kind": "meeting",
        "date": dt.date(2026, 3, 1),
        "title": "会议",
        "type": "special",
        "chair": "zhang-wei",
    }
