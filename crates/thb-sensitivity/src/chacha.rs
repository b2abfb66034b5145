//! Uniform draws from the ChaCha8 streams of one generator, sixteen streams at a time.
//!
//! The values are those of `rand_chacha`'s `ChaCha8Rng::seed_from_u64(seed)` switched to a
//! stream (`set_stream`) and read with `rng.random::<f64>()` from its start: uniform i is
//! `(w >> 11) · 2^-53` for the 64-bit word `w` made of 32-bit keystream words 2i (low) and
//! 2i + 1 (high), and word k is word `k mod 16` of block `k / 16` (block counter in state words
//! 12-13, stream in 14-15). Runs draw their weights from one stream each, so the runner's
//! batches hold many streams of one generator: here the sixteen lanes of each state word are
//! sixteen streams, so one pass of vector instructions computes a block of each, and only the
//! blocks the draws need are computed (`rand_chacha` computes four blocks of one stream at a
//! time). The test checks the values against `rand_chacha` bit for bit.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Streams computed together, one per lane of each state word.
pub(crate) const STREAMS: usize = 16;

/// Writes uniform i of stream `streams[s]` into `out[s * count + i]`, for `i < count`.
///
/// `out` must hold `streams.len() * count` values (the caller's invariant; extra streams or
/// values are left as they are).
pub(crate) fn uniforms(seed: u64, streams: &[u64], count: usize, out: &mut [f64]) {
    if count == 0 {
        return;
    }
    let key = key_words(seed);
    for (chunk, out) in streams.chunks(STREAMS).zip(out.chunks_mut(STREAMS * count)) {
        pulp::Arch::new().dispatch(Blocks {
            key: &key,
            streams: chunk,
            count,
            out,
        });
    }
}

/// The eight key words of the generator seeded with `seed` (`rand_core`'s `seed_from_u64`
/// expansion, little-endian words).
fn key_words(seed: u64) -> [u32; 8] {
    let bytes = ChaCha8Rng::seed_from_u64(seed).get_seed();
    let mut key = [0; 8];
    for (k, b) in key.iter_mut().zip(bytes.as_chunks::<4>().0) {
        *k = u32::from_le_bytes(*b);
    }
    key
}

/// "expand 32-byte k", the first four state words.
const CONSTANTS: [u32; 4] = [0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574];

/// One word of the state per row, one stream per lane.
type Lanes = [[u32; STREAMS]; 16];

/// [`uniforms`] for up to sixteen streams, compiled for the processor's vector instructions.
struct Blocks<'a> {
    key: &'a [u32; 8],
    streams: &'a [u64],
    count: usize,
    out: &'a mut [f64],
}

impl pulp::WithSimd for Blocks<'_> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _: S) {
        let Blocks {
            key,
            streams,
            count,
            out,
        } = self;
        let mut start: Lanes = [[0; STREAMS]; 16];
        for (w, &c) in CONSTANTS.iter().enumerate() {
            start[w] = [c; STREAMS];
        }
        for (w, &k) in key.iter().enumerate() {
            start[4 + w] = [k; STREAMS];
        }
        for (l, &stream) in streams.iter().enumerate() {
            start[14][l] = stream as u32; // ok: the stream's low word
            start[15][l] = (stream >> 32) as u32;
        }
        // eight uniforms per block of sixteen words
        for block in 0..count.div_ceil(8) {
            start[12] = [block as u32; STREAMS]; // ok: the counter's low word
            start[13] = [(block as u64 >> 32) as u32; STREAMS];
            let mut x = start;
            double_rounds(&mut x);
            // uniform i of every lane at once (the block's words 2i and 2i + 1: the rounds'
            // output plus the starting state), into each stream's row
            let first = block * 8;
            let here = (count - first).min(8);
            for i in 0..here {
                let word = |w: usize, l: usize| u64::from(x[w][l].wrapping_add(start[w][l]));
                let u: [f64; STREAMS] = std::array::from_fn(|l| {
                    let word = word(2 * i + 1, l) << 32 | word(2 * i, l);
                    (word >> 11) as f64 * TWO_POW_MINUS_53
                });
                for (row, v) in out.chunks_exact_mut(count).zip(&u[..streams.len()]) {
                    row[first + i] = *v;
                }
            }
        }
    }
}

/// 2^-53: the spacing of the uniforms.
const TWO_POW_MINUS_53: f64 = 1.0 / 9_007_199_254_740_992.0;

/// ChaCha8's four double rounds (columns, then diagonals) on every lane.
#[inline(always)]
fn double_rounds(x: &mut Lanes) {
    let [
        x0,
        x1,
        x2,
        x3,
        x4,
        x5,
        x6,
        x7,
        x8,
        x9,
        x10,
        x11,
        x12,
        x13,
        x14,
        x15,
    ] = x;
    for _ in 0..4 {
        quarter(x0, x4, x8, x12);
        quarter(x1, x5, x9, x13);
        quarter(x2, x6, x10, x14);
        quarter(x3, x7, x11, x15);
        quarter(x0, x5, x10, x15);
        quarter(x1, x6, x11, x12);
        quarter(x2, x7, x8, x13);
        quarter(x3, x4, x9, x14);
    }
}

/// The ChaCha quarter round on four state words, every lane.
#[inline(always)]
fn quarter(
    a: &mut [u32; STREAMS],
    b: &mut [u32; STREAMS],
    c: &mut [u32; STREAMS],
    d: &mut [u32; STREAMS],
) {
    for l in 0..STREAMS {
        a[l] = a[l].wrapping_add(b[l]);
        d[l] = (d[l] ^ a[l]).rotate_left(16);
        c[l] = c[l].wrapping_add(d[l]);
        b[l] = (b[l] ^ c[l]).rotate_left(12);
        a[l] = a[l].wrapping_add(b[l]);
        d[l] = (d[l] ^ a[l]).rotate_left(8);
        c[l] = c[l].wrapping_add(d[l]);
        b[l] = (b[l] ^ c[l]).rotate_left(7);
    }
}

#[cfg(test)]
mod tests {
    use super::{STREAMS, uniforms};
    use proptest::prelude::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn reference(seed: u64, stream: u64, count: usize) -> Vec<f64> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(stream);
        (0..count).map(|_| rng.random::<f64>()).collect()
    }

    proptest! {
        #[test]
        fn same_values_as_rand_chacha(
            seed in any::<u64>(),
            streams in prop::collection::vec(any::<u64>(), 1..2 * STREAMS + 3),
            count in 1..70usize,
        ) {
            let mut out = vec![f64::NAN; streams.len() * count];
            uniforms(seed, &streams, count, &mut out);
            for (s, &stream) in streams.iter().enumerate() {
                let got = &out[s * count..(s + 1) * count];
                prop_assert_eq!(got.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
                    reference(seed, stream, count).iter().map(|v| v.to_bits()).collect::<Vec<_>>());
            }
        }
    }

    #[test]
    fn beyond_the_first_blocks() {
        // 300 uniforms: 38 blocks, past the four a `rand_chacha` refill computes
        let streams = [0, 1, u64::MAX, 1 << 40];
        let mut out = vec![0.0; streams.len() * 300];
        uniforms(7, &streams, 300, &mut out);
        for (s, &stream) in streams.iter().enumerate() {
            assert_eq!(out[s * 300..(s + 1) * 300], reference(7, stream, 300)[..]);
        }
    }
}
