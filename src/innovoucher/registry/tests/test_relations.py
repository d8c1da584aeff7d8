"""Related parties: the pure graph search, then the registry-backed `related` and group keys."""

import pytest

from innovoucher.core import crypto
from innovoucher.core.errors import ValidationFailed
from innovoucher.registry import services
from innovoucher.registry.demo import make_uscc
from innovoucher.registry.domain import (
    Edge,
    PartyView,
    find_relation,
    group_key,
    shortest_path,
    ultimate_controller,
)
from innovoucher.registry.relations import controller_group_key, related
from innovoucher.registry.tests.conftest import id_for, register

# --- pure -------------------------------------------------------------------------------------


def graph(edges):
    def neighbours(frontier):
        return {n: [e for e in edges if n in (e.source, e.target)] for n in frontier}

    return neighbours


def test_shortest_path_respects_the_hop_limit():
    chain = [Edge(f"n{i}", f"n{i + 1}", "shareholding", "持股 60.00%") for i in range(5)]
    assert [e.target for e in shortest_path("n0", "n3", graph(chain), max_hops=3)] == [
        "n1",
        "n2",
        "n3",
    ]
    assert shortest_path("n0", "n4", graph(chain), max_hops=3) is None
    assert shortest_path("n3", "n0", graph(chain), max_hops=3) is not None  # edges are undirected


def test_control_chain_stops_at_cycles():
    controllers = {
        "a": ("b", "B", "实际控制"),
        "b": ("c", "C", "实际控制"),
        "c": ("a", "A", "实际控制"),
    }
    chain = ultimate_controller("a", controllers.get)
    assert [k for k, _, _ in chain] == ["b", "c"]
    assert group_key("a", chain) == "c" and group_key("z", []) == "z"


def test_find_relation_orders_its_checks():
    controllers = {
        "a": ("p", "张三", "实际控制"),
        "b": ("q", "某集团", "实际控制"),
        "q": ("p", "张三", "实际控制"),
    }
    evidence = find_relation(
        PartyView("a", "甲"),
        PartyView("b", "乙"),
        controller_of=controllers.get,
        neighbours=graph([]),
        labels=str,
    )
    assert evidence.kind == "same_controller" and "张三" in evidence.summary
    assert [s.text() for s in evidence.path] == [
        "张三 —实际控制→ 甲",
        "某集团 —实际控制→ 乙",
        "张三 —实际控制→ 某集团",
    ]
    rep = find_relation(
        PartyView("a", "甲", "person:x", "李四"),
        PartyView("b", "乙", "person:x", "李四"),
        controller_of=lambda k: None,
        neighbours=graph([]),
        labels=str,
    )
    assert rep.kind == "shared_legal_rep"
    assert (
        find_relation(
            PartyView("a", "甲"),
            PartyView("b", "乙"),
            controller_of=lambda k: None,
            neighbours=graph([]),
            labels=str,
        )
        is None
    )


# --- registry-backed --------------------------------------------------------------------------


@pytest.fixture
def three(db, enterprise, applicant, yuecheng):
    b, c = register("330602"), register("330602")
    return enterprise, b, c, yuecheng


def test_same_actual_controller(three):
    a, b, c, reviewer = three
    person = id_for("330602", 1966)
    for org in (a, b):
        services.controller_set(
            actor=reviewer,
            organisation=org,
            holder_type="person",
            holder_name="王建国",
            holder_id_number=person,
        )
    evidence = related(a, b)
    assert evidence.kind == "same_controller" and "王建国" in evidence.summary
    assert person not in repr(evidence.as_dict())
    assert related(a, c) is None
    assert controller_group_key(a) == controller_group_key(b) != controller_group_key(c)
    assert controller_group_key(c) == c.party_key


def test_shared_legal_representative_by_id_hash(enterprise, applicant):

    rep = crypto.decrypt(enterprise.legal_rep_id_cipher, purpose="id_number")
    other = register("650102", legal_rep_name="另一个写法", legal_rep_id_number=rep.lower())
    evidence = related(enterprise, other)
    assert evidence.kind == "shared_legal_rep"


