"""The one page a director reads first: what changed over the period, each
sentence worked out from the figures, then what we recommend under the five
headings of proactive steps (drawn from the flags, beside the program's own
plan) and what we ask of leadership."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, Spacer, Table, TableStyle

from mentordesk.domain.vocabularies import (
    ConflictStatus,
    Health,
    ProactiveStep,
    RiskFlag,
    Severity,
)
from mentordesk.reports.fonts import markup, shorten
from mentordesk.reports.program.data import ProgramReportData
from mentordesk.reports.program.sections import CLOSED_ROWS, ESCALATED_ROWS
from mentordesk.reports.program.words import (
    capital,
    change_words,
    count,
    number,
    part_of,
    plural,
    score,
    share,
)
from mentordesk.reports.style import CONTENT_WIDTH, SHADE, format_day, para, rich, styles

# The flags each heading's actions answer.
STEP_FLAGS: dict[ProactiveStep, tuple[RiskFlag, ...]] = {
    ProactiveStep.COMMUNICATION: (
        RiskFlag.OVERDUE_CHECKIN,
        RiskFlag.UNRELIABLE,
        RiskFlag.NO_ASSESSMENT,
    ),
    ProactiveStep.CONFLICT_RESOLUTION: (RiskFlag.OPEN_CONFLICT,),
    ProactiveStep.CHANGE_MANAGEMENT: (RiskFlag.NO_AGREEMENT,),
    ProactiveStep.SUPPORT: (RiskFlag.LOW_TRUST, RiskFlag.FALLING_TRUST),
    ProactiveStep.RESPECT: (
        RiskFlag.ETHICS_CONCERN,
        RiskFlag.ETHICS_GAP,
        RiskFlag.CONFLICT_OF_INTEREST,
    ),
}


@dataclass(frozen=True)
class Message:
    """The message page's text, kept apart from its layout so tests can compare it."""

    sentences: tuple[str, ...]
    actions: dict[ProactiveStep, tuple[str, ...]]
    asks: tuple[str, ...]


def _level(data: ProgramReportData, value: float | None) -> str:
    if value is None:
        return ""
    thresholds = data.program.thresholds
    if value >= thresholds.high:
        return " (high)"
    if value >= thresholds.medium:
        return " (medium)"
    return " (low)"


