"""The twelve-statement trust questionnaire.

Item codes are stable keys used in program files, the database and the printed
form; the order here is the order everywhere the questionnaire is shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from mentordesk.domain.vocabularies import TrustDimension, TrustType

RATING_MIN = 1
RATING_MAX = 5
RATING_LABELS = {
    1: "Strongly disagree",
    2: "Disagree",
    3: "Neither agree nor disagree",
    4: "Agree",
    5: "Strongly agree",
}


@dataclass(frozen=True)
class QuestionnaireItem:
    code: str
    dimension: TrustDimension
    trust_type: TrustType
    statement: str


_D, _T = TrustDimension, TrustType

ITEMS: tuple[QuestionnaireItem, ...] = (
    QuestionnaireItem(
        "competence_1", _D.COMPETENCE, _T.COGNITIVE,
        "My mentor's advice is practical and relevant to my work.",
    ),
    QuestionnaireItem(
        "competence_2", _D.COMPETENCE, _T.COGNITIVE,
        "My mentor knows our field well and keeps up to date.",
    ),
    QuestionnaireItem(
        "competence_3", _D.COMPETENCE, _T.COGNITIVE,
        "My mentor understands my situation when giving feedback.",
    ),
    QuestionnaireItem(
        "integrity_1", _D.INTEGRITY, _T.COGNITIVE,
        "My mentor is honest and open with me.",
    ),
    QuestionnaireItem(
        "integrity_2", _D.INTEGRITY, _T.BEHAVIORAL,
        "My mentor keeps what I share in confidence.",
    ),
    QuestionnaireItem(
        "integrity_3", _D.INTEGRITY, _T.BEHAVIORAL,
        "My mentor does what they say they will do.",
    ),
    QuestionnaireItem(
        "benevolence_1", _D.BENEVOLENCE, _T.AFFECTIVE,
        "My mentor listens to me and takes my concerns seriously.",
    ),
    QuestionnaireItem(
        "benevolence_2", _D.BENEVOLENCE, _T.AFFECTIVE,
        "My mentor genuinely cares about my growth.",
    ),
    QuestionnaireItem(
        "benevolence_3", _D.BENEVOLENCE, _T.AFFECTIVE,
        "My mentor encourages me when things are hard.",
    ),
    QuestionnaireItem(
        "loyalty_1", _D.LOYALTY, _T.AFFECTIVE,
        "My mentor speaks up for my career development.",
    ),
    QuestionnaireItem(
        "loyalty_2", _D.LOYALTY, _T.BEHAVIORAL,
        "My mentor stands by me when challenges arise.",
    ),
    QuestionnaireItem(
        "loyalty_3", _D.LOYALTY, _T.AFFECTIVE,
        "My mentor acts in my interest, not their own.",
    ),
)

ITEMS_BY_CODE: dict[str, QuestionnaireItem] = {item.code: item for item in ITEMS}
ITEM_CODES: tuple[str, ...] = tuple(item.code for item in ITEMS)
