"""A tiers rule on a ratio indicator names its thresholds as percentages, as the Decision writes them (≥ 90 %)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicator_index import BestOf, Label, Part, SumOf, Tier, Tiers, load_ruleset
from indicator_index._model import _indicator_labels
from indicator_index._rules import Names, TypedLabel


D = Decimal
SHARE = Label(vi="Tỷ lệ hồ sơ trễ hạn", en="Share of late files")
COUNT = Label(vi="Số ứng dụng", en="Applications")
TYPED: Names = {"late": TypedLabel(SHARE, "ratio"), "apps": TypedLabel(COUNT, "count")}.get


class TestBundledRulesets:
    """The bundled rulesets' ratio tiers, thresholds checked by hand against their TOML (0.9/0.6/0.3 and 0.02/0.01/0.005)."""

    PORTAL_VI = "bậc theo «Tỷ lệ dịch vụ công trực tuyến tích hợp Cổng Dịch vụ công quốc gia»: ≥ 90 % → 3, ≥ 60 % → 2, ≥ 30 % → 1; còn lại → 0"
    PORTAL_EN = "tiers on «Share of online services integrated with the National Public Service Portal»: ≥ 90 % → 3, ≥ 60 % → 2, ≥ 30 % → 1; otherwise → 0"
    SPENDING_VI = "bậc theo «Tỷ lệ chi cho chuyển đổi số trên tổng chi thường xuyên»: ≥ 2 % → 3, ≥ 1 % → 2, ≥ 0,5 % → 1; còn lại → 0"
    SPENDING_EN = "tiers on «Digital-transformation spending as a share of recurrent spending»: ≥ 2 % → 3, ≥ 1 % → 2, ≥ 0.5 % → 1; otherwise → 0"

    def test_448_criterion_3_5(self) -> None:
        """448's 3.5 reads ≥ 90 % / 60 % / 30 %, in both languages."""
        ruleset = load_ruleset("danang-448-2022")
        assert ruleset.indicator("national_portal_share").type == "ratio"
        assert ruleset.describe_rule("3.5", "vi") == self.PORTAL_VI
        assert ruleset.describe_rule("3.5", "en") == self.PORTAL_EN

    def test_2386_criterion_2_3(self) -> None:
        """2386's 2.3 reads ≥ 2 % / 1 % / 0.5 %, the fractional percent with a decimal comma in Vietnamese."""
        ruleset = load_ruleset("danang-2386-2025")
        assert ruleset.describe_rule("2.3", "vi") == self.SPENDING_VI
        assert ruleset.describe_rule("2.3", "en") == self.SPENDING_EN

    def test_the_id_form_is_unchanged(self) -> None:
        """Without names (the form a ruleset diff compares) the thresholds stay the ruleset's decimals."""
        rule = load_ruleset("danang-448-2022").criterion("3.5").rule
        text = rule.describe(D(3))
        assert text.en == "tiers on national_portal_share: ≥ 0.9 → 3, ≥ 0.6 → 2, ≥ 0.3 → 1; otherwise → 0"
        assert text.vi == "bậc theo national_portal_share: ≥ 0,9 → 3, ≥ 0,6 → 2, ≥ 0,3 → 1; còn lại → 0"

    def test_the_lookup_tells_the_type_and_options_stay_labels(self) -> None:
        """The rulesets' lookup gives an indicator's label with its type; an option's label is a plain label."""
        ruleset = load_ruleset("danang-448-2022")
        names = _indicator_labels(ruleset)
        found = names("national_portal_share")
        assert isinstance(found, TypedLabel)
        assert (found.type, found.text("en")) == ("ratio", ruleset.indicator("national_portal_share").label.en)
        choice = next(i for i in ruleset.indicators if i.options)
        option = names(f"{choice.id}:{choice.options[0].id}")
        assert option == choice.options[0].label
        assert names("no_such_indicator") is None