def test_ownership_chain_up_to_three_links(three):
    a, b, c, reviewer = three
    middle = make_uscc("330602", 424242)
    # a holds 30 % of an unregistered company M, M holds 20 % of c: a — M — c (2 links).
    services.shareholder_add(
        actor=reviewer,
        organisation=c,
        holder_type="organisation",
        holder_name="中间公司",
        holder_uscc=middle,
        stake_percent="20",
    )
    assert related(a, c) is None
    services.affiliation_add(
        actor=reviewer,
        organisation=a,
        kind="equity",
        counterpart_name="中间公司",
        counterpart_uscc=middle,
    )
    evidence = related(a, c)
    assert evidence.kind == "ownership" and len(evidence.path) == 2
    assert [s.relation for s in evidence.path] == ["参股", "持股 20.00%"]
    assert related(c, a).kind == "ownership"


def test_chain_longer_than_three_links_is_not_reported(three):
    a, b, c, reviewer = three
    codes = [make_uscc("330602", 900 + i) for i in range(3)]
    # a → X0 → X1 → X2 → c : four links.
    services.affiliation_add(
        actor=reviewer,
        organisation=a,
        kind="subordinate",
        counterpart_name="X0",
        counterpart_uscc=codes[0],
    )
    x1 = register("330602", uscc=codes[1])
    services.shareholder_add(
        actor=reviewer,
        organisation=x1,
        holder_type="organisation",
        holder_name="X0",
        holder_uscc=codes[0],
        stake_percent="10",
    )
    x2 = register("330602", uscc=codes[2])
    services.shareholder_add(
        actor=reviewer,
        organisation=x2,
        holder_type="organisation",
        holder_name="X1",
        holder_uscc=codes[1],
        stake_percent="10",
    )
    assert related(a, x2).kind == "ownership"  # three links
    services.shareholder_add(
        actor=reviewer,
        organisation=c,
        holder_type="organisation",
        holder_name="X2",
        holder_uscc=codes[2],
        stake_percent="10",
    )
    assert related(a, c) is None


def test_majority_shareholder_counts_as_controller_for_groups(three):
    a, b, c, reviewer = three
    services.shareholder_add(
        actor=reviewer,
        organisation=b,
        holder_type="organisation",
        holder_name=a.name,
        holder_uscc=a.uscc,
        stake_percent="50",
    )
    assert controller_group_key(b) == b.party_key  # 50 % is not more than half
    services.shareholder_remove(actor=reviewer, shareholder=b.shareholders.get())
    services.shareholder_add(
        actor=reviewer,
        organisation=b,
        holder_type="organisation",
        holder_name=a.name,
        holder_uscc=a.uscc,
        stake_percent="50.01",
    )
    assert controller_group_key(b) == a.party_key
    evidence = related(b, a)
    assert evidence.kind == "same_controller" and evidence.path[0].relation == "控股 50.01%"


def test_affiliation_with_a_registered_organisation(three):
    a, b, _, reviewer = three
    services.affiliation_add(
        actor=reviewer,
        organisation=b,
        kind="co_built",
        counterpart_name=a.name,
        counterpart_uscc=a.uscc,
    )
    evidence = related(a, b)
    assert evidence.kind == "affiliation" and evidence.path[0].relation == "共建"


def test_stakes_cannot_exceed_one_hundred_percent(enterprise, applicant):

    services.shareholder_add(
        actor=applicant,
        organisation=enterprise,
        holder_type="person",
        holder_name="甲",
        holder_id_number=id_for("330602"),
        stake_percent="70",
    )
    with pytest.raises(ValidationFailed) as exc:
        services.shareholder_add(
            actor=applicant,
            organisation=enterprise,
            holder_type="person",
            holder_name="乙",
            holder_id_number=id_for("330602"),
            stake_percent="30.01",
        )
    assert "本次最多可填30.00%" in exc.value.message
    with pytest.raises(ValidationFailed) as exc:
        services.shareholder_add(
            actor=applicant,
            organisation=enterprise,
            holder_type="organisation",
            holder_name="自己",
            holder_uscc=enterprise.uscc,
            stake_percent="1",
        )
    assert exc.value.details["fields"]["holder_uscc"] == ["不能把本主体自己登记为股东或实际控制人"]
