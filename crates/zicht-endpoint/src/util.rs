//! Small helpers: time formatting, receipts, a seeded generator.

use zicht_core::calendar::rfc3339_from_ms;

/// Now as RFC 3339 UTC with milliseconds.
pub fn now_rfc3339() -> String {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0);
    rfc3339_from_ms(ms)
}

/// A receipt: unguessable, so a receipt proves the endpoint issued it.
pub fn new_receipt() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 12];
    getrandom::getrandom(&mut bytes)?;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("zr-{hex}"))
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// SplitMix64: reproducible fault draws from `--fault-seed`.
pub struct SplitMix(u64);

impl SplitMix {
    pub fn new(seed: u64) -> SplitMix {
        SplitMix(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trips_through_the_core_parser() {
        for ms in [0u64, 784_111_777_500, 1_709_164_800_123, 4_102_444_799_999] {
            let s = rfc3339_from_ms(ms);
            assert_eq!(zicht_core::outbox::parse_rfc3339_ms(&s), Some(ms), "{s}");
        }
        assert_eq!(rfc3339_from_ms(0), "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn splitmix_is_uniform_enough() {
        let mut r = SplitMix::new(7);
        let n = 10_000;
        let below_half = (0..n).filter(|_| r.next_f64() < 0.5).count();
        assert!((4_500..5_500).contains(&below_half));
    }
}
