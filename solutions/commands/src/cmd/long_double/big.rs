//! Unsigned integers of any size, just enough of them to do `long double` arithmetic exactly.
//!
//! Pre-written. An 80-bit `long double` spans 2^-16445 to 2^16384, so turning one into decimal
//! digits, or decimal digits into one, needs integers of up to some 34,000 bits. Only a few
//! operations are needed: multiply by a small number, shift, compare, subtract, divide, and print
//! in decimal. Schoolbook algorithms on 64-bit limbs are plenty for numbers this size.
//!
//! How real Redis does it: it does not; glibc's `strtold` and `printf` do the same exact
//! arithmetic with their own multi-precision integers (`stdlib/mpn` in glibc).

use std::cmp::Ordering;

/// An unsigned integer: 64-bit limbs, least significant first, with no zero limb at the top.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Big {
    limbs: Vec<u64>,
}

impl Big {
    /// The number `value`.
    pub(super) fn from_u128(value: u128) -> Big {
        let mut big = Big {
            limbs: vec![value as u64, (value >> 64) as u64],
        };
        big.trim();
        big
    }

    /// 10^`exponent`.
    pub(super) fn pow10(exponent: u64) -> Big {
        let mut big = Big::from_u128(1);
        big.mul_pow10(exponent);
        big
    }

    /// `self × 10^exponent`, in place.
    pub(super) fn mul_pow10(&mut self, exponent: u64) {
        const TEN_TO_19: u64 = 10_000_000_000_000_000_000;
        for _ in 0..exponent / 19 {
            self.mul_small(TEN_TO_19);
        }
        self.mul_small(10u64.pow((exponent % 19) as u32));
    }

    /// Whether this is 0.
    pub(super) fn is_zero(&self) -> bool {
        self.limbs.is_empty()
    }

    /// How many bits it takes: 0 for 0, 1 for 1, 64 for `u64::MAX`.
    pub(super) fn bit_len(&self) -> u64 {
        match self.limbs.last() {
            None => 0,
            Some(top) => self.limbs.len() as u64 * 64 - u64::from(top.leading_zeros()),
        }
    }

    /// Bit `index` (0 is the least significant).
    pub(super) fn bit(&self, index: u64) -> bool {
        let limb = (index / 64) as usize;
        self.limbs
            .get(limb)
            .is_some_and(|&value| value >> (index % 64) & 1 == 1)
    }

    /// Whether any bit below `index` is set.
    pub(super) fn any_bit_below(&self, index: u64) -> bool {
        let whole = ((index / 64) as usize).min(self.limbs.len());
        if self.limbs[..whole].iter().any(|&limb| limb != 0) {
            return true;
        }
        let partial = index % 64;
        partial > 0
            && self
                .limbs
                .get(whole)
                .is_some_and(|&limb| limb & ((1u64 << partial) - 1) != 0)
    }

    /// The 64 bits from bit `shift` up: `(self >> shift) as u64`, for a number below 2^(shift+64).
    pub(super) fn bits_from(&self, shift: u64) -> u64 {
        let limb = (shift / 64) as usize;
        let offset = shift % 64;
        let low = self.limbs.get(limb).copied().unwrap_or(0);
        let high = self.limbs.get(limb + 1).copied().unwrap_or(0);
        if offset == 0 {
            low
        } else {
            (low >> offset) | (high << (64 - offset))
        }
    }

    /// `self * factor`, in place.
    pub(super) fn mul_small(&mut self, factor: u64) {
        let mut carry = 0u128;
        for limb in &mut self.limbs {
            let product = u128::from(*limb) * u128::from(factor) + carry;
            *limb = product as u64;
            carry = product >> 64;
        }
        if carry > 0 {
            self.limbs.push(carry as u64);
        }
        self.trim();
    }

    /// `self + addend`, in place.
    pub(super) fn add_small(&mut self, addend: u64) {
        let mut carry = addend;
        for limb in &mut self.limbs {
            if carry == 0 {
                return;
            }
            let (sum, overflow) = limb.overflowing_add(carry);
            *limb = sum;
            carry = u64::from(overflow);
        }
        if carry > 0 {
            self.limbs.push(carry);
        }
    }

    /// `self << bits`.
    pub(super) fn shl(&self, bits: u64) -> Big {
        if self.is_zero() {
            return Big::default();
        }
        let whole = (bits / 64) as usize;
        let offset = bits % 64;
        let mut limbs = vec![0u64; whole];
        limbs.reserve(self.limbs.len() + 1);
        let mut carry = 0u64;
        for &limb in &self.limbs {
            if offset == 0 {
                limbs.push(limb);
            } else {
                limbs.push((limb << offset) | carry);
                carry = limb >> (64 - offset);
            }
        }
        limbs.push(carry);
        let mut big = Big { limbs };
        big.trim();
        big
    }

