"""A process's short-lived memory (khcn.core.kept): entries last `seconds`, at most `size`."""

from khcn.core.kept import Kept, forget_all


def test_a_value_is_made_once_and_kept() -> None:
    kept: Kept[list[int]] = Kept(seconds=60, size=4)
    made = []

    def make() -> list[int]:
        made.append(1)
        return [len(made)]

    assert kept.get_or_make("a", make) == [1]
    assert kept.get_or_make("a", make) == [1]
    assert made == [1]
    assert kept.get("b") is None


def test_the_least_recently_used_goes_first_beyond_the_size() -> None:
    kept: Kept[int] = Kept(seconds=60, size=2)
    kept.put("a", 1)
    kept.put("b", 2)
    assert kept.get("a") == 1  # "b" is now the least recently used
    kept.put("c", 3)
    assert (kept.get("a"), kept.get("b"), kept.get("c")) == (1, None, 3)
    assert len(kept) == 2


def test_an_entry_older_than_its_seconds_is_made_again() -> None:
    kept: Kept[int] = Kept(seconds=0, size=2)
    kept.put("a", 1)
    assert kept.get("a") is None
    assert kept.get_or_make("a", lambda: 2) == 2


def test_forget_all_empties_every_kept() -> None:
    first: Kept[int] = Kept(seconds=60, size=2)
    second: Kept[int] = Kept(seconds=60, size=2)
    first.put("a", 1)
    second.put("b", 2)
    forget_all()
    assert first.get("a") is None and second.get("b") is None