def sentences(data: ProgramReportData) -> tuple[str, ...]:
    """Five or six sentences, each with the figures behind it."""
    period = data.period
    now, before = data.end_figures, data.before_figures
    end_day = format_day(period.current.end)
    since = period.word
    said: list[str] = []

    started = data.pairs_started
    if before is not None:
        said.append(
            f"Active pairs {change_words(before.active_pairs, now.active_pairs, up='grew')} "
            f"from {number(before.active_pairs)} to {number(now.active_pairs)} {since}, "
            f"with {count(started, 'new pair')} started: "
            f"{count(now.active_pairs * 2, 'person')} are now mentoring or being mentored."
        )
    else:
        said.append(
            f"{capital(count(now.active_pairs, 'pair'))} "
            f"{'is' if now.active_pairs == 1 else 'are'} active on {end_day}, "
            f"{number(started)} of them started {since}: "
            f"{count(now.active_pairs * 2, 'person')} mentoring or being mentored."
        )

    at_risk_now = now.health[Health.AT_RISK]
    at_risk_today = data.attention.at_risk
    risk_text = (
        f"At-risk pairs {change_words(before.health[Health.AT_RISK], at_risk_now)} from "
        f"{number(before.health[Health.AT_RISK])} to {number(at_risk_now)} {since}"
        if before is not None
        else f"{capital(count(at_risk_now, 'pair'))} {'was' if at_risk_now == 1 else 'were'} "
        f"at risk on {end_day}"
    )
    today = format_day(data.as_of)
    most_common = data.attention.most_common_at_risk_flag()
    if most_common is not None:
        top, top_count = most_common
        if data.as_of != period.current.end:
            risk_text += f"; on {today}, {number(at_risk_today)} are at risk, and"
        else:
            risk_text += ";"
        risk_text += (
            f" {part_of(top_count, at_risk_today)} of them ({number(top_count)}) "
            f"{'has' if top_count == 1 else 'have'} the flag “{top.label.lower()}”, "
            "the first thing to act on."
        )
    else:
        risk_text += f", and none is at risk on {today}."
    said.append(risk_text)

    outcomes = data.outcomes.total
    if now.average_trust is not None:
        text = (
            f"Average trust {change_words(before.average_trust, now.average_trust)} from "
            f"{score(before.average_trust)} to {score(now.average_trust)}"
            f"{_level(data, now.average_trust)} {since}"
            if before is not None and before.average_trust is not None
            else f"Average trust is {score(now.average_trust)}{_level(data, now.average_trust)}"
            f" on {end_day}"
        )
        if outcomes.trust_compared:
            text += (
                f"; of the {number(outcomes.trust_compared)} pairs assessed more than once, "
                f"trust rose in {number(outcomes.trust_rose)}, held in "
                f"{number(outcomes.trust_held)} and fell in {number(outcomes.trust_fell)} "
                "since their first assessment."
            )
        else:
            text += "."
        said.append(text)

    held = data.activities.held
    if now.adherence is not None:
        text = (
            f"Check-in adherence {change_words(before.adherence, now.adherence)} from "
            f"{share(before.adherence)} to {share(now.adherence)}"
            if before is not None and before.adherence is not None
            else f"Check-in adherence is {share(now.adherence)} on {end_day}"
        )
        text += f", with {count(held, 'activity')} held {since}"
        if data.activities_before is not None:
            text += f" against {number(data.activities_before.held)} the period before"
        said.append(text + ": regular meetings are where trust is built.")

    if outcomes.goals_set:
        text = (
            f"Mentees have achieved {number(outcomes.goals_achieved)} of "
            f"{count(outcomes.goals_set, 'goal')} set "
            f"({share(outcomes.goals_achieved / outcomes.goals_set)}); "
            f"{number(outcomes.goals_overdue)} open {plural('goal', outcomes.goals_overdue)} "
            f"{'is' if outcomes.goals_overdue == 1 else 'are'} past the target date"
        )
        ended = outcomes.completed + outcomes.ended_early
        if ended:
            text += (
                f", and {count(outcomes.completed, 'pair')} completed while "
                f"{number(outcomes.ended_early)} ended early"
            )
            if data.outcomes.end_reasons:
                reason, times = data.outcomes.end_reasons[0]
                text += f" (most often: “{shorten(reason.rstrip('.'), 70)}”, {number(times)})"
        said.append(text + ".")

    conflicts = data.conflicts
    escalated = sum(1 for c in data.serious_conflicts if c.row.status is ConflictStatus.ESCALATED)
    unresolved = len(data.serious_conflicts) - escalated
    verb = "was" if conflicts.total == 1 else "were"
    text = f"{capital(count(conflicts.total, 'conflict'))} {verb} opened {since}"
    if data.conflicts_before is not None:
        text += f" against {number(data.conflicts_before.total)} the period before"
    if data.serious_conflicts:
        text += (
            f"; {number(escalated)} {'is' if escalated == 1 else 'are'} escalated and "
            f"{number(unresolved)} closed unresolved, "
            + (
                "each listed under Conflicts with its outcome."
                if escalated <= ESCALATED_ROWS and unresolved <= CLOSED_ROWS
                else "the most serious listed under Conflicts with their outcome, "
                "every one in the appendix."
            )
        )
    else:
        text += "; none was escalated or closed unresolved."
    said.append(text)
    return tuple(said)


def actions(data: ProgramReportData) -> dict[ProactiveStep, tuple[str, ...]]:
    """What to do next under each heading, from the flags raised on the as-of day."""
    flags = data.attention.flags
    outcomes = data.outcomes.total
    open_high = sum(1 for row in data.open_conflicts if row.severity is Severity.HIGH)
    todo: dict[ProactiveStep, list[str]] = {step: [] for step in ProactiveStep}
    if flags[RiskFlag.OVERDUE_CHECKIN]:
        todo[ProactiveStep.COMMUNICATION].append(
            f"Ask the {count(flags[RiskFlag.OVERDUE_CHECKIN], 'pair')} with an overdue check-in "
            "to meet within two weeks."
        )
    if flags[RiskFlag.UNRELIABLE]:
        todo[ProactiveStep.COMMUNICATION].append(
            f"Call the {count(flags[RiskFlag.UNRELIABLE], 'pair')} whose meetings are often "
            "missed or cancelled to agree a rhythm that holds."
        )
    if flags[RiskFlag.NO_ASSESSMENT]:
        todo[ProactiveStep.COMMUNICATION].append(
            f"Remind {count(flags[RiskFlag.NO_ASSESSMENT], 'mentee')} without a recent "
            "assessment to answer the trust questionnaire."
        )
    if data.open_conflicts:
        todo[ProactiveStep.CONFLICT_RESOLUTION].append(
            f"Take the {count(len(data.open_conflicts), 'open conflict')} "
            f"({number(open_high)} high severity) to dialogue or mediation, oldest first."
        )
    if flags[RiskFlag.NO_AGREEMENT]:
        todo[ProactiveStep.CHANGE_MANAGEMENT].append(
            f"Have the {count(flags[RiskFlag.NO_AGREEMENT], 'formal pair')} without a signed "
            "agreement sign one, so expectations are written down."
        )
    if outcomes.ended_early:
        todo[ProactiveStep.CHANGE_MANAGEMENT].append(
            f"Read the end reasons of the {count(outcomes.ended_early, 'pair')} that ended early "
            "before matching the next cohort."
        )
    support = flags[RiskFlag.LOW_TRUST], flags[RiskFlag.FALLING_TRUST]
    if any(support):
        todo[ProactiveStep.SUPPORT].append(
            f"Meet the {count(support[0], 'pair')} with low trust and the "
            f"{number(support[1])} whose trust is falling; offer a coordinator conversation."
        )
    respect = (
        flags[RiskFlag.ETHICS_CONCERN],
        flags[RiskFlag.ETHICS_GAP],
        flags[RiskFlag.CONFLICT_OF_INTEREST],
    )
    if respect[0]:
        todo[ProactiveStep.RESPECT].append(
            f"Follow up the ethics concerns of {count(respect[0], 'pair')}."
        )
    if respect[1]:
        todo[ProactiveStep.RESPECT].append(
            f"Complete the ethics reviews still missing for {count(respect[1], 'pair')}."
        )
    if respect[2]:
        todo[ProactiveStep.RESPECT].append(
            f"Settle {count(respect[2], 'conflict')} of interest (a manager mentoring their "
            "own report, or an entry not yet resolved)."
        )
    return {step: tuple(items) for step, items in todo.items()}


