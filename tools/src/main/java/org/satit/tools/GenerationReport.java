package org.satit.tools;

import java.io.PrintWriter;
import java.util.Map;
import org.satit.ingest.source.EmisGenerator;
import org.satit.ingest.source.SourceLoader;

/** Prints what a generation produced and what it cost. */
final class GenerationReport {

  private GenerationReport() {
  }

  static void print(PrintWriter out, EmisGenerator.Options o, SourceLoader.Result r) {
    out.printf("generated %s scale (seed %d, AY %d-%d):%n", o.scale().name().toLowerCase(), o.seed(), o.firstYear(),
        o.lastYear());
    for (Map.Entry<String, Long> e : r.rows().entrySet()) {
      out.printf("  %-18s %,14d rows%n", e.getKey(), e.getValue());
    }
    out.printf("  %-18s %,14d rows in %.1f s = %,.0f rows/s; peak heap %,d MiB%n", "total", r.totalRows(),
        r.elapsed().toMillis() / 1000.0, r.rowsPerSecond(), r.peakHeapBytes() / (1024 * 1024));
    out.flush();
  }
}
