"""Introductions pair across workplaces as a whole round, not pair by pair: taking the best pair first can
leave two colleagues of one workplace together while each of them could meet someone from elsewhere
(found by bench/people_month.py: two nurses of the CISSS de Laval introduced to each other)."""

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from bot.services.intros import Someone, pair


def test_two_colleagues_are_not_left_together_when_each_can_meet_someone_from_elsewhere():
    both = frozenset({"triage", "perfusion"})
    people = [Someone("UMEMBER", "CISSS de Laval", "Laval", 12, frozenset({"triage", "nuit"}), frozenset({"sepsis"})),
              Someone("UHELPER", "CISSS de la Gaspésie", "Gaspé", 21, both),
              Someone("UASKER", "CHU de Québec", "Capitale-Nationale", 1, looking_for=both),
              Someone("UANA", "CISSS de Laval", "Laval", 15, frozenset({"perfusion"}))]
    groups = [set(g) for g in pair(people, last_round=[], earlier=Counter(), seed="T1:1:2027-07")]
    assert {"UMEMBER", "UANA"} not in groups and len(groups) == 2


@given(st.lists(st.tuples(st.integers(0, 40), st.sets(st.sampled_from(["triage", "nuit", "perfusion"]))),
                min_size=4, max_size=4), st.text(max_size=5))
def test_two_workplaces_of_two_people_each_always_meet_across(profiles, seed):
    people = [Someone(f"U{i}", "CISSS de Laval" if i < 2 else "CHU de Québec", years=years, helps=frozenset(topics))
              for i, (years, topics) in enumerate(profiles)]
    for group in pair(people, last_round=[], earlier=Counter(), seed=seed):
        assert len({p.workplace for p in people if p.user_id in group}) == 2
