"""The twelve-statement trust questionnaire.

Item codes are stable keys used in program files, the database and the printed
form; the order here is the order everywhere the questionnaire is shown. Each item
has the mentee's wording and the mirrored wording of the mentor's view: this module
is the one place both are written.
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
    """The mentee's statement about the mentor ("My mentor …")."""
    mentor_statement: str
    """The mirrored statement the mentor answers about the mentee ("My mentee …"): the
    same thing seen from the mentor's side, so the two views can be set side by side."""

    def statement_for(self, respondent: str) -> str:
        """The wording the respondent (``mentee`` or ``mentor``) answers."""
        return self.mentor_statement if respondent == "mentor" else self.statement


_D, _T = TrustDimension, TrustType

ITEMS: tuple[QuestionnaireItem, ...] = (
    QuestionnaireItem(
        "competence_1", _D.COMPETENCE, _T.COGNITIVE,
        "My mentor's advice is practical and relevant to my work.",
        "My mentee finds my advice practical and relevant to their work.",
    ),
    QuestionnaireItem(
        "competence_2", _D.COMPETENCE, _T.COGNITIVE,
        "My mentor knows our field well and keeps up to date.",
        "My mentee can rely on my knowing our field well and keeping up to date.",
    ),
    QuestionnaireItem(
        "competence_3", _D.COMPETENCE, _T.COGNITIVE,
        "My mentor understands my situation when giving feedback.",
        "My mentee feels I understand their situation when I give feedback.",
    ),
    QuestionnaireItem(
        "integrity_1", _D.INTEGRITY, _T.COGNITIVE,
        "My mentor is honest and open with me.",
        "My mentee finds me honest and open with them.",
    ),
    QuestionnaireItem(
        "integrity_2", _D.INTEGRITY, _T.BEHAVIORAL,
        "My mentor keeps what I share in confidence.",
        "My mentee can trust me to keep what they share in confidence.",
    ),
    QuestionnaireItem(
        "integrity_3", _D.INTEGRITY, _T.BEHAVIORAL,
        "My mentor does what they say they will do.",
        "My mentee can count on me to do what I say I will do.",
    ),
    QuestionnaireItem(
        "benevolence_1", _D.BENEVOLENCE, _T.AFFECTIVE,
        "My mentor listens to me and takes my concerns seriously.",
        "My mentee feels I listen to them and take their concerns seriously.",
    ),
    QuestionnaireItem(
        "benevolence_2", _D.BENEVOLENCE, _T.AFFECTIVE,
        "My mentor genuinely cares about my growth.",
        "My mentee knows I genuinely care about their growth.",
    ),
    QuestionnaireItem(
        "benevolence_3", _D.BENEVOLENCE, _T.AFFECTIVE,
        "My mentor encourages me when things are hard.",
        "My mentee feels encouraged by me when things are hard.",
    ),
    QuestionnaireItem(
        "loyalty_1", _D.LOYALTY, _T.AFFECTIVE,
        "My mentor speaks up for my career development.",
        "My mentee can count on me to speak up for their career development.",
    ),
    QuestionnaireItem(
        "loyalty_2", _D.LOYALTY, _T.BEHAVIORAL,
        "My mentor stands by me when challenges arise.",
        "My mentee knows I stand by them when challenges arise.",
    ),
    QuestionnaireItem(
        "loyalty_3", _D.LOYALTY, _T.AFFECTIVE,
        "My mentor acts in my interest, not their own.",
        "My mentee sees that I act in their interest, not my own.",
    ),
)

ITEMS_BY_CODE: dict[str, QuestionnaireItem] = {item.code: item for item in ITEMS}
ITEM_CODES: tuple[str, ...] = tuple(item.code for item in ITEMS)
