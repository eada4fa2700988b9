import pytest

from madang.core.numbers import BIGINT_MAX, parse_int
from madang.core.services import DomainError

FULL_WIDTH = "숫자는 0~9로 입력하세요. 전각 숫자(１２３)나 다른 문자의 숫자는 쓸 수 없습니다."
NOT_A_NUMBER = "숫자만 입력하세요. 예: 120, 1,000 (쉼표는 세 자리마다)."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("123", 123),
        (" 1,000 ", 1000),
        ("12,345,678", 12_345_678),
        ("120명", 120),
        ("2010년", 2010),
        ("3 곳", 3),
        ("-5", -5),
        ("0", 0),
        (42, 42),
        (2010.0, 2010),
        (str(BIGINT_MAX), BIGINT_MAX),
    ],
)
def test_accepted(value, expected):
    assert parse_int(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("１２３", FULL_WIDTH),  # full-width digits
        ("١٢٣", FULL_WIDTH),  # Arabic-Indic digits
        ("²", FULL_WIDTH),  # superscript: isdigit() but not a number to int()
        ("1,00", NOT_A_NUMBER),  # commas out of place
        ("1,0000", NOT_A_NUMBER),
        ("1.5", NOT_A_NUMBER),
        ("1e3", NOT_A_NUMBER),
        ("", NOT_A_NUMBER),
        ("많음", NOT_A_NUMBER),
        ("+5", NOT_A_NUMBER),
        (True, NOT_A_NUMBER),
        (1.5, NOT_A_NUMBER),
    ],
)
def test_refused_with_a_korean_message(value, message):
    with pytest.raises(DomainError) as excinfo:
        parse_int(value)
    assert excinfo.value.message == message
    assert excinfo.value.code == "invalid_number"


def test_bounds_and_the_64_bit_range():
    assert parse_int("1900", min=1900, max=2100) == 1900
    with pytest.raises(DomainError) as low:
        parse_int("1899", min=1900, max=2100)
    assert low.value.message == "1900 이상인 숫자를 입력하세요." and low.value.code == "out_of_range"
    with pytest.raises(DomainError) as high:
        parse_int("10,000,001", max=10_000_000)
    assert high.value.message == "10,000,000 이하인 숫자를 입력하세요."
    with pytest.raises(DomainError) as huge:
        parse_int("9223372036854775808")  # one past the database's bigint
    assert huge.value.code == "out_of_range"
    with pytest.raises(DomainError):
        parse_int("9" * 5000)  # long text never reaches int()