class TestTiersOnARatio:
    """Each form of a tiers rule on a ratio; other indicators and plain labels as before."""

    @pytest.mark.parametrize(
        ("tiers", "vi", "en"),
        [
            (
                (Tier(at_most=D("0.05"), points=D(2)), Tier(at_most=D("0.125"), points=D(1))),
                "bậc theo «Tỷ lệ hồ sơ trễ hạn»: ≤ 5 % → 2, ≤ 12,5 % → 1; còn lại → 0",
                "tiers on «Share of late files»: ≤ 5 % → 2, ≤ 12.5 % → 1; otherwise → 0",
            ),
            (
                (Tier(at_least=D(1), points=D("1.5")), Tier(at_least=D("0.0005"), points=D("0.25")), Tier(at_least=D(0), points=D(0))),
                "bậc theo «Tỷ lệ hồ sơ trễ hạn»: ≥ 100 % → 1,5, ≥ 0,05 % → 0,25, ≥ 0 % → 0; còn lại → 0",
                "tiers on «Share of late files»: ≥ 100 % → 1.5, ≥ 0.05 % → 0.25, ≥ 0 % → 0; otherwise → 0",
            ),
            (
                (Tier(at_least=D("0.90"), points=D(3)),),  # trailing zeros of the ruleset's decimal are not shown
                "bậc theo «Tỷ lệ hồ sơ trễ hạn»: ≥ 90 % → 3; còn lại → 0",
                "tiers on «Share of late files»: ≥ 90 % → 3; otherwise → 0",
            ),
        ],
        ids=["at_most", "fractions-and-edges", "trailing-zero"],
    )
    def test_thresholds_as_percentages_points_as_they_are(self, tiers: tuple[Tier, ...], vi: str, en: str) -> None:
        """≥ and ≤ thresholds ×100 with a %, exactly; points (including fractional ones) stay as written."""
        text = Tiers(indicator="late", tiers=tiers).describe(D(3), TYPED)
        assert (text.vi, text.en) == (vi, en)

    def test_a_count_keeps_its_thresholds(self) -> None:
        """A count's tiers are not percentages."""
        text = Tiers(indicator="apps", tiers=(Tier(at_least=D(5), points=D(2)), Tier(at_least=D("0.5"), points=D(1)))).describe(D(2), TYPED)
        assert text.en == "tiers on «Applications»: ≥ 5 → 2, ≥ 0.5 → 1; otherwise → 0"
        assert text.vi == "bậc theo «Số ứng dụng»: ≥ 5 → 2, ≥ 0,5 → 1; còn lại → 0"

    def test_a_plain_label_or_an_unknown_id_keeps_the_thresholds(self) -> None:
        """A lookup giving labels without a type (or not knowing the id) leaves the thresholds as written."""
        rule = Tiers(indicator="late", tiers=(Tier(at_least=D("0.9"), points=D(1)),))
        assert rule.describe(D(1), {"late": SHARE}.get).en == "tiers on «Share of late files»: ≥ 0.9 → 1; otherwise → 0"
        assert rule.describe(D(1), {}.get).en == "tiers on late: ≥ 0.9 → 1; otherwise → 0"

    def test_parts_of_sums_and_alternatives(self) -> None:
        """A tiers part of a sum or a best-of reads its ratio thresholds as percentages too; the id form does not."""
        part = Part(id="late", max_points=D(2), rule=Tiers(indicator="late", tiers=(Tier(at_most=D("0.1"), points=D(2)),)))
        apps = Part(id="apps", max_points=D(2), rule=Tiers(indicator="apps", tiers=(Tier(at_least=D(3), points=D(2)),)))
        total = SumOf(parts=(part, apps)).describe(D(4), TYPED)
        assert total.en == "sum: [tiers on «Share of late files»: ≤ 10 % → 2; otherwise → 0] + [tiers on «Applications»: ≥ 3 → 2; otherwise → 0]"
        best = BestOf(alternatives=(part, apps)).describe(D(2), TYPED)
        assert best.vi == (
            "cao nhất trong các phương án: [bậc theo «Tỷ lệ hồ sơ trễ hạn»: ≤ 10 % → 2; còn lại → 0] | [bậc theo «Số ứng dụng»: ≥ 3 → 2; còn lại → 0]"
        )
        assert SumOf(parts=(part,)).describe(D(2)).en == "sum: [late: tiers on late: ≤ 0.1 → 2; otherwise → 0]"