    /// `self + other`.
    pub(super) fn add(&self, other: &Big) -> Big {
        let (long, short) = if self.limbs.len() >= other.limbs.len() {
            (self, other)
        } else {
            (other, self)
        };
        let mut limbs = Vec::with_capacity(long.limbs.len() + 1);
        let mut carry = false;
        for (index, &limb) in long.limbs.iter().enumerate() {
            let (sum, first) = limb.overflowing_add(short.limbs.get(index).copied().unwrap_or(0));
            let (sum, second) = sum.overflowing_add(u64::from(carry));
            limbs.push(sum);
            carry = first || second;
        }
        if carry {
            limbs.push(1);
        }
        Big { limbs }
    }

    /// `self - other`, in place, for `other <= self`.
    pub(super) fn sub_assign(&mut self, other: &Big) {
        debug_assert!(*other <= *self, "Big::sub_assign would go below zero");
        let mut borrow = false;
        for (index, limb) in self.limbs.iter_mut().enumerate() {
            let (difference, first) =
                limb.overflowing_sub(other.limbs.get(index).copied().unwrap_or(0));
            let (difference, second) = difference.overflowing_sub(u64::from(borrow));
            *limb = difference;
            borrow = first || second;
        }
        self.trim();
    }

    /// `(self / divisor, self % divisor)` for a quotient below 2^128: long division, one bit of
    /// the quotient at a time.
    pub(super) fn div_rem(&self, divisor: &Big) -> (u128, Big) {
        debug_assert!(!divisor.is_zero(), "division by zero");
        let mut remainder = self.clone();
        let mut quotient = 0u128;
        let quotient_bits = (self.bit_len() + 1).saturating_sub(divisor.bit_len());
        debug_assert!(quotient_bits <= 128, "the quotient must fit in a u128");
        for bit in (0..quotient_bits).rev() {
            let shifted = divisor.shl(bit);
            if shifted <= remainder {
                remainder.sub_assign(&shifted);
                quotient |= 1 << bit;
            }
        }
        (quotient, remainder)
    }

    /// The number in decimal, without leading zeros ("0" for 0).
    pub(super) fn to_decimal(&self) -> String {
        const TEN_TO_19: u64 = 10_000_000_000_000_000_000;
        let mut rest = self.clone();
        let mut chunks = Vec::new();
        while !rest.is_zero() {
            chunks.push(rest.div_rem_small(TEN_TO_19));
        }
        let mut text = chunks.pop().unwrap_or(0).to_string();
        for chunk in chunks.iter().rev() {
            text.push_str(&format!("{chunk:019}"));
        }
        text
    }

    /// `self / divisor` in place; returns the remainder.
    fn div_rem_small(&mut self, divisor: u64) -> u64 {
        let mut remainder = 0u128;
        for limb in self.limbs.iter_mut().rev() {
            let current = (remainder << 64) | u128::from(*limb);
            *limb = (current / u128::from(divisor)) as u64;
            remainder = current % u128::from(divisor);
        }
        self.trim();
        remainder as u64
    }

    /// Drops zero limbs from the top, so that equal numbers have equal limbs.
    fn trim(&mut self) {
        while self.limbs.last() == Some(&0) {
            self.limbs.pop();
        }
    }
}

impl PartialOrd for Big {
    fn partial_cmp(&self, other: &Big) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Big {
    fn cmp(&self, other: &Big) -> Ordering {
        self.limbs
            .len()
            .cmp(&other.limbs.len())
            .then_with(|| self.limbs.iter().rev().cmp(other.limbs.iter().rev()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn powers_of_ten_print_in_decimal() {
        assert_eq!(Big::pow10(0).to_decimal(), "1");
        assert_eq!(Big::pow10(19).to_decimal(), format!("1{}", "0".repeat(19)));
        assert_eq!(
            Big::pow10(100).to_decimal(),
            format!("1{}", "0".repeat(100))
        );
        assert_eq!(Big::default().to_decimal(), "0");
    }

    #[test]
    fn shifts_bits_and_division_agree_with_u128() {
        let n = Big::from_u128(0x1234_5678_9abc_def0_1122_3344_5566_7788);
        assert_eq!(n.shl(4).bits_from(4), 0x1122_3344_5566_7788);
        assert_eq!(n.shl(100).bits_from(164), 0x1234_5678_9abc_def0);
        assert_eq!(n.bit_len(), 125);
        assert!(n.bit(3) && !n.bit(0));
        assert!(n.any_bit_below(4) && !n.any_bit_below(3));
        let (quotient, remainder) = n.div_rem(&Big::from_u128(1_000_003));
        let m = 0x1234_5678_9abc_def0_1122_3344_5566_7788u128;
        assert_eq!(quotient, m / 1_000_003);
        assert_eq!(remainder, Big::from_u128(m % 1_000_003));
        let mut sum = n.add(&n);
        sum.sub_assign(&n);
        assert_eq!(sum, n);
    }
}