def asks(data: ProgramReportData) -> tuple[str, ...]:
    """What the program needs from leadership, from the figures."""
    said: list[str] = []
    escalated = [c for c in data.serious_conflicts if c.row.status is ConflictStatus.ESCALATED]
    waiting = len(escalated) + data.escalated_earlier
    if waiting:
        said.append(
            f"Decide on the {count(waiting, 'escalated conflict')} waiting for leadership "
            f"({number(len(escalated))} escalated in the period, listed under Conflicts)."
        )
    adherence = data.figures.adherence
    if adherence is not None and adherence < 0.8:
        said.append(
            f"Ask managers to give mentors and mentees time to meet: check-in adherence is "
            f"{share(adherence)}."
        )
    time_reasons = sum(
        times for reason, times in data.outcomes.end_reasons if "time" in reason.casefold()
    )
    if time_reasons:
        said.append(
            f"Protect mentoring time in busy seasons: {number(time_reasons)} of the "
            f"{count(data.outcomes.total.ended_early, 'early ending')} cite lack of time."
        )
    at_risk = data.figures.health[Health.AT_RISK]
    if at_risk and data.figures.active_pairs and at_risk / data.figures.active_pairs >= 0.1:
        said.append(
            f"Back a coordinator follow-up of the {count(at_risk, 'pair')} at risk "
            f"({share(at_risk / data.figures.active_pairs)} of active pairs)."
        )
    said.append(
        "Keep sponsoring the program in front of staff: "
        f"{count(data.figures.active_pairs, 'pair')} active and "
        f"{count(data.outcomes.total.goals_achieved, 'goal')} achieved so far."
    )
    return tuple(said)


def message(data: ProgramReportData) -> Message:
    return Message(sentences(data), actions(data), asks(data))


def _bullets(items: list[str], style_name: str = "body") -> list[Flowable]:
    s = styles()
    style = getattr(s, style_name)
    return [rich(f"•\u00a0{markup(item)}", style) for item in items]


def message_page(data: ProgramReportData) -> list[Flowable]:
    """The page itself."""
    s = styles()
    said = message(data)
    period = data.period
    compared = (
        f"{period.current.label} ({period.current.dates}) compared with "
        f"{period.previous.label} ({period.previous.dates})"
        if period.previous is not None
        else f"the program's life so far ({period.current.dates}); there is no earlier "
        "period to compare with"
    )
    story: list[Flowable] = [
        para(f"What changed: {compared}.", s.note),
        *_bullets(list(said.sentences), "body"),
        Spacer(1, 2 * mm),
        para("What we recommend", s.h2),
    ]
    plan = {item.heading: item.text.strip() for item in data.plan}
    rows = []
    for step in ProactiveStep:
        items = list(said.actions[step]) or ["No pair is flagged for this today."]
        cell: list[Flowable] = [rich(f"<b>{markup(step.label)}</b>", s.small)]
        cell += _bullets(items, "small")
        if plan.get(step):
            cell.append(rich(f"<i>Our plan:</i> {markup(shorten(plan[step], 260))}", s.note))
        rows.append(cell)
    story.append(_two_columns(rows))
    story += [
        para("What we ask of leadership", s.h2),
        *_bullets(list(said.asks), "small"),
    ]
    # One page whatever the paper: on a shorter page (Letter, or with the
    # CONFIDENTIAL band) the page is scaled down a little rather than leaving its
    # heading alone on a page and running on to the next.
    return [KeepInFrame(0, 0, story, mode="shrink")]


def _two_columns(cells: list[list[Flowable]]) -> Table:
    half = CONTENT_WIDTH / 2
    grid = [cells[index : index + 2] for index in range(0, len(cells), 2)]
    if len(grid[-1]) == 1:
        grid[-1].append([])
    table = Table(grid, colWidths=[half, half], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                ("LINEBEFORE", (1, 0), (1, -1), 3, "white"),
                ("LINEABOVE", (0, 1), (-1, -1), 3, "white"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table
