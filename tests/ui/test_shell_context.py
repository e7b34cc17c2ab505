"""The shell's plumbing: a signed-in context runs service calls off the GUI thread, in one transaction."""

from __future__ import annotations

from storepos.domain.errors import StoreposError
from storepos.domain.vocabulary import Role


def test_context_runs_a_service_call_and_reports_errors_in_words(make_context, qtbot) -> None:  # type: ignore[no-untyped-def]
    context = make_context(Role.MANAGER)
    assert context.place.store_code == "TOR" and context.actor.role is Role.MANAGER
    results: list[object] = []
    context.run(lambda session, actor: actor.employee_name, results.append, results.append)
    qtbot.waitUntil(lambda: len(results) == 1, timeout=10_000)
    assert results == [context.actor.employee_name]

    def fails(session, actor):  # type: ignore[no-untyped-def]
        raise StoreposError("The gift card G-TOR1-000001-3 has no balance left.")

    context.run(fails, results.append, results.append)
    qtbot.waitUntil(lambda: len(results) == 2, timeout=10_000)
    assert isinstance(results[1], StoreposError) and "no balance" in results[1].message


def test_nobody_signed_in_is_refused_without_running(make_context) -> None:  # type: ignore[no-untyped-def]
    context = make_context(None)
    results: list[object] = []
    context.run(lambda s, a: 1, results.append, results.append)
    assert isinstance(results[0], RuntimeError)
