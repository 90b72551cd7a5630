"""Tests for ``indicator_index._text``: Unicode normalisation and Vietnamese alphabetical order."""

from __future__ import annotations

import unicodedata

import pytest

from indicator_index._text import Collated, nfc, vietnamese_key


def _sorted(words: list[str]) -> list[str]:
    return sorted(words, key=vietnamese_key)


class TestVietnameseKey:
    """Tests for ``vietnamese_key``, the sort key for agency names."""

    def test_d_with_stroke_after_d(self) -> None:
        """Đ is its own letter, right after D and before E, not after Z as code points put it."""
        words = ["Đông Giang", "Zê", "Điện Bàn", "Duy Xuyên", "Ea Súp"]
        assert _sorted(words) == ["Duy Xuyên", "Điện Bàn", "Đông Giang", "Ea Súp", "Zê"]
        assert sorted(words) == ["Duy Xuyên", "Ea Súp", "Zê", "Điện Bàn", "Đông Giang"]

    def test_vowel_letters(self) -> None:
        """a < ă < â, e < ê, o < ô < ơ, u < ư: the marked vowels are letters of their own."""
        assert _sorted(["Bn", "Ân", "Ăn", "An"]) == ["An", "Ăn", "Ân", "Bn"]
        assert _sorted(["Ư", "U", "Ơ", "Ô", "O", "Ê", "E"]) == ["E", "Ê", "O", "Ô", "Ơ", "U", "Ư"]

    def test_tone_order(self) -> None:
        """Words with the same letters follow the tones: level, grave, hook, tilde, acute, dot below."""
        assert _sorted(["Họa", "Hóa", "Hõa", "Hỏa", "Hòa", "Hoa"]) == ["Hoa", "Hòa", "Hỏa", "Hõa", "Hóa", "Họa"]
        assert _sorted(["Quáng", "Quãng", "Quang", "Quảng"]) == ["Quang", "Quảng", "Quãng", "Quáng"]

    def test_letters_before_tones(self) -> None:
        """Letters decide first and tones only break ties: Hóa comes before Hoan (code points put it after)."""
        assert _sorted(["Hoan", "Hóa", "Hoa"]) == ["Hoa", "Hóa", "Hoan"]
        assert sorted(["Hoan", "Hóa", "Hoa"]) == ["Hoa", "Hoan", "Hóa"]

    def test_shorter_first_and_words(self) -> None:
        """A name sorts before the longer names it starts, and words compare one by one."""
        assert _sorted(["Hòa Vang", "Hòa Khánh", "Hòa"]) == ["Hòa", "Hòa Khánh", "Hòa Vang"]

    def test_da_nang_districts(self) -> None:
        """The districts of Da Nang sort as a Vietnamese reader expects."""
        districts = ["Thanh Khê", "Sơn Trà", "Ngũ Hành Sơn", "Liên Chiểu", "Hòa Vang", "Hải Châu", "Cẩm Lệ"]
        assert _sorted(districts) == ["Cẩm Lệ", "Hải Châu", "Hòa Vang", "Liên Chiểu", "Ngũ Hành Sơn", "Sơn Trà", "Thanh Khê"]

    def test_case_is_only_a_tie_breaker(self) -> None:
        """Upper and lower case compare alike; the text itself only breaks the tie, so the order is total."""
        assert vietnamese_key("an")[:2] == vietnamese_key("AN")[:2]
        assert _sorted(["b", "An", "am"]) == ["am", "An", "b"]
        assert sorted(["b", "An", "am"]) == ["An", "am", "b"]

    def test_digits_before_letters(self) -> None:
        """Digits sort before letters."""
        assert _sorted(["Phường A", "Phường 1"]) == ["Phường 1", "Phường A"]

    def test_numbers_in_order(self) -> None:
        """A run of digits sorts as one number: Phường 2 before Phường 10, where code points put '10' first."""
        wards = ["Phường 10", "Phường 2", "Phường 1", "Phường 11"]
        assert _sorted(wards) == ["Phường 1", "Phường 2", "Phường 10", "Phường 11"]
        assert sorted(wards) == ["Phường 1", "Phường 10", "Phường 11", "Phường 2"]

    def test_normalisation_does_not_matter(self) -> None:
        """A decomposed (NFD) name sorts where its composed (NFC) form does."""
        names = ["Đà Nẵng", "Hòa Vang", "Hải Châu", "Sơn Trà", "Quảng Nam"]
        decomposed = [unicodedata.normalize("NFD", n) for n in names]
        assert [unicodedata.normalize("NFC", n) for n in _sorted(decomposed)] == _sorted(names)
        assert all(vietnamese_key(d)[:2] == vietnamese_key(n)[:2] for d, n in zip(decomposed, names, strict=True))

    def test_deterministic(self) -> None:
        """The order does not depend on the input order."""
        names = ["Hỏa", "Hoa", "Đà", "Da", "Hòa", "an", "An"]
        assert _sorted(names) == _sorted(list(reversed(names)))


class TestNfc:
    """Tests for ``nfc``, the normaliser of ids and names read from files."""

    @pytest.mark.parametrize("text", ["Hòa Vang", "Đề án", "Quảng Nam", "Ứng dụng"])
    def test_composes(self, text: str) -> None:
        """A decomposed string is returned composed."""
        decomposed = unicodedata.normalize("NFD", text)
        assert decomposed != text
        assert nfc(decomposed) == text

    def test_strips_blanks_and_byte_order_mark(self) -> None:
        """Surrounding white space and a leading byte-order mark are removed."""
        assert nfc("\ufeff  Hòa Vang \n") == "Hòa Vang"

    def test_keeps_inner_text(self) -> None:
        """Inner spaces and case are kept."""
        assert nfc("Sở  Y tế") == "Sở  Y tế"

    def test_idempotent(self) -> None:
        """Normalising twice changes nothing more."""
        text = unicodedata.normalize("NFD", " Điện Bàn ")
        assert nfc(nfc(text)) == nfc(text) == "Điện Bàn"


class TestCollated:
    """``Collated``: a name that sorts as ``vietnamese_key`` does, collated only when it is compared."""

    def test_sorts_as_the_key(self) -> None:
        names = ["Phường 10", "Hòa Vang", "Đà Nẵng", "Hoa", "Phường 2", "Dân", "an", "AN"]
        assert [c.text for c in sorted(Collated(n) for n in names)] == sorted(names, key=vietnamese_key)

    def test_collated_only_when_compared(self) -> None:
        """In a sort by rank first, a name whose rank does not tie is never collated."""
        keys = [(1, Collated("Hòa Vang")), (2, Collated("Đà Nẵng")), (2, Collated("Dân"))]
        ordered = sorted(keys)
        assert [k[1].text for k in ordered] == ["Hòa Vang", "Dân", "Đà Nẵng"]
        assert keys[0][1]._key is None
        assert keys[1][1]._key is not None
        assert Collated("a") == Collated("a")
        assert Collated("a") != "a"
