//! Unsigned big integers sized at run time, and Montgomery arithmetic modulo an odd number: the
//! one integer type under RSA (moduli of 1024 to 8192 bits) and the P-256/P-384 fields and
//! scalars.
//!
//! Limbs are `u32` with `u64` products: wasm32 multiplies 64-bit integers natively, while a
//! `u64`-limb design would need 128-bit products, which wasm32 emulates in software.
//! Multiplication is schoolbook, division is Knuth's Algorithm D (TAOCP vol. 2 §4.3.1), modular
//! multiplication is Montgomery's (CIOS, Koç, Acar and Kaliski, "Analyzing and Comparing
//! Montgomery Multiplication Algorithms", 1996) and exponentiation uses a fixed 4-bit window.
//! Every operation takes time that depends on its operands (see the module doc of `crypto`).

use core::cmp::Ordering;

/// A non-negative integer: little-endian 32-bit limbs without leading zero limbs (zero has none),
/// so equal numbers have equal representations.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Uint(Vec<u32>);

impl core::fmt::Debug for Uint {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("0x")?;
        for b in self.to_be_bytes() {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl Ord for Uint {
    fn cmp(&self, other: &Uint) -> Ordering {
        self.0.len().cmp(&other.0.len()).then_with(|| cmp_limbs(&self.0, &other.0))
    }
}

impl PartialOrd for Uint {
    fn partial_cmp(&self, other: &Uint) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Compares two limb slices of the same length, most significant limb first.
pub(crate) fn cmp_limbs(a: &[u32], b: &[u32]) -> Ordering {
    a.iter().rev().cmp(b.iter().rev())
}

/// `a += b` over equal lengths; returns the carry out.
pub(crate) fn add_limbs(a: &mut [u32], b: &[u32]) -> bool {
    let mut carry = 0u64;
    for (x, &y) in a.iter_mut().zip(b) {
        let t = *x as u64 + y as u64 + carry;
        *x = t as u32;
        carry = t >> 32;
    }
    carry != 0
}

/// `a -= b` over equal lengths; returns the borrow out.
pub(crate) fn sub_limbs(a: &mut [u32], b: &[u32]) -> bool {
    let mut borrow = 0u64;
    for (x, &y) in a.iter_mut().zip(b) {
        let t = (*x as u64).wrapping_sub(y as u64).wrapping_sub(borrow);
        *x = t as u32;
        borrow = t >> 63;
    }
    borrow != 0
}

impl Uint {
    fn normalized(mut limbs: Vec<u32>) -> Uint {
        while limbs.last() == Some(&0) {
            limbs.pop();
        }
        Uint(limbs)
    }

    pub fn from_u32(v: u32) -> Uint {
        Uint::normalized(vec![v])
    }

    pub fn one() -> Uint {
        Uint(vec![1])
    }

    /// Big-endian bytes, leading zeros allowed (OS2IP, RFC 8017 §4.2).
    pub fn from_be_bytes(bytes: &[u8]) -> Uint {
        let limbs = bytes.rchunks(4).map(|c| c.iter().fold(0u32, |acc, &b| (acc << 8) | b as u32)).collect();
        Uint::normalized(limbs)
    }

    /// Big-endian hex digits (constants); a non-hex character counts as zero.
    pub fn from_hex(hex: &str) -> Uint {
        let digits: Vec<u8> = hex.bytes().map(|c| (c as char).to_digit(16).unwrap_or(0) as u8).collect();
        let bytes: Vec<u8> = digits.rchunks(2).rev().map(|p| p.iter().fold(0, |acc, d| (acc << 4) | d)).collect();
        Uint::from_be_bytes(&bytes)
    }

    /// The shortest big-endian encoding (empty for zero).
    pub fn to_be_bytes(&self) -> Vec<u8> {
        let out = self.to_be_bytes_padded(self.0.len() * 4);
        let zeros = out.iter().take_while(|b| **b == 0).count();
        out[zeros..].to_vec()
    }

    /// Exactly `len` big-endian bytes (I2OSP, RFC 8017 §4.1): zero-padded on the left; callers
    /// ensure the value fits (higher bytes would be dropped).
    pub fn to_be_bytes_padded(&self, len: usize) -> Vec<u8> {
        let mut out = vec![0u8; len];
        for (i, byte) in out.iter_mut().rev().enumerate() {
            if let Some(limb) = self.0.get(i / 4) {
                *byte = (limb >> (8 * (i % 4))) as u8;
            }
        }
        out
    }

    pub fn limbs(&self) -> &[u32] {
        &self.0
    }

    pub fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    pub fn is_odd(&self) -> bool {
        self.0.first().is_some_and(|l| l & 1 == 1)
    }

    /// The number of significant bits (0 for zero).
    pub fn bits(&self) -> usize {
        match self.0.last() {
            Some(top) => 32 * self.0.len() - top.leading_zeros() as usize,
            None => 0,
        }
    }

    pub fn bit(&self, i: usize) -> bool {
        self.0.get(i / 32).is_some_and(|l| (l >> (i % 32)) & 1 == 1)
    }

    pub fn set_bit(&mut self, i: usize) {
        if self.0.len() <= i / 32 {
            self.0.resize(i / 32 + 1, 0);
        }
        self.0[i / 32] |= 1 << (i % 32);
    }

    pub fn add(&self, other: &Uint) -> Uint {
        let (long, short) = if self.0.len() >= other.0.len() { (self, other) } else { (other, self) };
        let mut out = long.0.clone();
        out.push(0);
        let mut carry = add_limbs(&mut out[..short.0.len()], &short.0);
        for limb in &mut out[short.0.len()..] {
            if !carry {
                break;
            }
            (*limb, carry) = limb.overflowing_add(1);
        }
        Uint::normalized(out)
    }

    /// `self - other`, or zero when `other` is larger (callers compare first).
    pub fn sub(&self, other: &Uint) -> Uint {
        if *self < *other {
            return Uint::default();
        }
        let mut out = self.0.clone();
        let mut borrow = sub_limbs(&mut out[..other.0.len()], &other.0);
        for limb in &mut out[other.0.len()..] {
            if !borrow {
                break;
            }
            (*limb, borrow) = limb.overflowing_sub(1);
        }
        Uint::normalized(out)
    }

    pub fn mul(&self, other: &Uint) -> Uint {
        let mut out = vec![0u32; self.0.len() + other.0.len()];
        for (i, &a) in self.0.iter().enumerate() {
            let mut carry = 0u64;
            for (o, &b) in out[i..].iter_mut().zip(&other.0) {
                let t = *o as u64 + a as u64 * b as u64 + carry;
                *o = t as u32;
                carry = t >> 32;
            }
            out[i + other.0.len()] = carry as u32;
        }
        Uint::normalized(out)
    }

    pub fn shl(&self, bits: usize) -> Uint {
        let mut out = vec![0u32; bits / 32];
        out.extend(shl_limbs(&self.0, (bits % 32) as u32));
        Uint::normalized(out)
    }

    pub fn shr(&self, bits: usize) -> Uint {
        let limbs = self.0.get(bits / 32..).unwrap_or_default();
        let s = (bits % 32) as u32;
        if s == 0 {
            return Uint(limbs.to_vec());
        }
        let out = (0..limbs.len()).map(|i| (limbs[i] >> s) | limbs.get(i + 1).map_or(0, |h| h << (32 - s))).collect();
        Uint::normalized(out)
    }

    /// `self mod d` for a one-limb divisor (the small-prime sieve). `d` must not be zero.
    pub fn rem_u32(&self, d: u32) -> u32 {
        self.0.iter().rev().fold(0u64, |r, &l| ((r << 32) | l as u64) % d.max(1) as u64) as u32
    }

    /// Quotient and remainder (Knuth, TAOCP vol. 2 §4.3.1, Algorithm D; the shape follows
    /// Hacker's Delight's `divmnu`). A zero divisor gives (0, 0): callers never divide by zero.
    pub fn divrem(&self, d: &Uint) -> (Uint, Uint) {
        if d.is_zero() {
            return (Uint::default(), Uint::default());
        }
        if *self < *d {
            return (Uint::default(), self.clone());
        }
        let n = d.0.len();
        if n == 1 {
            let v = d.0[0] as u64;
            let mut q = vec![0u32; self.0.len()];
            let mut r = 0u64;
            for (qi, &l) in q.iter_mut().zip(&self.0).rev() {
                let cur = (r << 32) | l as u64;
                *qi = (cur / v) as u32;
                r = cur % v;
            }
            return (Uint::normalized(q), Uint::from_u32(r as u32));
        }
        // D1: normalize so the divisor's top bit is set; the dividend gets one more limb.
        let s = d.0[n - 1].leading_zeros();
        let v = shl_limbs(&d.0, s);
        let v = &v[..n];
        let mut u = shl_limbs(&self.0, s);
        if u.len() == self.0.len() {
            u.push(0);
        }
        let m = u.len() - n;
        let mut q = vec![0u32; m];
        const B: u64 = 1 << 32;
        for j in (0..m).rev() {
            // D3: estimate the quotient digit from the top two limbs, correct it at most twice.
            let num = ((u[j + n] as u64) << 32) | u[j + n - 1] as u64;
            let mut qhat = num / v[n - 1] as u64;
            let mut rhat = num % v[n - 1] as u64;
            while qhat >= B || qhat * v[n - 2] as u64 > ((rhat << 32) | u[j + n - 2] as u64) {
                qhat -= 1;
                rhat += v[n - 1] as u64;
                if rhat >= B {
                    break;
                }
            }
            // D4: multiply and subtract.
            let mut k: i64 = 0;
            for i in 0..n {
                let p = qhat * v[i] as u64;
                let t = u[i + j] as i64 - k - (p & 0xffff_ffff) as i64;
                u[i + j] = t as u32;
                k = (p >> 32) as i64 - (t >> 32);
            }
            let t = u[j + n] as i64 - k;
            u[j + n] = t as u32;
            // D5-D6: the estimate was one too large (rare): add the divisor back.
            if t < 0 {
                qhat -= 1;
                let mut carry = 0u64;
                for i in 0..n {
                    let t = u[i + j] as u64 + v[i] as u64 + carry;
                    u[i + j] = t as u32;
                    carry = t >> 32;
                }
                u[j + n] = u[j + n].wrapping_add(carry as u32);
            }
            q[j] = qhat as u32;
        }
        // D8: the remainder is the low n limbs, shifted back.
        let r = if s == 0 {
            u[..n].to_vec()
        } else {
            (0..n).map(|i| (u[i] >> s) | (u[i + 1] << (32 - s))).collect()
        };
        (Uint::normalized(q), Uint::normalized(r))
    }

    pub fn rem(&self, m: &Uint) -> Uint {
        self.divrem(m).1
    }

    pub fn gcd(&self, other: &Uint) -> Uint {
        let (mut a, mut b) = (self.clone(), other.clone());
        while !b.is_zero() {
            let r = a.rem(&b);
            a = b;
            b = r;
        }
        a
    }

    /// `self⁻¹ mod m`, when `gcd(self, m) = 1` (extended Euclid). The Bézout coefficients of
    /// `self` alternate in sign, so only their magnitudes are kept: |t₍ᵢ₊₁₎| = |t₍ᵢ₋₁₎| + qᵢ·|tᵢ|,
    /// and tᵢ is positive for odd i.
    pub fn inv_mod(&self, m: &Uint) -> Option<Uint> {
        let (mut r0, mut r1) = (m.clone(), self.rem(m));
        let (mut t0, mut t1) = (Uint::default(), Uint::one());
        let mut i = 1usize;
        while !r1.is_zero() {
            let (q, r) = r0.divrem(&r1);
            let t2 = t0.add(&q.mul(&t1));
            (r0, r1, t0, t1) = (r1, r, t1, t2);
            i += 1;
        }
        if r0 != Uint::one() {
            return None;
        }
        let t = t0.rem(m);
        Some(if (i - 1) % 2 == 1 || t.is_zero() { t } else { m.sub(&t) })
    }
}

/// The limbs shifted left by `s` < 32 bits, with one more limb when bits move out of the top.
fn shl_limbs(x: &[u32], s: u32) -> Vec<u32> {
    if s == 0 {
        return x.to_vec();
    }
    let mut out = Vec::with_capacity(x.len() + 1);
    let mut carry = 0u32;
    for &l in x {
        out.push((l << s) | carry);
        carry = l >> (32 - s);
    }
    if carry != 0 {
        out.push(carry);
    }
    out
}

/// Arithmetic modulo an odd `n > 1` in Montgomery form (`x·R mod n`, R = 2^(32·limbs)).
/// Values in Montgomery form are limb vectors of exactly `n`'s length, each below `n`.
#[derive(Clone, Debug)]
pub struct Monty {
    n: Uint,
    /// −n⁻¹ mod 2³².
    n0: u32,
    /// R² mod n: multiplying by it enters Montgomery form.
    r2: Vec<u32>,
}

impl Monty {
    pub fn new(n: &Uint) -> Option<Monty> {
        if !n.is_odd() || n.bits() < 2 {
            return None;
        }
        // Newton's iteration doubles the correct low bits of the inverse: 3 → 6 → … → 48.
        let n_low = n.0[0];
        let mut inv = n_low;
        for _ in 0..4 {
            inv = inv.wrapping_mul(2u32.wrapping_sub(n_low.wrapping_mul(inv)));
        }
        let mut r2 = vec![0u32; 2 * n.0.len()];
        r2.push(1);
        let r2 = Uint::normalized(r2).rem(n);
        let mut m = Monty { n: n.clone(), n0: inv.wrapping_neg(), r2: Vec::new() };
        m.r2 = m.pad(&r2);
        Some(m)
    }

    pub fn modulus(&self) -> &Uint {
        &self.n
    }

    /// The number of limbs of a value in Montgomery form.
    pub fn width(&self) -> usize {
        self.n.0.len()
    }

    fn pad(&self, x: &Uint) -> Vec<u32> {
        let mut v = x.0.clone();
        v.resize(self.width(), 0);
        v
    }

    /// `out = a·b·R⁻¹ mod n` (CIOS with the two carry chains of the product and the reduction
    /// kept apart, so every step fits in 64 bits). `a`, `b` and `out` have `len()` limbs; `a`
    /// and `b` are below `n`.
    pub fn mul_into(&self, out: &mut [u32], a: &[u32], b: &[u32]) {
        let s = self.width();
        let (n, a, out) = (&self.n.0[..s], &a[..s], &mut out[..s]);
        out.fill(0);
        let mut top = 0u64; // the limb above out[s-1]; at most 1
        for &bi in &b[..s] {
            let bi = bi as u64;
            let t = out[0] as u64 + a[0] as u64 * bi;
            let m = (t as u32).wrapping_mul(self.n0) as u64;
            let mut c1 = t >> 32;
            let mut c2 = ((t & 0xffff_ffff) + m * n[0] as u64) >> 32;
            // Limb j of t + a·bᵢ + m·n lands in limb j − 1: the division by 2³² of this step.
            for j in 1..s {
                let t = out[j] as u64 + a[j] as u64 * bi + c1;
                c1 = t >> 32;
                let u = (t & 0xffff_ffff) + m * n[j] as u64 + c2;
                c2 = u >> 32;
                out[j - 1] = u as u32;
            }
            let t = top + c1 + c2;
            out[s - 1] = t as u32;
            top = t >> 32;
        }
        if top != 0 || cmp_limbs(out, n) != Ordering::Less {
            sub_limbs(out, n);
        }
    }

    pub fn mul(&self, a: &[u32], b: &[u32]) -> Vec<u32> {
        let mut out = vec![0u32; self.width()];
        self.mul_into(&mut out, a, b);
        out
    }

    /// `x` (any size) in Montgomery form.
    pub fn to_monty(&self, x: &Uint) -> Vec<u32> {
        let x = if *x < self.n { x.clone() } else { x.rem(&self.n) };
        self.mul(&self.pad(&x), &self.r2)
    }

    pub fn from_monty(&self, x: &[u32]) -> Uint {
        let mut one = vec![0u32; self.width()];
        one[0] = 1;
        Uint::normalized(self.mul(x, &one))
    }

    /// 1 in Montgomery form (R mod n).
    pub fn one(&self) -> Vec<u32> {
        self.to_monty(&Uint::one())
    }

    /// `base^e` with `base` and the result in Montgomery form: a fixed 4-bit window, from the
    /// most significant window down, leading zero windows skipped.
    pub fn pow_monty(&self, base: &[u32], e: &Uint) -> Vec<u32> {
        let one = self.one();
        let mut table = vec![one.clone(), base.to_vec()];
        for i in 2..16 {
            table.push(self.mul(&table[i - 1], base));
        }
        let mut acc = one;
        let mut tmp = vec![0u32; self.width()];
        let mut started = false;
        for w in (0..e.bits().div_ceil(4)).rev() {
            if started {
                for _ in 0..4 {
                    self.mul_into(&mut tmp, &acc, &acc);
                    core::mem::swap(&mut acc, &mut tmp);
                }
            }
            let digit = (0..4).fold(0, |d, b| d | (e.bit(4 * w + b) as usize) << b);
            if digit != 0 {
                self.mul_into(&mut tmp, &acc, &table[digit]);
                core::mem::swap(&mut acc, &mut tmp);
                started = true;
            }
        }
        acc
    }

    /// `base^e mod n`.
    pub fn pow(&self, base: &Uint, e: &Uint) -> Uint {
        self.from_monty(&self.pow_monty(&self.to_monty(base), e))
    }
}
