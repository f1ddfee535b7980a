package org.satit.ingest.source;

import java.util.SplittableRandom;

/**
 * Random streams keyed by what they describe (seed, "school", ESA code, number …), so every entity's
 * values depend only on the seed and its identity: the same school looks the same at esa, province
 * and country scale, in PostgreSQL and in MariaDB.
 */
final class Seeds {

  private Seeds() {
  }

  static SplittableRandom random(long seed, Object... key) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L);
    for (Object part : key) {
      long v = part instanceof Number n ? n.longValue() : part.toString().hashCode();
      h = mix(h ^ mix(v + 0x632BE59BD9B4E019L));
    }
    return new SplittableRandom(h);
  }

  /** SplitMix64 finaliser. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static double gaussian(SplittableRandom r) {
    // Box-Muller on the stream itself: fully determined by the stream, whatever the JDK.
    double u1 = r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  static double lognormal(SplittableRandom r, double median, double sigma) {
    return median * Math.exp(sigma * gaussian(r));
  }

  static <T> T pick(SplittableRandom r, T[] values) {
    return values[r.nextInt(values.length)];
  }

  static <T> T pick(SplittableRandom r, java.util.List<T> values) {
    return values.get(r.nextInt(values.size()));
  }

  static int clamp(long v, int lo, int hi) {
    return (int) Math.max(lo, Math.min(hi, v));
  }
}
