#!/usr/bin/env python3
"""Reference results for pmo's money arithmetic (lib/util/money.c), computed
with Python's decimal module: tests/test_money.c runs this script and checks
every line against the C code.

    python3 tests/money_ref.py SEED COUNT

Each line: OP MINOR ROUNDING ARG... EXPECTED, fields separated by tabs;
EXPECTED is ERR where pmo must refuse (out of range, division by zero,
a malformed amount)."""
import random
import sys
from decimal import Decimal, getcontext, ROUND_HALF_UP, ROUND_HALF_EVEN

getcontext().prec = 120
MAX = 10**18 - 1
ROUND = {"half-up": ROUND_HALF_UP, "half-even": ROUND_HALF_EVEN}


def amount(rng):
    """A random amount in minor units: every magnitude, halves, the edges."""
    kind = rng.random()
    if kind < 0.05:
        v = rng.choice([0, 1, 5, 50, 500, MAX, MAX - 1, 10**15, 10**17])
    elif kind < 0.15:
        v = rng.randrange(0, MAX + 1)
    else:
        v = rng.randrange(0, 10 ** rng.randint(1, 16))
    return -v if rng.random() < 0.3 else v


def money_text(v, minor):
    sign = "-" if v < 0 else ""
    v = abs(v)
    if minor == 0:
        return sign + str(v)
    s = str(v).rjust(minor + 1, "0")
    return sign + s[:-minor] + "." + s[-minor:]


def grouped(v, minor):
    t = money_text(v, minor)
    sign = "-" if t.startswith("-") else ""
    t = t.lstrip("-")
    whole, _, frac = t.partition(".")
    g = "{:,}".format(int(whole))
    return sign + g + ("." + frac if frac else "")


def factor(rng):
    scale = rng.randint(0, 18)
    digits = rng.randint(1, 18)
    mant = rng.randrange(0, 10**digits)
    if rng.random() < 0.2:
        mant = 5 * 10 ** rng.randint(0, 17)  # a half somewhere
    if rng.random() < 0.3:
        mant = -mant
    return Decimal(mant).scaleb(-scale), mant, scale


def dec_text(mant, scale):
    sign = "-" if mant < 0 else ""
    s = str(abs(mant)).rjust(scale + 1, "0")
    return sign + (s[:-scale] + "." + s[-scale:] if scale else s)


def quant(d, minor, rounding):
    return int((d.scaleb(minor)).quantize(Decimal(1), rounding=ROUND[rounding]))


def line(rng):
    minor = rng.choice([0, 2, 2, 2, 3])
    rounding = rng.choice(["half-up", "half-even"])
    op = rng.choice(["parse", "add", "sub", "mul", "muldiv", "ratio", "format", "cmp"])
    a = amount(rng)
    out = [op, str(minor), rounding]
    if op == "parse":
        text = money_text(a, minor)
        r = rng.random()
        if r < 0.1:
            text = text + "e3"
            want = "ERR"
        elif r < 0.2 and abs(a) >= 1000 * 10**minor:
            whole, dot, frac = text.lstrip("-").partition(".")
            text = ("-" if a < 0 else "") + "{:,}".format(int(whole)) + dot + frac
            want = "ERR"
        else:
            if r < 0.3:
                text = text + ("5" if "." in text else ".5")
            elif r < 0.4 and "." in text and text.endswith("0"):
                text = text[:-1]  # fewer decimals than the currency has
            d = Decimal(text)
            if d.as_tuple().exponent < -minor or abs(int(d.scaleb(minor))) > MAX:
                want = "ERR"
            else:
                want = str(int(d.scaleb(minor)))
        out += [text, want]
    elif op in ("add", "sub", "cmp"):
        b = amount(rng)
        if op == "cmp":
            r = (a > b) - (a < b)
        else:
            r = a + b if op == "add" else a - b
        out += [str(a), str(b), str(r) if op == "cmp" or abs(r) <= MAX else "ERR"]
    elif op == "mul":
        f, mant, scale = factor(rng)
        r = quant(Decimal(a).scaleb(-minor) * f, minor, rounding)
        out += [str(a), str(mant), str(scale), str(r) if abs(r) <= MAX else "ERR"]
    elif op == "muldiv":
        num = rng.randrange(-10**rng.randint(1, 18), 10**rng.randint(1, 18))
        den = rng.randrange(-10**rng.randint(1, 18), 10**rng.randint(1, 18))
        if rng.random() < 0.02:
            den = 0
        if den == 0:
            want = "ERR"
        else:
            r = int((Decimal(a) * num / den).quantize(Decimal(1), rounding=ROUND[rounding]))
            want = str(r) if abs(r) <= MAX else "ERR"
        out += [str(a), str(num), str(den), want]
    elif op == "ratio":
        b = amount(rng)
        if rng.random() < 0.3 and a != 0:
            b = a * rng.choice([2, 3, 4, 8, 9, 7]) + rng.randint(-3, 3)
        places = rng.randint(0, 9)
        if b == 0:
            want = "ERR"
        else:
            q = int((Decimal(a) / b).scaleb(places).quantize(Decimal(1), rounding=ROUND[rounding]))
            want = str(q) if abs(q) <= 2**63 - 1 else "ERR"
        out += [str(a), str(b), str(places), want]
    else:  # format
        out += [str(a), money_text(a, minor) + "|" + grouped(a, minor)]
    return "\t".join(out)


def muldiv2_line(rng):
    """a × n1 × n2 / (d1 × d2): products far beyond 128 bits, halves."""
    minor = rng.choice([0, 2, 3])
    rounding = rng.choice(["half-up", "half-even"])
    a = amount(rng)
    n = [rng.randrange(-10**rng.randint(1, 18), 10**rng.randint(1, 18)) for _ in range(4)]
    if rng.random() < 0.2:
        n[2] = 2 * n[3] or 2  # a half: x / 2 with x odd
        n[0], n[1] = rng.choice([1, 3, 5, 7]), 1
    if rng.random() < 0.02:
        n[rng.choice([2, 3])] = 0
    if n[2] == 0 or n[3] == 0:
        want = "ERR"
    else:
        r = int((Decimal(a) * n[0] * n[1] / (Decimal(n[2]) * n[3])).quantize(Decimal(1), rounding=ROUND[rounding]))
        want = str(r) if abs(r) <= MAX else "ERR"
    return "\t".join(["muldiv2", str(minor), rounding, str(a)] + [str(v) for v in n] + [want])


def main():
    """SEED COUNT [muldiv2]: the mixed operations, or a × n1 × n2 / (d1 × d2) only."""
    seed, count = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    make = muldiv2_line if sys.argv[3:] == ["muldiv2"] else line
    w = sys.stdout.write
    for _ in range(count):
        w(make(rng) + "\n")


if __name__ == "__main__":
    main()
