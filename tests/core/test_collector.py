"""core.collector: the cyclic garbage collector paused around pure work, back on when the last pause ends."""

import gc
import threading

import pytest

from core import collector


@pytest.fixture(autouse=True)
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_a_pause_switches_the_collector_off_and_on_again():
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_pauses_nest_and_the_last_one_ends_the_pause():
    with collector.paused():
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off():
    gc.disable()
    with collector.paused():
        pass
    assert not gc.isenabled()


def test_an_error_inside_still_ends_the_pause_and_is_raised():
    with pytest.raises(ValueError, match="inside"):
        with collector.paused():
            raise ValueError("inside")
    assert gc.isenabled()


def test_as_a_decorator_the_function_runs_paused_and_returns_its_value():
    @collector.paused()
    def work(n):
        return gc.isenabled(), n * 2

    assert work(21) == (False, 42)
    assert work(1) == (False, 2)  # the same decorator, used again
    assert gc.isenabled()


def test_overlapping_pauses_in_two_threads_end_with_the_collector_on():
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen = {}

    def first():
        with collector.paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second():
        first_in.wait(5)
        with collector.paused():
            second_in.set()
            first_out.wait(5)
            seen["after the first ended"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen == {"after the first ended": False}  # the second pause still holds
    assert gc.isenabled()
